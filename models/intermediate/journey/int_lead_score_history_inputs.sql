-- What the score history of each lead and model is computed from, as one fingerprint: its fit
-- and grade, its model's threshold and minimum grade, every engagement match (event, rule,
-- points, cap, window, half-life, moment), and which moments come before the end of as_of
-- (the history's moments; the end itself is its last row): events, its creation,
-- assessments, deal openings and closings, negative points leaving their window. So when
-- as_of moves on, a lead with a moment at the old end (an event at 23:59:59) is recomputed.
-- int_lead_score_history stores the fingerprint it was built from and, on an incremental
-- build, recomputes only the leads and models whose fingerprint changed. Sums of hashes
-- (hash_sum) are the same in any row order.
{% set timestamp_type = api.Column.translate_type('timestamp') %}

with

matches as (
    select * from {{ ref('int_event_rule_matches') }}
),

fit as (
    select * from {{ ref('int_lead_fit') }}
),

scoring_models as (
    select * from {{ ref('stg_scorecard__scoring_models') }}
),

leads as (
    select * from {{ ref('stg_raw__leads') }}
),

qualifications as (
    select * from {{ ref('stg_raw__sales_qualifications') }}
    where assessed_at < {{ as_of_end() }}
),

opportunities as (
    select * from {{ ref('int_opportunities_by_model') }}
),

match_sums as (
    select
        lead_id,
        scoring_model_id,
        {{ hash_sum([
            'event_id', 'rule_id', 'base_points', 'max_occurrences', 'window_days', 'half_life_days',
            'occurred_at'
        ]) }} as matches_hash,
        count(case when occurred_at < {{ as_of_end() }} then 1 end) as events_before_the_end,
        -- The day a negative event leaves its window is a moment once it is within as_of.
        count(
            case
                when
                    base_points < 0
                    and window_days is not null
                    and {{ dbt.dateadd(
                        'day', 'window_days + 1', dbt.cast(dbt.cast('occurred_at', 'date'), timestamp_type)
                    ) }} < {{ as_of_end() }}
                    then 1
            end
        ) as closed_windows
    from matches
    group by lead_id, scoring_model_id
),

qualification_sums as (
    select
        lead_id,
        {{ hash_sum(['assessed_at']) }} as assessments_hash
    from qualifications
    group by lead_id
),

deal_sums as (
    select
        lead_id,
        scoring_model_id,
        {{ hash_sum([
            'case when opened_at < ' ~ as_of_end() ~ ' then opened_at end',
            'case when closed_at < ' ~ as_of_end() ~ ' then closed_at end'
        ]) }} as deals_hash
    from opportunities
    group by lead_id, scoring_model_id
),

final as (
    select
        fit.lead_id,
        fit.scoring_model_id,
        {{ row_hash([
            'fit.fit_score',
            'fit.fit_grade',
            'scoring_models.mql_threshold',
            'scoring_models.mql_min_grade',
            'case when leads.created_at < ' ~ as_of_end() ~ ' then leads.created_at end',
            'match_sums.matches_hash',
            'match_sums.events_before_the_end',
            'match_sums.closed_windows',
            'qualification_sums.assessments_hash',
            'deal_sums.deals_hash'
        ]) }} as inputs_fingerprint
    from fit
    inner join scoring_models
        on fit.scoring_model_id = scoring_models.scoring_model_id
    left join leads
        on fit.lead_id = leads.lead_id
    left join match_sums
        on fit.lead_id = match_sums.lead_id
            and fit.scoring_model_id = match_sums.scoring_model_id
    left join qualification_sums
        on fit.lead_id = qualification_sums.lead_id
    left join deal_sums
        on fit.lead_id = deal_sums.lead_id
            and fit.scoring_model_id = deal_sums.scoring_model_id
)

select * from final
