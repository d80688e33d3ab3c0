with

source as (
    select * from {{ ref('event_types') }}
),

final as (
    select
        {{ clean_lower('event_type') }} as event_type,
        {{ clean_lower('category') }} as event_category,
        {{ clean_text('description') }} as event_description
    from source
)

select * from final
