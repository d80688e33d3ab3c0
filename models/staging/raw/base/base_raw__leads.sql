-- depends_on: {{ ref('country_names') }}, {{ ref('stg_scorecard__fit_attributes') }}
-- depends_on: {{ ref('base_raw__companies') }}
-- A lead is quarantined only without a key: a bad optional value (a malformed email, an
-- unreadable date, an unknown country) is nulled and reported, and the lead is staged.
with

-- version_ranks reads checked twice and erased_leads once more; checked and source are inlined
-- each time, so that each reader's filter reaches the raw table (see base_raw__events).
{{ raw_rows_with_copies('leads', 'lead_id') }},

erasure_requests as (
    select * from {{ ref('base_raw__erasure_requests') }}
    where disposition = 'staged'
),

{{ read_raw_table('leads', carry=['key_has_copies']) }},

checked as {{ not_materialized() }} (
    select
        *,
        -- Matched as normalised text, well-formed or not (see base_raw__erasure_requests).
        {{ dbt.hash('email__text') }} as email_hash,
        contract_rejection as rejection_reason
    from raw_checked
),

-- A lead is erased with every version of it, whichever version carried the email.
erased_leads as (
    select distinct checked.lead_id
    from checked
    inner join erasure_requests
        on checked.email_hash = erasure_requests.email_hash
    where checked.lead_id is not null
),

-- The latest usable version of a lead wins.
versioned as (
    {{ version_ranks(
        'checked', 'lead_id', 'coalesce(updated_at, created_at) desc nulls last, ' ~ raw_row_order('leads')
    ) }}
),

ranked as (
    select
        versioned.*,
        (
            erased_leads.lead_id is not null
            or coalesce(
                versioned.email_hash in (select erasure_requests.email_hash from erasure_requests), false
            )
        ) as is_erased
    from versioned
    left join erased_leads
        on versioned.lead_id = erased_leads.lead_id
),

disposed as (
    select
        *,
        {{ disposition_columns('is_erased') }}
    from ranked
),

-- An erased row keeps its key (to erase the lead's other rows and count the erasure) and the
-- email hash (the proof), nothing else.
final as (
    select
        'leads' as source_table,
        lead_id__text as record_key,
        case
            when not is_erased and (disposition = 'quarantined' or has_field_issues)
                then {{ raw_record_of('leads') }}
        end as raw_record,
        email_hash,
        case when not is_erased then {{ email_domain('email') }} end as email_domain,
        {{ checked_raw_columns('leads', erased='is_erased') }},
        has_field_issues and not is_erased as has_field_issues,
        is_erased,
        rejection_reason,
        version_rank,
        disposition,
        quarantine_reason
    from disposed
)

select * from final
