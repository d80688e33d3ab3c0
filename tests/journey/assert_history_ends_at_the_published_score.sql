-- The score history is the score: at the last moment of as_of it equals fct_lead_scores,
-- so MQL dates are computed with exactly the rules of the published score.
with

history as (
    select * from {{ ref('int_lead_score_history') }}
    where moment_at = {{ as_of_end() }}
),

scores as (
    select * from {{ ref('fct_lead_scores') }}
)

select
    scores.lead_id,
    scores.scoring_model_id,
    scores.total_score,
    history.total_score as history_total_score
from scores
left join history
    on scores.lead_id = history.lead_id
        and scores.scoring_model_id = history.scoring_model_id
where
    history.lead_id is null
    or abs(scores.total_score - history.total_score) > 0.000001
    or scores.is_mql <> history.is_qualifying
