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
