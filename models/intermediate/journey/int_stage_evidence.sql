-- Decayed points from content of each buyer stage, per lead and per account (the sum over
-- its contacts: an account's buying group moves through the journey together), per model.
with

event_points as (
    select * from {{ ref('int_event_points') }}
),

events as (
    select * from {{ ref('int_events_attributed') }}
),

leads as (
    select * from {{ ref('int_leads_with_company') }}
),

staged_points as (
    select
        event_points.lead_id,
        event_points.scoring_model_id,
        events.content_stage as buyer_stage,
        event_points.points
    from event_points
    inner join events
        on event_points.event_id = events.event_id
    where event_points.is_counted and events.content_stage is not null
),

lead_evidence as (
    select
        'lead' as subject_type,
        lead_id as subject_id,
        scoring_model_id,
        buyer_stage,
        {{ exact_sum('points') }} as stage_points
    from staged_points
    group by lead_id, scoring_model_id, buyer_stage
),

account_evidence as (
    select
        'account' as subject_type,
        leads.company_id as subject_id,
        staged_points.scoring_model_id,
        staged_points.buyer_stage,
        {{ exact_sum('staged_points.points') }} as stage_points
    from staged_points
    inner join leads
        on staged_points.lead_id = leads.lead_id
    where leads.company_id is not null
    group by leads.company_id, staged_points.scoring_model_id, staged_points.buyer_stage
),

final as (
    select * from lead_evidence
    union all
    select * from account_evidence
)

select * from final
