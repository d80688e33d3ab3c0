-- Every fit rule that matches a lead, per scoring model. A rule for "all" models is
-- expanded to each model.
with

attributes as (
    select * from {{ ref('int_lead_attributes') }}
),

rules as (
    select * from {{ ref('stg_scorecard__fit_rules') }}
),

scoring_models as (
    select * from {{ ref('stg_scorecard__scoring_models') }}
),

rules_by_model as (
    select
        scoring_models.scoring_model_id,
        rules.rule_id,
        rules.attribute,
        rules.operator,
        rules.rule_value,
        rules.value_number,
        rules.value_to_number,
        rules.points
    from rules
    inner join scoring_models
        on rules.scoring_model_id = scoring_models.scoring_model_id
        or rules.scoring_model_id = 'all'
),

matches as (
    select
        attributes.lead_id,
        rules_by_model.scoring_model_id,
        rules_by_model.rule_id,
        rules_by_model.attribute,
        attributes.text_value as attribute_value,
        rules_by_model.points
    from attributes
    inner join rules_by_model
        on attributes.attribute = rules_by_model.attribute
    where {{ rule_matches(
        operator='rules_by_model.operator',
        value='rules_by_model.rule_value',
        subject='attributes.text_value',
        value_number='rules_by_model.value_number',
        value_to='rules_by_model.value_to_number',
        subject_number='attributes.number_value'
    ) }}
)

select * from matches
