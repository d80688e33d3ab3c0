{#- dbt-spark's snapshot materialization refuses plain Parquet tables: it needs MERGE, which only
    delta, iceberg and hudi tables have. This is the same materialization with one difference:
    on any other file format the snapshot is rewritten (spark_rewrite_table) with the rows the
    MERGE would leave — current rows the staging table closes get its dbt_valid_to, and its
    inserts are added. On delta, iceberg and hudi it merges as dbt-spark does. -#}
{% materialization snapshot, adapter='spark' %}

    {%- set target_table = model.get('alias', model.get('name')) -%}
    {%- set strategy_name = config.get('strategy') -%}
    {%- set file_format = config.get('file_format') or 'parquet' -%}
    {%- set grant_config = config.get('grants') -%}

    {% set target_relation_exists, target_relation = get_or_create_relation(
        database=none,
        schema=model.schema,
        identifier=target_table,
        type='table') -%}

    {% if not adapter.check_schema_exists(model.database, model.schema) %}
        {% do create_schema(model.schema) %}
    {% endif %}

    {%- if not target_relation.is_table -%}
        {% do exceptions.relation_wrong_type(target_relation, 'table') %}
    {%- endif -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {% set strategy_macro = strategy_dispatch(strategy_name) %}
    {% set strategy = strategy_macro(model, "snapshotted_data", "source_data", model['config'], target_relation_exists) %}

    {% if not target_relation_exists %}

        {% set build_sql = build_snapshot_table(strategy, model['compiled_code']) %}
        {% set final_sql = create_table_as(False, target_relation, build_sql) %}

    {% else %}

        {% set columns = config.get("snapshot_table_column_names") or get_snapshot_table_column_names() %}
        {{ adapter.valid_snapshot_target(target_relation, columns) }}

        {% set staging_table = spark_build_snapshot_staging_table(strategy, sql, target_relation) %}
        {% set missing_columns = adapter.get_missing_columns(staging_table, target_relation)
            | rejectattr('name', 'equalto', 'dbt_change_type')
            | rejectattr('name', 'equalto', 'DBT_CHANGE_TYPE')
            | rejectattr('name', 'equalto', 'dbt_unique_key')
            | rejectattr('name', 'equalto', 'DBT_UNIQUE_KEY')
            | list %}
        {% do create_columns(target_relation, missing_columns) %}

        {% if file_format in ['delta', 'iceberg', 'hudi'] %}
            {% set source_columns = adapter.get_columns_in_relation(staging_table)
                | rejectattr('name', 'equalto', 'dbt_change_type')
                | rejectattr('name', 'equalto', 'DBT_CHANGE_TYPE')
                | rejectattr('name', 'equalto', 'dbt_unique_key')
                | rejectattr('name', 'equalto', 'DBT_UNIQUE_KEY')
                | list %}
            {% set quoted_source_columns = [] %}
            {% for column in source_columns %}
                {% do quoted_source_columns.append(adapter.quote(column.name)) %}
            {% endfor %}
            {% set final_sql = snapshot_merge_sql(
                target=target_relation, source=staging_table, insert_cols=quoted_source_columns) %}
        {% else %}
            {% do spark_rewrite_table(target_relation,
                spark_snapshot_rows(target_relation, staging_table, columns)) %}
            {% set final_sql = 'select 1' %}
        {% endif %}

    {% endif %}

    {% call statement('main') %}
        {{ final_sql }}
    {% endcall %}

    {% set should_revoke = should_revoke(target_relation_exists, full_refresh_mode) %}
    {% do apply_grants(target_relation, grant_config, should_revoke) %}
    {% do persist_docs(target_relation, model) %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}

    {% if staging_table is defined %}
        {% do post_snapshot(staging_table) %}
    {% endif %}

    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}
