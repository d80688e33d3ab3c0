-- depends_on: {{ ref('base_scorecard__problems') }}
with

source as (
    select * from {{ ref('event_types') }}
),

final as (
    select
        {{ normalise_lower('event_type') }} as event_type,
        {{ normalise_lower('category') }} as event_category,
        {{ normalise_text('description') }} as event_description
    from source
)

select * from final
