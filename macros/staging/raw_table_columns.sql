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


{#- Every contract and custom column of the table, checked, with its issue: `<column>,
    <column>__issue`. With erased (a boolean expression), an erased row keeps only its key. -#}
{% macro checked_raw_columns(table, erased=none) -%}
    {%- for column in raw_contract_columns(table) %}
    {% if erased is none or column.key -%}
    {{ column.name }},
    {{ column.name }}__issue{{ ',' if not loop.last }}
    {%- else -%}
    case when not {{ erased }} then {{ column.name }} end as {{ column.name }},
    case when not {{ erased }} then {{ column.name }}__issue end as {{ column.name }}__issue{{ ',' if not loop.last }}
    {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- An order over the raw text of every column: the last tie-breaker that makes a choice
    among copies of one key total (and so the same on every engine). -#}
{% macro raw_row_order(table) -%}
    {%- for name in raw_relation_columns(table) -%}
        {{ adapter.quote('raw__' ~ name) }} asc nulls last{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
