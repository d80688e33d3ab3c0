-- Each lead with the company it belongs to: by company_id when that company is staged,
-- else by email domain = company domain, never for free-mail domains (SPEC section 4).
with

leads as (
    select * from {{ ref('stg_raw__leads') }}
),

companies as (
    select * from {{ ref('stg_raw__companies') }}
),

free_mail_domains as (
    select * from {{ ref('stg_scorecard__free_mail_domains') }}
),

-- A domain shared by several companies in the CRM is claimed by the lowest company_id.
company_domains as (
    select
        companies.domain,
        min(companies.company_id) as company_id
    from companies
    left join free_mail_domains
        on companies.domain = free_mail_domains.domain
    where companies.domain is not null and free_mail_domains.domain is null
    group by companies.domain
),

matched as (
    select
        leads.*,
        free_mail_domains.domain is not null as is_free_mail,
        by_id.company_id as company_id_by_id,
        case when free_mail_domains.domain is null then by_domain.company_id end as company_id_by_domain
    from leads
    left join free_mail_domains
        on leads.email_domain = free_mail_domains.domain
    left join companies as by_id
        on leads.company_id = by_id.company_id
    left join company_domains as by_domain
        on leads.email_domain = by_domain.domain
),

final as (
    select
        lead_id,
        coalesce(company_id_by_id, company_id_by_domain) as company_id,
        company_id as source_company_id,
        case
            when company_id_by_id is not null then 'company_id'
            when company_id_by_domain is not null then 'email_domain'
        end as company_match_method,
        email,
        email_domain,
        first_name,
        last_name,
        job_title,
        department,
        seniority,
        country,
        company_name as typed_company_name,
        lead_source,
        is_free_mail,
        created_at,
        updated_at
    from matched
)

select * from final
