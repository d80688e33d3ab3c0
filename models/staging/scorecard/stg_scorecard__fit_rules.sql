-- depends_on: {{ ref('base_scorecard__problems') }}
with

source as (
    select * from {{ ref('fit_rules') }}
),

final as (
    select
        {{ normalise_text('rule_id') }} as rule_id,
        {{ normalise_lower('scoring_model_id') }} as scoring_model_id,
        {{ normalise_lower('attribute') }} as attribute,
        {{ normalise_lower('operator') }} as operator,
        -- Lists are compared item by item: "a | b" and "a|b" mean the same. A regular expression
        -- is kept as written and matched ignoring case (lower-casing it would turn \S into \s).
        case
            when {{ normalise_lower('operator') }} = 'regex' then {{ normalise_text('value') }}
            else {{ regex_replace_all(normalise_lower('value'), "' *[|] *'", "'|'") }}
        end as rule_value,
        {{ seed_number(normalise_text('value')) }} as value_number,
        {{ seed_number(normalise_text('value_to')) }} as value_to_number,
        {{ seed_number(normalise_text('points')) }} as points,
        {{ normalise_text('description') }} as rule_description
    from source
)

select * from final
