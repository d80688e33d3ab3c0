-- One row per staged company: firmographics and the leads matched to it.
with

companies as (
    select * from {{ ref('stg_raw__companies') }}
),

leads as (
    select * from {{ ref('int_leads_with_company') }}
),

matched as (
    select
        company_id,
        count(*) as matched_leads,
        sum(case when company_match_method = 'company_id' then 1 else 0 end) as leads_matched_by_id,
        sum(case when company_match_method = 'email_domain' then 1 else 0 end) as leads_matched_by_domain
    from leads
    where company_id is not null
    group by company_id
),

final as (
    select
        companies.company_id,
        companies.company_name,
        companies.domain,
        companies.industry,
        companies.country,
        companies.employee_count,
        cast(companies.annual_revenue as {{ type_double() }}) as annual_revenue,
        cast(coalesce(matched.matched_leads, 0) as {{ dbt.type_bigint() }}) as matched_leads,
        cast(coalesce(matched.leads_matched_by_id, 0) as {{ dbt.type_bigint() }}) as leads_matched_by_id,
        cast(coalesce(matched.leads_matched_by_domain, 0) as {{ dbt.type_bigint() }})
            as leads_matched_by_domain,
        companies.created_at
    from companies
    left join matched
        on companies.company_id = matched.company_id
)

select * from final
