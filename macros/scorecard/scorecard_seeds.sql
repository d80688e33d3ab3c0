{#- The scorecard seeds, in the order their checks are reported. -#}
{% macro scorecard_seeds() -%}
    {{ return(['scoring_models', 'score_bands', 'fit_attributes', 'rule_operators', 'fit_rules',
               'event_types', 'content_catalog', 'engagement_rules', 'buyer_stages',
               'free_mail_domains']) }}
{%- endmacro %}
