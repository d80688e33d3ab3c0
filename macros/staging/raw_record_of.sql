{#- The rest of what read_raw_table gives a base_raw__ model. -#}

{#- The row as it arrived (every column the raw table has, custom ones included) as JSON;
    the columns named in `redacted` are kept as null (an erased person's key). -#}
{% macro raw_record_of(table, redacted=[]) -%}
    {%- set fields = [] -%}
    {%- for name in raw_relation_columns(table) -%}
        {%- do fields.append((name, 'null' if name in redacted else adapter.quote('raw__' ~ name))) -%}
    {%- endfor -%}
    {%- if fields | length == 0 -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        {{ raw_record(fields) }}
    {%- endif -%}
{%- endmacro %}
