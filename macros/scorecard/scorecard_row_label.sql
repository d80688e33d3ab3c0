{#- "seed id" for messages, "(no id)" when the id is empty. -#}
{% macro scorecard_row_label(seed, key_expr) -%}
    {{ dbt.concat(["'" ~ seed ~ " '", "coalesce(" ~ key_expr ~ ", '(no id)')"]) }}
{%- endmacro %}
