-- Conversion by score decile per scoring model and outcome window: does a higher score mean
-- more won deals? Decile 10 holds the highest-scored tenth of leads. won_by_as_of judges the
-- score on wins up to as_of (history: the score saw what led to them); won_after_as_of on the
-- leads not yet won at as_of and their wins after it (what the score predicted).
with

scores as (
    select * from {{ ref('fct_lead_scores') }}
),

outcomes as (
    select * from {{ ref('int_lead_outcomes') }}
),

scored_outcomes as (
    select
        outcomes.lead_id,
        outcomes.scoring_model_id,
        outcomes.outcome_window,
        outcomes.is_converted,
        scores.total_score
    from outcomes
    inner join scores
        on outcomes.lead_id = scores.lead_id
            and outcomes.scoring_model_id = scores.scoring_model_id
),

deciled as (
    select
        scoring_model_id,
        outcome_window,
        total_score,
        is_converted,
        cast(ntile(10) over (
            partition by scoring_model_id, outcome_window
            order by total_score, lead_id
        ) as {{ dbt.type_bigint() }}) as score_decile
    from scored_outcomes
),

final as (
    select
        scoring_model_id,
        outcome_window,
        score_decile,
        count(*) as leads,
        cast(sum(case when is_converted then 1 else 0 end) as {{ dbt.type_bigint() }}) as converted_leads,
        cast(sum(case when is_converted then 1 else 0 end) as {{ type_double() }})
        / count(*) as conversion_rate,
        min(total_score) as min_total_score,
        max(total_score) as max_total_score
    from deciled
    group by scoring_model_id, outcome_window, score_decile
)

select * from final
