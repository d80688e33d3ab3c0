{#- Written after a CTE's `as`: the engine computes the CTE once and keeps it, however many
    readers it has (a small result that is costly to compute). Spark has no such keyword. -#}
{% macro materialized() -%}
    {{ return(adapter.dispatch('materialized', 'leadscore')()) }}
{%- endmacro %}


{% macro default__materialized() -%}
    materialized
{%- endmacro %}


{% macro spark__materialized() -%}
{%- endmacro %}
