{#- Normalised and lower-cased: codes, categories, emails, domains. -#}
{% macro normalise_lower(expr) -%}
    lower({{ normalise_text(expr) }})
{%- endmacro %}
