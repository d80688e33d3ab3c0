-- The funnel moves forward: ordered by funnel position, a lead's transitions never go back
-- in time (lead -> mql -> sql -> opportunity -> customer), and transition numbers follow time.
with

transitions as (
    select
        *,
        case lifecycle_stage
            when 'lead' then 1 when 'mql' then 2 when 'sql' then 3
            when 'opportunity' then 4 when 'customer' then 5
        end as funnel_order
    from {{ ref('fct_lifecycle_transitions') }}
),

funnel as (
    select
        *,
        lag(reached_at) over (
            partition by lead_id, scoring_model_id order by funnel_order
        ) as previous_stage_reached_at
    from transitions
    where funnel_order is not null
),

numbered as (
    select
        *,
        lag(reached_at) over (
            partition by lead_id, scoring_model_id order by transition_number
        ) as previous_transition_at
    from transitions
)

select
    lead_id,
    scoring_model_id,
    lifecycle_stage,
    reached_at,
    'funnel goes back in time' as problem
from funnel
where reached_at < previous_stage_reached_at
union all
select
    lead_id,
    scoring_model_id,
    lifecycle_stage,
    reached_at,
    'numbers out of time order' as problem
from numbered
where reached_at < previous_transition_at
