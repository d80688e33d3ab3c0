-- Which criteria really precede conversion? For every rule: how many leads it gave points,
-- how many of them became customers of the model's product line, and the lift over the
-- model's base rate (2.0 = converts twice as often as the average lead). Rules with a
-- lift near 1 earn their points without predicting anything; negative rules should sit
-- below 1. Compile with `dbt compile --select rule_lift` and run the SQL in target/.
with

contributions as (
    select * from {{ ref('fct_lead_score_contributions') }}
),

scores as (
    select * from {{ ref('fct_lead_scores') }}
),

conversions as (
    select * from {{ ref('int_lead_conversions') }}
),

base_rates as (
    select
        scores.scoring_model_id,
        avg(case when conversions.lead_id is not null then 1.0 else 0.0 end) as base_rate
    from scores
    left join conversions
        on scores.lead_id = conversions.lead_id
            and scores.scoring_model_id = conversions.scoring_model_id
    group by scores.scoring_model_id
),

rule_rates as (
    select
        contributions.scoring_model_id,
        contributions.rule_id,
        contributions.rule_type,
        contributions.rule_description,
        count(*) as leads,
        sum(case when conversions.lead_id is not null then 1 else 0 end) as converted_leads,
        avg(case when conversions.lead_id is not null then 1.0 else 0.0 end) as conversion_rate,
        avg(contributions.points) as average_points
    from contributions
    left join conversions
        on contributions.lead_id = conversions.lead_id
            and contributions.scoring_model_id = conversions.scoring_model_id
    group by
        contributions.scoring_model_id,
        contributions.rule_id,
        contributions.rule_type,
        contributions.rule_description
),

final as (
    select
        rule_rates.*,
        rule_rates.conversion_rate / nullif(base_rates.base_rate, 0) as lift
    from rule_rates
    inner join base_rates
        on rule_rates.scoring_model_id = base_rates.scoring_model_id
)

select * from final
order by scoring_model_id asc, lift desc
