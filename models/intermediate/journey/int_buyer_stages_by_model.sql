-- The buyer stages of each scoring model: a model's own rows in buyer_stages replace the
-- rows for "all".
with

scoring_models as (
    select * from {{ ref('stg_scorecard__scoring_models') }}
),

stages as (
    select * from {{ ref('stg_scorecard__buyer_stages') }}
),

own_stages as (
    select distinct scoring_model_id
    from stages
    where scoring_model_id <> 'all'
),

final as (
    select
        scoring_models.scoring_model_id,
        stages.buyer_stage,
        stages.stage_order,
        stages.entry_points
    from scoring_models
    left join own_stages
        on scoring_models.scoring_model_id = own_stages.scoring_model_id
    inner join stages
        on (own_stages.scoring_model_id is null and stages.scoring_model_id = 'all')
            or own_stages.scoring_model_id = stages.scoring_model_id
)

select * from final
