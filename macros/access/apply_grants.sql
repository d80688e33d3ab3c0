{#- DuckDB has no roles: the marts' grants (for PostgreSQL) are nothing to apply there, and
    dbt-duckdb's warning about it on every build would only be noise. -#}
{% macro duckdb__apply_grants(relation, grant_config, should_revoke=True) -%}
{%- endmacro %}
