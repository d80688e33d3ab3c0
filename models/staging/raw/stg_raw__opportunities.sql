with

validated as (
    select * from {{ ref('base_raw__opportunities') }}
),

final as (
    select
        opportunity_id,
        company_id,
        contact_lead_id as lead_id,
        proposition,
        stage,
        cast(amount as {{ type_double() }}) as amount,
        is_won,
        is_lead_erased,
        created_at,
        closed_at
    from validated
    where disposition = 'staged'
)

select * from final
