-- When each lead reached each milestone of the funnel, per scoring model, as of as_of:
-- MQL (first moment the score met the threshold and the grade the minimum), SQL (an MQL
-- that sales accepted or whose assessment met the model's BANT rule), opportunity,
-- customer, disqualified and recycled (sales feedback), and the first sales touch after MQL.
with

history as (
    select * from {{ ref('int_lead_score_history') }}
),

scoring_models as (
    select * from {{ ref('stg_scorecard__scoring_models') }}
),

leads as (
    select * from {{ ref('stg_raw__leads') }}
),

qualifications as (
    select * from {{ ref('stg_raw__sales_qualifications') }}
    where assessed_at <= {{ as_of_end() }}
),

opportunities as (
    select * from {{ ref('int_opportunities_by_model') }}
),

activities as (
    select * from {{ ref('stg_raw__sales_activities') }}
    where occurred_at <= {{ as_of_end() }}
),

score_milestones as (
    select
        lead_id,
        scoring_model_id,
        min(case when is_qualifying then moment_at end) as mql_at,
        max(case when moment_at = {{ as_of_end() }} and is_qualifying then 1 else 0 end) = 1 as is_mql
    from history
    group by lead_id, scoring_model_id
),

assessments as (
    select
        qualifications.lead_id,
        scoring_models.scoring_model_id,
        qualifications.assessed_at,
        qualifications.disqualified_reason,
        coalesce(qualifications.is_sales_accepted, false) as is_sales_accepted,
        (case when qualifications.has_budget then 1 else 0 end)
        + (case when qualifications.has_authority then 1 else 0 end)
        + (case when qualifications.has_need then 1 else 0 end)
        + (case when qualifications.has_timeline then 1 else 0 end) as bant_criteria_met,
        scoring_models.sql_min_bant,
        row_number() over (
            partition by qualifications.lead_id, scoring_models.scoring_model_id
            order by qualifications.assessed_at desc
        ) as latest_first
    from qualifications
    cross join scoring_models
),

sales_milestones as (
    select
        lead_id,
        scoring_model_id,
        min(
            case when is_sales_accepted or bant_criteria_met >= sql_min_bant then assessed_at end
        ) as first_qualified_at,
        -- Disqualified when the latest assessment says so.
        max(
            case
                when latest_first = 1 and disqualified_reason is not null and not is_sales_accepted
                    then assessed_at
            end
        ) as disqualified_at
    from assessments
    group by lead_id, scoring_model_id
),

deal_milestones as (
    select
        lead_id,
        scoring_model_id,
        min(case when opened_at <= {{ as_of_end() }} then opened_at end) as opportunity_at,
        min(case when is_won and closed_at <= {{ as_of_end() }} then closed_at end) as customer_at
    from opportunities
    where lead_id is not null
    group by lead_id, scoring_model_id
),

combined as (
    select
        score_milestones.lead_id,
        score_milestones.scoring_model_id,
        leads.created_at,
        score_milestones.is_mql,
        score_milestones.mql_at,
        sales_milestones.first_qualified_at,
        sales_milestones.disqualified_at,
        deal_milestones.opportunity_at,
        deal_milestones.customer_at,
        -- An assessment that qualified the lead before it became an MQL makes it an SQL the
        -- moment it does.
        case
            when score_milestones.mql_at is not null and sales_milestones.first_qualified_at is not null
                then greatest(score_milestones.mql_at, sales_milestones.first_qualified_at)
        end as sql_at
    from score_milestones
    inner join leads
        on score_milestones.lead_id = leads.lead_id
    left join sales_milestones
        on score_milestones.lead_id = sales_milestones.lead_id
            and score_milestones.scoring_model_id = sales_milestones.scoring_model_id
    left join deal_milestones
        on score_milestones.lead_id = deal_milestones.lead_id
            and score_milestones.scoring_model_id = deal_milestones.scoring_model_id
),

recycled as (
    select
        combined.lead_id,
        combined.scoring_model_id,
        min(history.moment_at) as recycled_at
    from combined
    inner join history
        on combined.lead_id = history.lead_id
            and combined.scoring_model_id = history.scoring_model_id
            and combined.disqualified_at < history.moment_at
            and history.is_qualifying
    group by combined.lead_id, combined.scoring_model_id
),

first_touches as (
    select
        combined.lead_id,
        combined.scoring_model_id,
        min(activities.occurred_at) as first_touch_at
    from combined
    inner join activities
        on combined.lead_id = activities.lead_id
            and combined.mql_at <= activities.occurred_at
    group by combined.lead_id, combined.scoring_model_id
),

final as (
    select
        combined.lead_id,
        combined.scoring_model_id,
        -- The furthest stage reached; disqualified holds until the lead is recycled or a deal
        -- is opened, so the stage never moves backward except through recycled.
        case
            when combined.customer_at is not null then 'customer'
            when combined.opportunity_at is not null then 'opportunity'
            when combined.disqualified_at is not null and recycled.recycled_at is null then 'disqualified'
            when recycled.recycled_at is not null then 'recycled'
            when combined.sql_at is not null then 'sql'
            when combined.mql_at is not null then 'mql'
            else 'lead'
        end as lifecycle_stage,
        combined.is_mql,
        combined.sql_at is not null as is_sql,
        combined.created_at,
        combined.mql_at,
        combined.sql_at,
        combined.opportunity_at,
        combined.customer_at,
        combined.disqualified_at,
        recycled.recycled_at,
        first_touches.first_touch_at
    from combined
    left join recycled
        on combined.lead_id = recycled.lead_id
            and combined.scoring_model_id = recycled.scoring_model_id
    left join first_touches
        on combined.lead_id = first_touches.lead_id
            and combined.scoring_model_id = first_touches.scoring_model_id
)

select * from final
