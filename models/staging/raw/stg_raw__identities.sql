with

validated as (
    select * from {{ ref('base_raw__identities') }}
),

final as (
    select
        anonymous_id,
        lead_id,
        identified_at
    from validated
    where disposition = 'staged'
)

select * from final
