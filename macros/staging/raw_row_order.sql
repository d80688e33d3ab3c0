{#- An order over the raw text of every column: the last tie-breaker that makes a choice
    among copies of one key total (and so the same on every engine). -#}
{% macro raw_row_order(table) -%}
    {%- set names = raw_relation_columns(table) -%}
    {%- for name in names -%}
        {{ adapter.quote('raw__' ~ name) }} asc nulls last{{ ', ' if not loop.last }}
    {%- endfor -%}
    {#- No raw table yet (a compile or lint before the first load): a constant keeps the SQL whole. -#}
    {%- if names | length == 0 -%}1{%- endif -%}
{%- endmacro %}
