-- Each staged deal with the scoring models it counts for: the model its product line names,
-- or every model when the deal names no product line (single-product and MQL-only funnels).
-- A product line that names no scoring model counts for none; it is reported (summary,
-- and the warning test opportunity_propositions_are_scoring_models).
with

opportunities as (
    select * from {{ ref('stg_raw__opportunities') }}
),

scoring_models as (
    select * from {{ ref('stg_scorecard__scoring_models') }}
),

final as (
    select
        opportunities.opportunity_id,
        scoring_models.scoring_model_id,
        opportunities.lead_id,
        opportunities.company_id,
        opportunities.proposition,
        opportunities.stage,
        opportunities.is_won,
        opportunities.amount,
        opportunities.created_at,
        opportunities.closed_at,
        -- When the deal became an opportunity: opened, else (an export without the date) closed.
        coalesce(opportunities.created_at, opportunities.closed_at) as opened_at
    from opportunities
    inner join scoring_models
        on opportunities.proposition = scoring_models.scoring_model_id
            or opportunities.proposition is null
)

select * from final
