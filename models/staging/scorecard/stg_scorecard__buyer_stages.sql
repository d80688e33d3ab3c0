-- depends_on: {{ ref('base_scorecard__problems') }}
with

source as (
    select * from {{ ref('buyer_stages') }}
),

final as (
    select
        {{ normalise_lower('scoring_model_id') }} as scoring_model_id,
        {{ normalise_lower('buyer_stage') }} as buyer_stage,
        {{ normalise_text('description') }} as buyer_stage_description,
        {{ seed_whole_number(normalise_text('stage_order')) }} as stage_order,
        {{ seed_number(normalise_text('entry_points')) }} as entry_points
    from source
)

select * from final
