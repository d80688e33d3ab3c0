-- Each lead and scoring model in each outcome window, and whether it converted in it:
--   won_by_as_of     every lead; converted when its first win closed on or before as_of
--                    (history: a score as of as_of already saw what led to the win);
--   won_after_as_of  the leads not won by as_of; converted when they won after it (what a
--                    score as of as_of predicted).
with

leads as (
    select * from {{ ref('int_lead_fit') }}
),

conversions as (
    select * from {{ ref('int_lead_conversions') }}
),

labelled as (
    select
        leads.lead_id,
        leads.scoring_model_id,
        conversions.is_won_by_as_of
    from leads
    left join conversions
        on leads.lead_id = conversions.lead_id
            and leads.scoring_model_id = conversions.scoring_model_id
),

final as (
    select
        lead_id,
        scoring_model_id,
        'won_by_as_of' as outcome_window,
        coalesce(is_won_by_as_of, false) as is_converted
    from labelled
    union all
    select
        lead_id,
        scoring_model_id,
        'won_after_as_of' as outcome_window,
        is_won_by_as_of is not null as is_converted
    from labelled
    where not coalesce(is_won_by_as_of, false)
)

select * from final
