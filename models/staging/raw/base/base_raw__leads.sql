with

source as (
    select * from {{ source('raw', 'leads') }}
),

erasure_requests as (
    select * from {{ ref('base_raw__erasure_requests') }}
),

cleaned as (
    select
        {{ raw_record(['lead_id', 'email', 'first_name', 'last_name', 'job_title', 'department',
                       'seniority', 'country', 'company_id', 'company_name', 'lead_source',
                       'created_at', 'updated_at']) }} as raw_record,
        {{ clean_text('lead_id') }} as lead_id,
        {{ normalise_email('email') }} as email,
        {{ dbt.hash(normalise_email('email')) }} as email_hash,
        {{ clean_text('first_name') }} as first_name,
        {{ clean_text('last_name') }} as last_name,
        {{ clean_text('job_title') }} as job_title,
        {{ clean_lower('department') }} as department,
        {{ clean_lower('seniority') }} as seniority,
        upper({{ clean_text('country') }}) as country,
        {{ clean_text('company_id') }} as company_id,
        {{ clean_text('company_name') }} as company_name,
        {{ clean_lower('lead_source') }} as lead_source,
        {{ parse_timestamp('created_at') }} as created_at,
        {{ parse_timestamp('updated_at') }} as updated_at,
        {{ is_unparseable_timestamp('created_at') }}
        or {{ is_unparseable_timestamp('updated_at') }} as has_invalid_timestamp
    from source
),

checked as (
    select
        *,
        case
            when lead_id is null then 'missing_key'
            when email is not null and not {{ is_valid_email('email') }} then 'malformed_email'
            when has_invalid_timestamp then 'invalid_timestamp'
        end as rejection_reason
    from cleaned
),

-- A lead is erased with every version of it, whichever version carried the email.
erased_leads as (
    select distinct checked.lead_id
    from checked
    inner join erasure_requests
        on checked.email_hash = erasure_requests.email_hash
    where
        checked.lead_id is not null
        and erasure_requests.disposition = 'staged'
),

ranked as (
    select
        checked.*,
        (
            erased_leads.lead_id is not null
            or checked.email_hash in (
                select erasure_requests.email_hash from erasure_requests
                where erasure_requests.disposition = 'staged'
            )
        ) as is_erased,
        {{ version_rank(
            'checked.lead_id',
            'coalesce(checked.updated_at, checked.created_at) desc nulls last, checked.raw_record'
        ) }} as version_rank
    from checked
    left join erased_leads
        on checked.lead_id = erased_leads.lead_id
),

final as (
    select
        'leads' as source_table,
        lead_id as record_key,
        {{ unless_erased('raw_record') }} as raw_record,
        lead_id,
        {{ unless_erased('email') }} as email,
        email_hash,
        case when email is not null and not is_erased then {{ email_domain('email') }} end as email_domain,
        {{ unless_erased('first_name') }} as first_name,
        {{ unless_erased('last_name') }} as last_name,
        {{ unless_erased('job_title') }} as job_title,
        department,
        seniority,
        country,
        company_id,
        {{ unless_erased('company_name') }} as company_name,
        lead_source,
        created_at,
        updated_at,
        is_erased,
        rejection_reason,
        version_rank,
        {{ disposition_columns('is_erased') }}
    from ranked
)

select * from final
