-- How well the total score separates leads that converted from those that did not, per
-- scoring model: the AUC (the chance that a random converter outscores a random
-- non-converter; 0.5 is a coin toss, 1.0 perfect), by the rank-sum formula with ties
-- given their average rank.
with

scores as (
    select * from {{ ref('fct_lead_scores') }}
),

conversions as (
    select * from {{ ref('int_lead_conversions') }}
),

labelled as (
    select
        scores.scoring_model_id,
        scores.total_score,
        case when conversions.lead_id is not null then 1 else 0 end as is_converted
    from scores
    left join conversions
        on scores.lead_id = conversions.lead_id
            and scores.scoring_model_id = conversions.scoring_model_id
),

ranked as (
    select
        *,
        rank() over (partition by scoring_model_id order by total_score)
        + (count(*) over (partition by scoring_model_id, total_score) - 1) / 2.0 as score_rank
    from labelled
),

sums as (
    select
        scoring_model_id,
        count(*) as leads,
        cast(sum(is_converted) as {{ dbt.type_bigint() }}) as converted_leads,
        cast(sum(case when is_converted = 1 then score_rank else 0 end) as {{ type_double() }})
            as converted_rank_sum
    from ranked
    group by scoring_model_id
),

final as (
    select
        scoring_model_id,
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
