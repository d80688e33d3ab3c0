with

source as (
    select * from {{ source('raw', 'sales_activities') }}
),

leads as (
    select * from {{ ref('base_raw__leads') }}
),

cleaned as (
    select
        {{ raw_record(['activity_id', 'lead_id', 'activity_type', 'occurred_at']) }} as raw_record,
        {{ clean_text('activity_id') }} as activity_id,
        {{ clean_text('lead_id') }} as lead_id,
        {{ clean_lower('activity_type') }} as activity_type,
        {{ parse_timestamp('occurred_at') }} as occurred_at,
        {{ is_unparseable_timestamp('occurred_at') }} as has_invalid_timestamp
    from source
),

lead_status as (
    {{ lead_key_status('leads') }}
),

checked as (
    select
        cleaned.*,
        coalesce(lead_status.is_erased, false) as is_erased,
        case
            when cleaned.activity_id is null then 'missing_key'
            when cleaned.lead_id is null then 'missing_required'
            when cleaned.has_invalid_timestamp then 'invalid_timestamp'
            when cleaned.occurred_at is null then 'missing_required'
            when cleaned.occurred_at > {{ build_started_at() }} then 'future_timestamp'
            else {{ lead_reference_problem('cleaned.lead_id') }}
        end as rejection_reason
    from cleaned
    left join lead_status
        on cleaned.lead_id = lead_status.lead_id
),

-- A touch happens once: of several copies of one activity_id the earliest is kept.
ranked as (
    select
        *,
        {{ version_rank('activity_id', 'occurred_at asc, raw_record') }} as version_rank
    from checked
),

final as (
    select
        'sales_activities' as source_table,
        activity_id as record_key,
        {{ unless_erased('raw_record') }} as raw_record,
        activity_id,
        lead_id,
        activity_type,
        occurred_at,
        is_erased,
        rejection_reason,
        version_rank,
        {{ disposition_columns('is_erased') }}
    from ranked
)

select * from final
