-- Every point is explained: per lead and model, the fit contributions add up to fit_score,
-- the engagement contributions to engagement_score and to the counted event points, and
-- total_score = fit + engagement. Returns the rows that do not add up.
with

scores as (
    select * from {{ ref('fct_lead_scores') }}
),

contributions as (
    select
        lead_id,
        scoring_model_id,
        sum(case when rule_type = 'fit' then points else 0 end) as fit_points,
        sum(case when rule_type = 'engagement' then points else 0 end) as engagement_points
    from {{ ref('fct_lead_score_contributions') }}
    group by lead_id, scoring_model_id
),

event_points as (
    select
        lead_id,
        scoring_model_id,
        sum(points) as event_points
    from {{ ref('fct_lead_score_events') }}
    where is_counted
    group by lead_id, scoring_model_id
),

compared as (
    select
        coalesce(scores.lead_id, contributions.lead_id) as lead_id,
        coalesce(scores.scoring_model_id, contributions.scoring_model_id) as scoring_model_id,
        scores.fit_score,
        scores.engagement_score,
        scores.total_score,
        coalesce(contributions.fit_points, 0) as fit_points,
        coalesce(contributions.engagement_points, 0) as engagement_points,
        coalesce(event_points.event_points, 0) as event_points
    from scores
    full outer join contributions
        on scores.lead_id = contributions.lead_id
            and scores.scoring_model_id = contributions.scoring_model_id
    left join event_points
        on coalesce(scores.lead_id, contributions.lead_id) = event_points.lead_id
            and coalesce(scores.scoring_model_id, contributions.scoring_model_id)
            = event_points.scoring_model_id
)

select *
from compared
where
    fit_score is null
    or abs(fit_score - fit_points) > 0.000001
    or abs(engagement_score - engagement_points) > 0.000001
    or abs(engagement_points - event_points) > 0.000001
    or abs(total_score - fit_score - engagement_score) > 0.000001
