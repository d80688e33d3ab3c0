{{ config(materialized='view') }}

-- A view: the staged rows of base_raw__events, read once by int_events_attributed; storing
-- them again (millions of rows) cost more than the one read of the base table it saves.
with

validated as (
    select * from {{ ref('base_raw__events') }}
),

final as (
    select
        event_id,
        lead_id,
        anonymous_id,
        content_id,
        campaign_id,
        event_type,
        url,
        occurred_at
    from validated
    where disposition = 'staged'
)

select * from final
