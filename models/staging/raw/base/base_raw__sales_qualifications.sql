with

source as (
    select * from {{ source('raw', 'sales_qualifications') }}
),

leads as (
    select * from {{ ref('base_raw__leads') }}
),

cleaned as (
    select
        {{ raw_record(['lead_id', 'assessed_at', 'has_budget', 'has_authority', 'has_need',
                       'has_timeline', 'is_sales_accepted', 'disqualified_reason']) }} as raw_record,
        {{ clean_text('lead_id') }} as lead_id,
        {{ parse_timestamp('assessed_at') }} as assessed_at,
        {{ clean_text('assessed_at') }} as assessed_at_text,
        {{ parse_boolean('has_budget') }} as has_budget,
        {{ parse_boolean('has_authority') }} as has_authority,
        {{ parse_boolean('has_need') }} as has_need,
        {{ parse_boolean('has_timeline') }} as has_timeline,
        {{ parse_boolean('is_sales_accepted') }} as is_sales_accepted,
        {{ clean_lower('disqualified_reason') }} as disqualified_reason,
        {{ is_unparseable_timestamp('assessed_at') }} as has_invalid_timestamp,
        (
            {{ is_unparseable_boolean('has_budget') }}
            or {{ is_unparseable_boolean('has_authority') }}
            or {{ is_unparseable_boolean('has_need') }}
            or {{ is_unparseable_boolean('has_timeline') }}
            or {{ is_unparseable_boolean('is_sales_accepted') }}
        ) as has_invalid_boolean
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
            when cleaned.lead_id is null or cleaned.assessed_at_text is null then 'missing_key'
            when cleaned.has_invalid_timestamp then 'invalid_timestamp'
            when cleaned.assessed_at > {{ build_started_at() }} then 'future_timestamp'
            when cleaned.has_invalid_boolean then 'invalid_boolean'
            else {{ lead_reference_problem('cleaned.lead_id') }}
        end as rejection_reason
    from cleaned
    left join lead_status
        on cleaned.lead_id = lead_status.lead_id
),

ranked as (
    select
        *,
        {{ version_rank('lead_id, assessed_at', 'raw_record') }} as version_rank
    from checked
),

final as (
    select
        'sales_qualifications' as source_table,
        case
            when lead_id is not null and assessed_at_text is not null
                then {{ dbt.concat(['lead_id', "'@'", 'assessed_at_text']) }}
        end as record_key,
        {{ unless_erased('raw_record') }} as raw_record,
        {{ surrogate_key(['lead_id', 'assessed_at']) }} as qualification_id,
        lead_id,
        assessed_at,
        has_budget,
        has_authority,
        has_need,
        has_timeline,
        is_sales_accepted,
        disqualified_reason,
        is_erased,
        rejection_reason,
        version_rank,
        {{ disposition_columns('is_erased') }}
    from ranked
)

select * from final
