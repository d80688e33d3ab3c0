{#- A 64-bit float on every engine (type_double() is 32-bit on DuckDB). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'leadscore')()) }}
{%- endmacro %}


{% macro default__type_double() -%}
    double precision
{%- endmacro %}


{% macro duckdb__type_double() -%}
    double
{%- endmacro %}


{% macro spark__type_double() -%}
    double
{%- endmacro %}
