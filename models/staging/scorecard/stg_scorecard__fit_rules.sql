with

source as (
    select * from {{ ref('fit_rules') }}
),

final as (
    select
        {{ clean_text('rule_id') }} as rule_id,
        {{ clean_lower('scoring_model_id') }} as scoring_model_id,
        {{ clean_lower('attribute') }} as attribute,
        {{ clean_lower('operator') }} as operator,
        -- Lists are compared item by item: "a | b" and "a|b" mean the same.
        {{ regex_replace_all(clean_lower('value'), "' *[|] *'", "'|'") }} as rule_value,
        {{ parse_number('value') }} as value_number,
        {{ parse_number('value_to') }} as value_to_number,
        {{ parse_number('points') }} as points,
        {{ clean_text('description') }} as rule_description
    from source
)

select * from final
