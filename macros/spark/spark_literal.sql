{#- A seed value as a Spark SQL literal: null, a number, a boolean, or quoted text with its
    backslashes and quotes escaped (Spark reads backslash escapes in string literals). -#}
{% macro spark_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is sameas true or value is sameas false -%}
        {{ 'true' if value else 'false' }}
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        '{{ (value | string).replace("\\", "\\\\").replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}
