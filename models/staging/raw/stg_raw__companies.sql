with

validated as (
    select * from {{ ref('base_raw__companies') }}
),

final as (
    select
        company_id,
        name as company_name,
        domain,
        industry,
        country,
        cast(employee_count as {{ dbt.type_bigint() }}) as employee_count,
        cast(annual_revenue as {{ type_double() }}) as annual_revenue,
        created_at,
        updated_at
    from validated
    where disposition = 'staged'
)

select * from final
