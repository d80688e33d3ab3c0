-- Erasure requests keep only a hash of the email from here on: the hash is all that is
-- needed to find the lead, and all that remains to prove the erasure happened.
with

source as (
    select * from {{ source('raw', 'erasure_requests') }}
),

cleaned as (
    select
        {{ dbt.hash(normalise_email('email')) }} as email_hash,
        {{ parse_timestamp('requested_at') }} as requested_at,
        {{ is_unparseable_timestamp('requested_at') }} as has_invalid_requested_at,
        {{ clean_text('requested_at') }} as requested_at_text,
        {{ normalise_email('email') }} is null as is_missing_email
    from source
),

checked as (
    select
        *,
        -- A request is honoured even with an unreadable date: forgetting someone late is
        -- worse than forgetting them without a date.
        case
            when is_missing_email then 'missing_key'
        end as rejection_reason
    from cleaned
),

ranked as (
    select
        *,
        {{ version_rank('email_hash', 'requested_at asc nulls last, requested_at_text') }} as version_rank
    from checked
),

final as (
    select
        'erasure_requests' as source_table,
        case when not is_missing_email then email_hash end as record_key,
        {{ raw_record(['email_hash', 'requested_at_text']) }} as raw_record,
        case when not is_missing_email then email_hash end as email_hash,
        requested_at,
        has_invalid_requested_at,
        rejection_reason,
        version_rank,
        {{ disposition_columns() }}
    from ranked
)

select * from final
