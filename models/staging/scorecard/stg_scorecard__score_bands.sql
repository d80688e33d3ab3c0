-- depends_on: {{ ref('base_scorecard__problems') }}
with

source as (
    select * from {{ ref('score_bands') }}
),

final as (
    select
        {{ normalise_lower('scoring_model_id') }} as scoring_model_id,
        {{ normalise_lower('dimension') }} as dimension,
        upper({{ normalise_text('band') }}) as band,
        {{ seed_number(normalise_text('lower_bound')) }} as lower_bound,
        {{ seed_number(normalise_text('upper_bound')) }} as upper_bound
    from source
)

select * from final
