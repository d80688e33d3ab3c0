{#- The domain of a well-formed email. -#}
{% macro email_domain(expr) -%}
    {{ dbt.split_part(expr, "'@'", 2) }}
{%- endmacro %}
