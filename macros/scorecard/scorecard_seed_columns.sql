{#- The columns a seed must have: the ones its yml documents (seeds/scorecard/_scorecard__seeds.yml). -#}
{% macro scorecard_seed_columns(seed) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {{ return(graph.nodes['seed.' ~ project_name ~ '.' ~ seed].columns.keys() | map('lower') | list) }}
{%- endmacro %}
