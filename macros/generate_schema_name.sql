{#- Models land in the schema their folder names (staging, marts, ...), not in
    "<target schema>_<custom schema>": BI tools get stable, readable schema names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
