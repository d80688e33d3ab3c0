with

validated as (
    select * from {{ ref('base_raw__companies') }}
),

final as (
    select
        company_id,
        company_name,
        domain,
        industry,
        country,
        employee_count,
        annual_revenue,
        created_at,
        updated_at
    from validated
    where disposition = 'staged'
)

select * from final
