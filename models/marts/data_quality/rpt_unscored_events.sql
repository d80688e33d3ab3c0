-- Staged events that were not scored, and why: dated after as_of (they count once as_of
-- moves past them), or anonymous visitors never identified (they count once identified).
-- Reported, never dropped.
with

events as (
    select * from {{ ref('int_events_attributed') }}
),

final as (
    select
        scoring_status as reason,
        event_type,
        count(*) as events,
        count(distinct lead_id) as leads,
        min(occurred_at) as first_occurred_at,
        max(occurred_at) as last_occurred_at
    from events
    where scoring_status <> 'scored'
    group by scoring_status, event_type
)

select * from final
