-- One row per lead, model and lifecycle stage reached, in order: when, the score at that
-- moment, and for the MQL the first sales touch and whether the model's SLA was met.
-- The funnel only moves forward: a stage reached after a later one (an MQL after a deal was
-- already open) is not a transition.
with

milestones as (
    select * from {{ ref('int_lead_milestones') }}
),

history as (
    select * from {{ ref('int_lead_score_history') }}
),

scoring_models as (
    select * from {{ ref('stg_scorecard__scoring_models') }}
),

reached as (
    {% set stages = [('lead', 1, 'created_at'), ('mql', 2, 'mql_at'), ('sql', 3, 'sql_at'),
                     ('opportunity', 4, 'opportunity_at'), ('customer', 5, 'customer_at'),
                     ('disqualified', none, 'disqualified_at'), ('recycled', none, 'recycled_at')] %}
    {% for stage, stage_order, column in stages -%}
        select
            lead_id,
            scoring_model_id,
            '{{ stage }}' as lifecycle_stage,
            cast({{ stage_order if stage_order is not none else 'null' }} as {{ dbt.type_int() }})
                as funnel_order,
            {{ column }} as reached_at
        from milestones
        where {{ column }} is not null and {{ column }} <= {{ as_of_end() }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

-- A forward stage counts when no further forward stage was reached before it.
forward_checked as (
    select
        *,
        min(reached_at) over (
            partition by lead_id, scoring_model_id
            order by funnel_order desc
            rows between unbounded preceding and 1 preceding
        ) as next_stages_first_reached_at
    from reached
    where funnel_order is not null
),

transitions as (
    select
        lead_id,
        scoring_model_id,
        lifecycle_stage,
        funnel_order,
        reached_at
    from forward_checked
    where next_stages_first_reached_at is null or reached_at <= next_stages_first_reached_at
    union all
    select
        lead_id,
        scoring_model_id,
        lifecycle_stage,
        funnel_order,
        reached_at
    from reached
    where funnel_order is null
),

final as (
    select
        {{ surrogate_key([
            'transitions.lead_id', 'transitions.scoring_model_id', 'transitions.lifecycle_stage'
        ]) }}
            as transition_id,
        transitions.lead_id,
        transitions.scoring_model_id,
        transitions.lifecycle_stage,
        -- row_number() is an int on Spark, a bigint elsewhere: the contract says bigint. The
        -- order is total: a lead reaches each stage once, and the stage name breaks any tie.
        cast(row_number() over (
            partition by transitions.lead_id, transitions.scoring_model_id
            order by
                transitions.reached_at, coalesce(transitions.funnel_order, 9), transitions.lifecycle_stage
        ) as {{ dbt.type_bigint() }}) as transition_number,
        -- To the millionth, as the threshold is decided: the history's running sums carry float
        -- rounding (1e-12) that can differ in the last digit between two builds of the same data.
        cast(cast(history.total_score as {{ dbt.type_numeric() }}) as {{ type_double() }}) as total_score_at,
        case when transitions.lifecycle_stage = 'mql' then milestones.first_touch_at end as first_touch_at,
        case
            when transitions.lifecycle_stage = 'mql' and milestones.first_touch_at is not null
                then cast(
                        {{ dbt.datediff('transitions.reached_at', 'milestones.first_touch_at', 'minute') }}
                        as {{ dbt.type_bigint() }}
                    )
        end as minutes_to_first_touch,
        case
            when transitions.lifecycle_stage <> 'mql' then null
            when milestones.first_touch_at is not null
                then {{ dbt.datediff('transitions.reached_at', 'milestones.first_touch_at', 'minute') }}
                    <= scoring_models.mql_sla_hours * 60
            -- No touch yet: missed once the SLA has run out by as_of, open until then.
            when {{ dbt.dateadd('hour', 'scoring_models.mql_sla_hours', 'transitions.reached_at') }}
                < {{ as_of_end() }}
                then false
        end as is_sla_met,
        transitions.reached_at
    from transitions
    inner join milestones
        on transitions.lead_id = milestones.lead_id
            and transitions.scoring_model_id = milestones.scoring_model_id
    inner join scoring_models
        on transitions.scoring_model_id = scoring_models.scoring_model_id
    left join history
        on transitions.lead_id = history.lead_id
            and transitions.scoring_model_id = history.scoring_model_id
            and transitions.reached_at = history.moment_at
)

select * from final
