{{ config(materialized='view') }}

-- The public face of int_event_points (a view: the table is not stored twice). Its surrogate
-- key is computed here, on read, rather than stored with every row of the table.
with

event_points as (
    select * from {{ ref('int_event_points') }}
),

final as (
    select
        {{ surrogate_key(['event_id', 'scoring_model_id']) }} as event_score_id,
        event_id,
        lead_id,
        scoring_model_id,
        rule_id,
        not_counted_reason,
        age_days,
        -- row_number() is an int on Spark, a bigint elsewhere: the contract says bigint.
        cast(occurrence_rank as {{ dbt.type_bigint() }}) as occurrence_rank,
        base_points,
        decay_factor,
        points,
        is_counted,
        occurred_at,
        as_of
    from event_points
)

select * from final
