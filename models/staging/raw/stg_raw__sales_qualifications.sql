with

validated as (
    select * from {{ ref('base_raw__sales_qualifications') }}
),

final as (
    select
        qualification_id,
        lead_id,
        disqualified_reason,
        has_budget,
        has_authority,
        has_need,
        has_timeline,
        is_sales_accepted,
        assessed_at
    from validated
    where disposition = 'staged'
)

select * from final
