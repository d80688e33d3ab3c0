-- Erasure requests keep only a hash of the email from here on: the hash is all that is
-- needed to find the lead, and all that remains to prove the erasure happened. The email is
-- matched as normalised text, well-formed or not: a lead is erased by the address it gave.
with

source as (
    select * from {{ source('raw', 'erasure_requests') }}
),

{{ read_raw_table('erasure_requests') }},

checked as (
    select
        *,
        {{ dbt.hash('email__text') }} as email_hash,
        -- A request is honoured even with an unreadable date: forgetting someone late is
        -- worse than forgetting them without a date.
        case when email__text is null then 'missing_key' end as rejection_reason
    from raw_checked
),

-- Copies of one request rank by date, then by the date as normalised text (what the
-- request keeps), then by the raw row.
ranked as (
    select
        *,
        {{ version_rank(
            'email_hash',
            'requested_at asc nulls last, requested_at__text asc nulls last, '
            ~ raw_row_order('erasure_requests')
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
        'erasure_requests' as source_table,
        case when email__text is not null then email_hash end as record_key,
        case
            when disposition = 'quarantined' or requested_at__issue is not null
                then {{ raw_record([('email_hash', "case when email__text is not null then email_hash end"),
                                    ('requested_at', 'raw__requested_at')]) }}
        end as raw_record,
        case when email__text is not null then email_hash end as email_hash,
        requested_at,
        requested_at__issue,
        requested_at__issue is not null as has_field_issues,
        rejection_reason,
        version_rank,
        disposition,
        quarantine_reason
    from disposed
)

select * from final
