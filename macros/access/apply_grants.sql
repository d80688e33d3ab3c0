{#- DuckDB has no roles: the marts' grants (for PostgreSQL) are nothing to apply there, and
    dbt-duckdb's warning about it on every build would only be noise. -#}
{% macro duckdb__apply_grants(relation, grant_config, should_revoke=True) -%}
{%- endmacro %}


{#- Spark: a local session has no access control (it does not even parse GRANT). On a cluster
    that has it (Databricks Unity Catalog, Hive authorization) set var spark_access_control
    and the marts are granted as on PostgreSQL. -#}
{% macro spark__apply_grants(relation, grant_config, should_revoke=True) -%}
    {%- if var('spark_access_control', false) -%}
        {{ return(dbt.default__apply_grants(relation, grant_config, should_revoke)) }}
    {%- endif -%}
{%- endmacro %}
