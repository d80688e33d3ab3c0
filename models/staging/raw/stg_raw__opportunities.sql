with

validated as (
    select * from {{ ref('base_raw__opportunities') }}
),

final as (
    select
        opportunity_id,
        company_id,
        lead_id,
        proposition,
        stage,
        amount,
        is_won,
        is_lead_erased,
        created_at,
        closed_at
    from validated
    where disposition = 'staged'
)

select * from final
