{#- The columns the raw table really has, lower-cased (a loader may add any). -#}
{% macro raw_relation_columns(table) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set relation = source('raw', table) -%}
    {{ return(adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list) }}
{%- endmacro %}
