-- depends_on: {{ ref('base_raw__companies') }}
-- A deal is staged with or without a company (B2C and MQL-only funnels have none) and with
-- or without a contact; an unknown company is nulled and reported, an unknown contact
-- quarantines the deal (unknown_lead: load the lead and it comes back).
with

source as (
    select * from {{ source('raw', 'opportunities') }}
),

leads as (
    select * from {{ ref('base_raw__leads') }}
),

{{ read_raw_table('opportunities') }},

lead_status as (
    {{ lead_key_status('leads') }}
),

checked as (
    select
        raw_checked.*,
        coalesce(lead_status.is_erased, false) as is_lead_erased,
        coalesce(
            raw_checked.contract_rejection,
            {{ lead_reference_problem('raw_checked.lead_id') }}
        ) as rejection_reason
    from raw_checked
    left join lead_status
        on raw_checked.lead_id = lead_status.lead_id
),

-- The CRM re-sends a deal as it moves; its latest state wins.
ranked as (
    select
        *,
        {{ version_rank(
            'opportunity_id',
            'coalesce(closed_at, created_at) desc nulls last, ' ~ raw_row_order('opportunities')
        ) }} as version_rank
    from checked
),

disposed as (
    select
        *,
        {{ disposition_columns() }}
    from ranked
),

final as (
    select
        'opportunities' as source_table,
        opportunity_id__text as record_key,
        -- The deal's raw row stays; an erased contact's key in it does not.
        case
            when is_lead_erased and (disposition = 'quarantined' or has_field_issues)
                then {{ raw_record_of('opportunities', redacted=['lead_id']) }}
            when disposition = 'quarantined' or has_field_issues
                then {{ raw_record_of('opportunities') }}
        end as raw_record,
        {{ checked_raw_columns('opportunities') }},
        -- A deal belongs to the company: an erased contact is detached from it, the deal stays.
        case when not is_lead_erased then lead_id end as contact_lead_id,
        has_field_issues,
        is_lead_erased,
        rejection_reason,
        version_rank,
        disposition,
        quarantine_reason
    from disposed
)

select * from final
