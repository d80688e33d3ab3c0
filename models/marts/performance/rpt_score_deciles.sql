-- Conversion by score decile per scoring model: does a higher score mean more won deals?
-- Decile 10 holds the highest-scored tenth of leads.
with

scores as (
    select * from {{ ref('fct_lead_scores') }}
),

conversions as (
    select * from {{ ref('int_lead_conversions') }}
),

deciled as (
    select
        scores.scoring_model_id,
        scores.total_score,
        conversions.lead_id is not null as is_converted,
        cast(ntile(10) over (
            partition by scores.scoring_model_id
            order by scores.total_score, scores.lead_id
        ) as {{ dbt.type_bigint() }}) as score_decile
    from scores
    left join conversions
        on scores.lead_id = conversions.lead_id
            and scores.scoring_model_id = conversions.scoring_model_id
),

final as (
    select
        scoring_model_id,
        score_decile,
        count(*) as leads,
        cast(sum(case when is_converted then 1 else 0 end) as {{ dbt.type_bigint() }}) as converted_leads,
        cast(sum(case when is_converted then 1 else 0 end) as {{ type_double() }})
        / count(*) as conversion_rate,
        min(total_score) as min_total_score,
        max(total_score) as max_total_score
    from deciled
    group by scoring_model_id, score_decile
)

select * from final
