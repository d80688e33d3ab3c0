-- The raw record (JSON text) is only built for quarantined rows: at millions of events it
-- is the costliest expression here, and only the quarantine needs it.
{% set raw_columns = ['event_id', 'lead_id', 'anonymous_id', 'event_type', 'occurred_at', 'url',
                      'content_id', 'campaign_id'] %}

with

source as (
    select * from {{ source('raw', 'events') }}
),

leads as (
    select * from {{ ref('base_raw__leads') }}
),

identities as (
    select * from {{ ref('base_raw__identities') }}
),

event_types as (
    select * from {{ ref('event_types') }}
),

cleaned as (
    select
        {% for column in raw_columns -%}
            {{ column }} as raw_{{ column }},
        {% endfor -%}
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('lead_id') }} as lead_id,
        {{ clean_text('anonymous_id') }} as anonymous_id,
        {{ clean_lower('event_type') }} as event_type,
        {{ parse_timestamp('occurred_at') }} as occurred_at,
        {{ clean_text('url') }} as url,
        {{ clean_text('content_id') }} as content_id,
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ is_unparseable_timestamp('occurred_at') }} as has_invalid_timestamp
    from source
),

lead_status as (
    {{ lead_key_status('leads') }}
),

-- Visitors who turned out to be an erased lead: their anonymous history goes with them.
erased_visitors as (
    select distinct anonymous_id
    from identities
    where is_erased and anonymous_id is not null
),

checked as (
    select
        cleaned.*,
        (
            coalesce(lead_status.is_erased, false)
            or erased_visitors.anonymous_id is not null
        ) as is_erased,
        case
            when cleaned.event_id is null then 'missing_key'
            when cleaned.lead_id is null and cleaned.anonymous_id is null then 'missing_required'
            when cleaned.event_type is null then 'missing_required'
            when cleaned.has_invalid_timestamp then 'invalid_timestamp'
            when cleaned.occurred_at is null then 'missing_required'
            when cleaned.occurred_at > {{ build_started_at() }} then 'future_timestamp'
            when known_types.event_type is null then 'unknown_event_type'
            else {{ lead_reference_problem('cleaned.lead_id') }}
        end as rejection_reason
    from cleaned
    left join lead_status
        on cleaned.lead_id = lead_status.lead_id
    left join erased_visitors
        on cleaned.anonymous_id = erased_visitors.anonymous_id
    left join event_types as known_types
        on cleaned.event_type = known_types.event_type
),

-- Events are immutable: of several copies of one event_id the earliest is kept.
ranked as (
    select
        *,
        {{ version_rank(
            'event_id',
            'occurred_at asc, lead_id, anonymous_id, event_type, url, content_id, campaign_id'
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
        'events' as source_table,
        event_id as record_key,
        case
            when disposition = 'quarantined'
                then {{ raw_record(raw_columns, prefix='raw_') }}
        end as raw_record,
        event_id,
        lead_id,
        anonymous_id,
        event_type,
        occurred_at,
        url,
        content_id,
        campaign_id,
        is_erased,
        rejection_reason,
        version_rank,
        disposition,
        quarantine_reason
    from disposed
)

select * from final
