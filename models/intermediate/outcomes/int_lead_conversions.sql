-- A lead converted for a scoring model when it is the contact on a won deal the model counts
-- (int_opportunities_by_model); its first win counts. Whether that win lies before or after
-- as_of decides what it says about the score: before is history, after is what the score
-- predicted (see rpt_score_separation).
with

opportunities as (
    select * from {{ ref('int_opportunities_by_model') }}
),

final as (
    select
        lead_id,
        scoring_model_id,
        count(*) as won_deals,
        min(closed_at) as first_won_at,
        -- A won deal without a close date is history: nothing says it came after as_of.
        coalesce(min(closed_at) <= {{ as_of_end() }}, true) as is_won_by_as_of
    from opportunities
    where is_won and lead_id is not null
    group by lead_id, scoring_model_id
)

select * from final
