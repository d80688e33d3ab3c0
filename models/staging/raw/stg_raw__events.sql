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
