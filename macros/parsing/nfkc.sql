{#- Unicode NFKC of a text value, per engine (Spark has no NFKC function: there the loader's
    input is taken as it comes, and steps 2-4 still apply). -#}
{% macro nfkc(expr) -%}
    {{ return(adapter.dispatch('nfkc', 'leadscore')(expr)) }}
{%- endmacro %}


{% macro default__nfkc(expr) -%}
    {{ expr }}
{%- endmacro %}


{% macro duckdb__nfkc(expr) -%}
    leadscore_nfkc({{ expr }})
{%- endmacro %}


{% macro postgres__nfkc(expr) -%}
    normalize({{ expr }}, nfkc)
{%- endmacro %}
