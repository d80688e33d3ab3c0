{#- An order over the raw text of every column: the last tie-breaker that makes a choice
    among copies of one key total (and so the same on every engine). -#}
{% macro raw_row_order(table) -%}
    {%- for name in raw_relation_columns(table) -%}
        {{ adapter.quote('raw__' ~ name) }} asc nulls last{{ ', ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
