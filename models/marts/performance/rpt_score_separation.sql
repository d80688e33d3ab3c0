-- How well the total score separates leads that converted from those that did not, per
-- scoring model and outcome window (see rpt_score_deciles): the AUC (the chance that a random
-- converter outscores a random non-converter; 0.5 is a coin toss, 1.0 perfect), by the
-- rank-sum formula with ties given their average rank.
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

ranked as (
    select
        scoring_model_id,
        outcome_window,
        case when is_converted then 1 else 0 end as is_converted,
        rank() over (partition by scoring_model_id, outcome_window order by total_score)
        + (count(*) over (partition by scoring_model_id, outcome_window, total_score) - 1) / 2.0 as score_rank
    from scored_outcomes
),

sums as (
    select
        scoring_model_id,
        outcome_window,
        count(*) as leads,
        cast(sum(is_converted) as {{ dbt.type_bigint() }}) as converted_leads,
        cast(sum(case when is_converted = 1 then score_rank else 0 end) as {{ type_double() }})
            as converted_rank_sum
    from ranked
    group by scoring_model_id, outcome_window
),

final as (
    select
        scoring_model_id,
        outcome_window,
        leads,
        converted_leads,
        cast(converted_leads as {{ type_double() }}) / leads as conversion_rate,
        case
            when converted_leads > 0 and converted_leads < leads
                then cast(
                        (converted_rank_sum - converted_leads * (converted_leads + 1) / 2.0)
                        / (cast(converted_leads as {{ type_double() }}) * (leads - converted_leads))
                        as {{ type_double() }}
                    )
        end as auc
    from sums
)

select * from final
