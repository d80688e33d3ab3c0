-- The buyer stage of each lead and account per model, progressive (SPEC section 2): the
-- furthest stage whose points reach its entry level, even when an earlier stage has more
-- points. Subjects with no stage reached do not appear (their stage is none).
with

evidence as (
    select * from {{ ref('int_stage_evidence') }}
),

stages as (
    select * from {{ ref('int_buyer_stages_by_model') }}
),

entered as (
    select
        evidence.subject_type,
        evidence.subject_id,
        evidence.scoring_model_id,
        stages.buyer_stage,
        stages.stage_order,
        row_number() over (
            partition by evidence.subject_type, evidence.subject_id, evidence.scoring_model_id
            order by stages.stage_order desc
        ) as furthest_first
    from evidence
    inner join stages
        on evidence.scoring_model_id = stages.scoring_model_id
            and evidence.buyer_stage = stages.buyer_stage
    where evidence.stage_points >= stages.entry_points
),

final as (
    select
        subject_type,
        subject_id,
        scoring_model_id,
        buyer_stage,
        stage_order
    from entered
    where furthest_first = 1
)

select * from final
