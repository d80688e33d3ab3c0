{#- Written after a CTE's `as`, to choose whether the engine keeps one copy of a CTE read more
    than once. DuckDB and PostgreSQL take the keyword; Spark inlines CTEs itself and has no such
    keyword, so there both are empty.

    not_materialized()  inlined where it is read, so each reader's filters reach its source;
    materialized()      computed once and kept (a small result that is costly to compute). -#}
{% macro not_materialized() -%}
    {{ return(cte_materialization('not materialized')) }}
{%- endmacro %}


{% macro materialized() -%}
    {{ return(cte_materialization('materialized')) }}
{%- endmacro %}


{% macro cte_materialization(keyword) -%}
    {{ return(adapter.dispatch('cte_materialization', 'leadscore')(keyword)) }}
{%- endmacro %}


{% macro default__cte_materialization(keyword) -%}
    {{ keyword }}
{%- endmacro %}


{% macro spark__cte_materialization(keyword) -%}
{%- endmacro %}
