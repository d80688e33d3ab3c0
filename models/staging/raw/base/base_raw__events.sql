-- The raw record (JSON text) is only built for rows that need it: at millions of events it is
-- the costliest expression here, and only the quarantine and the field issues read it.
with

-- version_ranks reads checked twice; checked and source are inlined both times, so that each
-- reader's filter on key_has_copies reaches the raw table rather than a materialised copy.
{{ raw_rows_with_copies('events', 'event_id') }},

leads as (
    select * from {{ ref('base_raw__leads') }}
),

identities as (
    select * from {{ ref('base_raw__identities') }}
),

event_types as (
    select * from {{ ref('stg_scorecard__event_types') }}
),

{{ read_raw_table('events', carry=['key_has_copies']) }},

lead_status as (
    {{ lead_key_status('leads') }}
),

-- Visitors who turned out to be an erased lead: their anonymous history goes with them.
erased_visitors as (
    select distinct anonymous_id
    from identities
    where is_erased and anonymous_id is not null
),

checked as {{ not_materialized() }} (
    select
        raw_checked.*,
        (
            coalesce(lead_status.is_erased, false)
            or erased_visitors.anonymous_id is not null
        ) as is_erased,
        case
            when raw_checked.contract_rejection in ('missing_key', 'missing_required')
                then raw_checked.contract_rejection
            when raw_checked.lead_id is null and raw_checked.anonymous_id is null then 'missing_required'
            when raw_checked.contract_rejection is not null then raw_checked.contract_rejection
            when known_types.event_type is null then 'unknown_event_type'
            else {{ lead_reference_problem('raw_checked.lead_id') }}
        end as rejection_reason
    from raw_checked
    left join lead_status
        on raw_checked.lead_id = lead_status.lead_id
    left join erased_visitors
        on raw_checked.anonymous_id = erased_visitors.anonymous_id
    left join event_types as known_types
        on raw_checked.event_type = known_types.event_type
),

-- Events are immutable: of several copies of one event_id the earliest is kept.
ranked as (
    {{ version_ranks('checked', 'event_id', 'occurred_at asc, ' ~ raw_row_order('events')) }}
),

disposed as (
    select
        *,
        {{ disposition_columns('is_erased') }}
    from ranked
),

final as (
    select
        'events' as source_table,
        event_id__text as record_key,
        case
            when not is_erased and (disposition = 'quarantined' or has_field_issues)
                then {{ raw_record_of('events') }}
        end as raw_record,
        {{ checked_raw_columns('events', erased='is_erased') }},
        has_field_issues,
        is_erased,
        rejection_reason,
        version_rank,
        disposition,
        quarantine_reason
    from disposed
)

select * from final
