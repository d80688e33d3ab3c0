with

source as (
    select * from {{ ref('scoring_models') }}
),

final as (
    select
        {{ clean_lower('scoring_model_id') }} as scoring_model_id,
        {{ clean_text('name') }} as scoring_model_name,
        {{ clean_text('description') }} as scoring_model_description,
        upper({{ clean_text('mql_min_grade') }}) as mql_min_grade,
        {{ clean_lower('decay_policy') }} as decay_policy,
        {{ parse_number('mql_threshold') }} as mql_threshold,
        case
            when {{ clean_lower('decay_policy') }} = 'half_life' then {{ parse_number('half_life_days') }}
        end as half_life_days,
        {{ parse_number('score_cap') }} as score_cap
    from source
)

select * from final
