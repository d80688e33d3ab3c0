with

validated as (
    select * from {{ ref('base_raw__leads') }}
),

final as (
    select
        lead_id,
        company_id,
        email,
        email_domain,
        first_name,
        last_name,
        job_title,
        department,
        seniority,
        country,
        company_name,
        lead_source,
        created_at,
        updated_at
    from validated
    where disposition = 'staged'
)

select * from final
