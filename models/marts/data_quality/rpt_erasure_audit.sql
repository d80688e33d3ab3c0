-- Proof that each erasure request was carried out, holding nothing but the email's hash.
with

erasure_requests as (
    select * from {{ ref('stg_raw__erasure_requests') }}
),

dispositions as (
    select * from {{ ref('int_raw_row_dispositions') }}
    where source_table = 'leads' and disposition = 'erased'
),

-- The leads a request matched, by any version of them that carried the email.
matched_leads as (
    select distinct
        erased_email_hash as email_hash,
        record_key as lead_id
    from dispositions
    where erased_email_hash is not null and record_key is not null
),

erased_lead_rows as (
    select
        record_key as lead_id,
        count(*) as raw_rows
    from dispositions
    where record_key is not null
    group by record_key
),

erased_per_request as (
    select
        matched_leads.email_hash,
        count(*) as leads_erased,
        sum(erased_lead_rows.raw_rows) as lead_rows_erased
    from matched_leads
    inner join erased_lead_rows
        on matched_leads.lead_id = erased_lead_rows.lead_id
    group by matched_leads.email_hash
),

final as (
    select
        erasure_requests.email_hash,
        erasure_requests.requested_at,
        coalesce(erased_per_request.leads_erased, 0) as leads_erased,
        cast(coalesce(erased_per_request.lead_rows_erased, 0) as {{ dbt.type_bigint() }})
            as lead_rows_erased,
        coalesce(erased_per_request.leads_erased, 0) > 0 as has_matched_lead
    from erasure_requests
    left join erased_per_request
        on erasure_requests.email_hash = erased_per_request.email_hash
)

select * from final
