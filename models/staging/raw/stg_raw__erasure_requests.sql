with

validated as (
    select * from {{ ref('base_raw__erasure_requests') }}
),

final as (
    select
        email_hash,
        requested_at,
        requested_at__issue is not null as has_invalid_requested_at
    from validated
    where disposition = 'staged'
)

select * from final
