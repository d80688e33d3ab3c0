with

validated as (
    select * from {{ ref('base_raw__sales_activities') }}
),

final as (
    select
        activity_id,
        lead_id,
        activity_type,
        occurred_at
    from validated
    where disposition = 'staged'
)

select * from final
