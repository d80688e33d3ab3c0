-- A lead converted for a scoring model when it is the contact on a won deal of that
-- model's product line; the first win counts.
with

opportunities as (
    select * from {{ ref('stg_raw__opportunities') }}
),

final as (
    select
        lead_id,
        proposition as scoring_model_id,
        count(*) as won_deals,
        min(closed_at) as first_won_at
    from opportunities
    where is_won and lead_id is not null
    group by lead_id, proposition
)

select * from final
