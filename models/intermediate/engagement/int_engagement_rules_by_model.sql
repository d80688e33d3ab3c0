-- Every engagement rule once per scoring model it applies to, with the half-life it decays by,
-- and the fingerprint of the whole set: int_event_rule_matches keeps its stored matches only
-- while the fingerprint is unchanged, so a scorecard edit re-matches history on the next
-- plain build.
{% set string_type = api.Column.translate_type('string') %}
{% set rule_columns = [
    'scoring_model_id', 'rule_id', 'event_type', 'content_id', 'url_pattern', 'content_type',
    'content_proposition', 'content_stage', 'points', 'max_occurrences', 'window_days',
    'half_life_days', 'priority', 'specificity', 'is_model_specific'
] %}

with

rules as (
    select * from {{ ref('stg_scorecard__engagement_rules') }}
),

scoring_models as (
    select * from {{ ref('stg_scorecard__scoring_models') }}
),

rules_by_model as (
    select
        scoring_models.scoring_model_id,
        rules.rule_id,
        rules.event_type,
        rules.content_id,
        rules.url_pattern,
        rules.content_type,
        rules.content_proposition,
        rules.content_stage,
        rules.points,
        rules.max_occurrences,
        rules.window_days,
        rules.priority,
        rules.specificity,
        rules.scoring_model_id <> 'all' as is_model_specific,
        -- A rule's half-life overrides the model's (0 = no decay).
        coalesce(rules.half_life_days, scoring_models.half_life_days) as half_life_days
    from rules
    inner join scoring_models
        on {{ rule_applies_to_model('rules.scoring_model_id', 'scoring_models.scoring_model_id') }}
),

-- Every column of every rule, as text, in one string; a null is written apart from any value.
rule_texts as (
    select
        {{ dbt.concat(column_texts(rule_columns, string_type)) }} as rule_text
    from rules_by_model
),

fingerprint as (
    select {{ dbt.hash(dbt.listagg('rule_text', "'\n'", 'order by rule_text')) }} as rules_fingerprint
    from rule_texts
),

final as (
    select
        rules_by_model.*,
        fingerprint.rules_fingerprint
    from rules_by_model
    cross join fingerprint
)

select * from final
