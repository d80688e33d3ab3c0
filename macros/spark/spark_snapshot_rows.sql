{#- The rows a snapshot holds after dbt-spark's MERGE of a staging table (snapshot_spark): every
    row, with dbt_valid_to set on the current rows an update or delete closes, and the inserts. -#}
{% macro spark_snapshot_rows(target_relation, staging_table, columns) -%}
    {%- set names = adapter.get_columns_in_relation(target_relation) | map(attribute='name') | list -%}
    {%- set valid_to = columns.dbt_valid_to -%}
    {%- set scd_id = columns.dbt_scd_id -%}
    select
        {%- for name in names %}
        {%- if name == valid_to %}
        coalesce(closing.{{ valid_to }}, snapshotted.{{ valid_to }}) as {{ valid_to }}
        {%- else %}
        snapshotted.{{ adapter.quote(name) }}
        {%- endif %}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ target_relation }} as snapshotted
    left join (
        select {{ scd_id }}, {{ valid_to }} from {{ staging_table }}
        where dbt_change_type in ('update', 'delete')
    ) as closing
        on snapshotted.{{ scd_id }} = closing.{{ scd_id }}
        {%- if config.get('dbt_valid_to_current') %}
        and (snapshotted.{{ valid_to }} = {{ config.get('dbt_valid_to_current') }} or snapshotted.{{ valid_to }} is null)
        {%- else %}
        and snapshotted.{{ valid_to }} is null
        {%- endif %}
    union all
    select
        {%- for name in names %}
        {{ adapter.quote(name) }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ staging_table }}
    where dbt_change_type = 'insert'
{%- endmacro %}
