{#- Written after a CTE's `as`: the engine inlines the CTE where it is read, even when it is read
    more than once, so that each reader's filters reach its source. DuckDB and PostgreSQL would
    otherwise keep one materialised copy of it; Spark inlines CTEs itself and has no such
    keyword. -#}
{% macro not_materialized() -%}
    {{ return(adapter.dispatch('not_materialized', 'leadscore')()) }}
{%- endmacro %}


{% macro default__not_materialized() -%}
    not materialized
{%- endmacro %}


{% macro spark__not_materialized() -%}
{%- endmacro %}
