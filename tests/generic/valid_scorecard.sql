{#- The scorecard seed tests: a malformed scorecard fails `dbt build` here, before anything
    is scored, with every problem named (see macros/scorecard/scorecard_problems.sql). -#}

{% test valid_fit_rules(model, engagement_rules, scoring_models, fit_attributes, rule_operators) %}
    {{ scorecard_check(model, fit_rules_problems(model, engagement_rules, scoring_models, fit_attributes, rule_operators)) }}
{% endtest %}

{% test valid_engagement_rules(model, scoring_models, event_types, content_catalog) %}
    {{ scorecard_check(model, engagement_rules_problems(model, scoring_models, event_types, content_catalog)) }}
{% endtest %}

{% test valid_scoring_models(model) %}
    {{ scorecard_check(model, scoring_models_problems(model)) }}
{% endtest %}

{% test valid_score_bands(model, scoring_models) %}
    {{ scorecard_check(model, score_bands_problems(model, scoring_models)) }}
{% endtest %}

{% test valid_buyer_stages(model, scoring_models, content_catalog) %}
    {{ scorecard_check(model, buyer_stages_problems(model, scoring_models, content_catalog)) }}
{% endtest %}
