-- The engagement score of each lead and model with a counted event, as of as_of: the exact sum
-- of its events' counted points (windows, caps and decay applied in int_event_points), and its
-- last counted event. Read by fct_lead_scores and by the last moment of int_lead_score_history,
-- so the history ends at the published score by construction.
with

event_points as (
    select * from {{ ref('int_event_points') }}
    where is_counted
),

final as (
    select
        lead_id,
        scoring_model_id,
        {{ exact_sum('points') }} as engagement_score,
        max(occurred_at) as last_engaged_at
    from event_points
    group by lead_id, scoring_model_id
)

select * from final
