{#- A rule belongs to its own scoring model, or to every model when it names "all". -#}
{% macro rule_applies_to_model(rule_model, scoring_model) -%}
    ({{ rule_model }} = {{ scoring_model }} or {{ rule_model }} = 'all')
{%- endmacro %}
