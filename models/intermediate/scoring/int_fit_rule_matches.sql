-- Every fit rule that matches a lead, per scoring model. A rule for "all" models is
-- expanded to each model. Whether a rule matches depends only on the attribute's value,
-- so rules are matched once per distinct value and joined back to the leads.
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
        on {{ rule_applies_to_model('rules.scoring_model_id', 'scoring_models.scoring_model_id') }}
),

attribute_values as (
    select distinct
        attribute,
        text_value,
        number_value
    from attributes
),

value_matches as (
    select
        attribute_values.attribute,
        attribute_values.text_value,
        rules_by_model.scoring_model_id,
        rules_by_model.rule_id,
        rules_by_model.points
    from attribute_values
    inner join rules_by_model
        on attribute_values.attribute = rules_by_model.attribute
    where {{ rule_matches(
        operator='rules_by_model.operator',
        value='rules_by_model.rule_value',
        subject='attribute_values.text_value',
        value_number='rules_by_model.value_number',
        value_to='rules_by_model.value_to_number',
        subject_number='attribute_values.number_value'
    ) }}
),

-- A number's text is its value, and a missing value is missing as text and number alike,
-- so (attribute, text) identifies the value.
final as (
    select
        attributes.lead_id,
        value_matches.scoring_model_id,
        value_matches.rule_id,
        value_matches.attribute,
        attributes.text_value as attribute_value,
        value_matches.points
    from attributes
    inner join value_matches
        on attributes.attribute = value_matches.attribute
            and coalesce(attributes.text_value, '') = coalesce(value_matches.text_value, '')
)

select * from final
