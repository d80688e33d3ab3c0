with

source as (
    select * from {{ source('raw', 'identities') }}
),

leads as (
    select * from {{ ref('base_raw__leads') }}
),

cleaned as (
    select
        {{ raw_record(['anonymous_id', 'lead_id', 'identified_at']) }} as raw_record,
        {{ clean_text('anonymous_id') }} as anonymous_id,
        {{ clean_text('lead_id') }} as lead_id,
        {{ parse_timestamp('identified_at') }} as identified_at,
        {{ is_unparseable_timestamp('identified_at') }} as has_invalid_timestamp
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
            when cleaned.anonymous_id is null or cleaned.lead_id is null then 'missing_key'
            when cleaned.has_invalid_timestamp then 'invalid_timestamp'
            when cleaned.identified_at is null then 'missing_required'
            when cleaned.identified_at > {{ build_started_at() }} then 'future_timestamp'
            else {{ lead_reference_problem('cleaned.lead_id') }}
        end as rejection_reason
    from cleaned
    left join lead_status
        on cleaned.lead_id = lead_status.lead_id
),

-- A visitor is one person: the first identification wins.
ranked as (
    select
        *,
        {{ version_rank('anonymous_id', 'identified_at asc, lead_id') }} as version_rank
    from checked
),

final as (
    select
        'identities' as source_table,
        anonymous_id as record_key,
        {{ unless_erased('raw_record') }} as raw_record,
        anonymous_id,
        lead_id,
        identified_at,
        is_erased,
        rejection_reason,
        version_rank,
        {{ disposition_columns('is_erased') }}
    from ranked
)

select * from final
