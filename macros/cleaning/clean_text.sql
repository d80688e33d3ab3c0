{#- Trimmed text, with blanks as null. Every raw column goes through this first. -#}
{% macro clean_text(expr) -%}
    nullif(trim(cast({{ expr }} as {{ dbt.type_string() }})), '')
{%- endmacro %}

{#- Trimmed, lower-cased text (codes, categories, emails, domains). -#}
{% macro clean_lower(expr) -%}
    lower({{ clean_text(expr) }})
{%- endmacro %}
