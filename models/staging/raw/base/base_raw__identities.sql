with

source as (
    select * from {{ source('raw', 'identities') }}
),

leads as (
    select * from {{ ref('base_raw__leads') }}
),

{{ read_raw_table('identities') }},

lead_status as (
    {{ lead_key_status('leads') }}
),

checked as (
    select
        raw_checked.*,
        coalesce(lead_status.is_erased, false) as is_erased,
        coalesce(
            raw_checked.contract_rejection,
            {{ lead_reference_problem('raw_checked.lead_id') }}
        ) as rejection_reason
    from raw_checked
    left join lead_status
        on raw_checked.lead_id = lead_status.lead_id
),

-- A visitor is one person: the first identification wins.
ranked as (
    select
        *,
        {{ version_rank(
            'anonymous_id',
            'identified_at asc, ' ~ raw_row_order('identities')
        ) }} as version_rank
    from checked
),

disposed as (
    select
        *,
        {{ disposition_columns('is_erased') }}
    from ranked
),

final as (
    select
        'identities' as source_table,
        anonymous_id__text as record_key,
        case
            when not is_erased and (disposition = 'quarantined' or has_field_issues)
                then {{ raw_record_of('identities') }}
        end as raw_record,
        {{ checked_raw_columns('identities', erased='is_erased') }},
        has_field_issues,
        is_erased,
        rejection_reason,
        version_rank,
        disposition,
        quarantine_reason
    from disposed
)

select * from final
