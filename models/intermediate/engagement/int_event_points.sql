-- Every scorable event with the rule that scored it, per model, and whether and how much it
-- counted: inside the rule's window, within its maximum occurrences (the most recent
-- ones), decayed by age. Published as fct_lead_score_events: the explanation of every
-- engagement point down to the event.
with

matches as (
    select * from {{ ref('int_event_rule_matches') }}
),

aged as (
    select
        *,
        cast({{ age_days('occurred_at') }} as {{ dbt.type_bigint() }}) as age_days  -- noqa: LT05
    from matches
),

windowed as (
    select
        *,
        window_days is null or age_days <= window_days as is_in_window
    from aged
),

-- Only events inside their window compete for a rule's max_occurrences; ranking just those,
-- on the few columns the ranking needs, keeps the window small.
occurrence_ranks as (
    select
        event_id,
        scoring_model_id,
        row_number() over (
            partition by lead_id, scoring_model_id, rule_id
            order by occurred_at desc, event_id desc
        ) as occurrence_rank
    from windowed
    where is_in_window
),

ranked as (
    select
        windowed.*,
        occurrence_ranks.occurrence_rank
    from windowed
    left join occurrence_ranks
        on windowed.event_id = occurrence_ranks.event_id
            and windowed.scoring_model_id = occurrence_ranks.scoring_model_id
),

counted as (
    select
        *,
        is_in_window and (max_occurrences is null or occurrence_rank <= max_occurrences) as is_counted,
        {{ decay_factor('age_days', 'half_life_days') }} as decay_factor
    from ranked
),

-- No surrogate key is stored: fct_lead_score_events computes it on read. At 6.8 M rows it
-- was 39 % of this table's size.
final as (
    select
        event_id,
        lead_id,
        scoring_model_id,
        rule_id,
        case
            when not is_in_window then 'outside_window'
            when not is_counted then 'over_max_occurrences'
        end as not_counted_reason,
        age_days,
        occurrence_rank,
        cast(base_points as {{ type_double() }}) as base_points,
        decay_factor,
        cast(case when is_counted then base_points * decay_factor else 0 end as {{ type_double() }})
            as points,
        is_counted,
        occurred_at,
        {{ as_of_date() }} as as_of
    from counted
)

select * from final
