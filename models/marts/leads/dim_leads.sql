-- One row per staged lead for BI: who (role, not identity), which company, how far along.
-- Names and the email address stay out: BI needs to count and segment leads, and sales
-- reaches a person in the CRM by lead_id. The email survives only as a hash (to join
-- other hashed lists) and its domain.
with

leads as (
    select * from {{ ref('int_leads_with_company') }}
),

companies as (
    select * from {{ ref('stg_raw__companies') }}
),

milestones as (
    select * from {{ ref('int_lead_milestones') }}
),

furthest as (
    select
        lead_id,
        max(case lifecycle_stage
            when 'customer' then 7 when 'opportunity' then 6 when 'sql' then 5
            when 'recycled' then 4 when 'mql' then 3 when 'disqualified' then 2 else 1
        end) as stage_rank,
        min(mql_at) as first_mql_at
    from milestones
    group by lead_id
),

final as (
    select
        leads.lead_id,
        leads.company_id,
        coalesce(companies.company_name, leads.typed_company_name) as company_name,
        leads.company_match_method,
        case when leads.email is not null then {{ dbt.hash('leads.email') }} end as email_hash,
        leads.email_domain,
        leads.is_free_mail,
        leads.job_title,
        leads.department,
        leads.seniority,
        leads.country,
        leads.lead_source,
        case furthest.stage_rank
            when 7 then 'customer' when 6 then 'opportunity' when 5 then 'sql'
            when 4 then 'recycled' when 3 then 'mql' when 2 then 'disqualified' else 'lead'
        end as lifecycle_stage,
        furthest.first_mql_at,
        leads.created_at
    from leads
    left join companies
        on leads.company_id = companies.company_id
    left join furthest
        on leads.lead_id = furthest.lead_id
)

select * from final
