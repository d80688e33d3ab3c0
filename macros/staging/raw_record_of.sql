{#- The rest of what read_raw_table gives a base_raw__ model. -#}

{#- The row as it arrived (every column the raw table has, custom ones included) as JSON. -#}
{% macro raw_record_of(table) -%}
    {%- set fields = [] -%}
    {%- for name in raw_relation_columns(table) -%}
        {%- do fields.append((name, adapter.quote('raw__' ~ name))) -%}
    {%- endfor -%}
    {%- if fields | length == 0 -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        {{ raw_record(fields) }}
    {%- endif -%}
{%- endmacro %}
