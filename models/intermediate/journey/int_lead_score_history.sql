-- A lead's total score per model at every moment it can change (SPEC section 4: MQL dates
-- computed exactly from the history, with the same windows, caps and decay as the score):
-- each scored event, the day a negative event leaves its window, each sales assessment, deal
-- and the lead's creation, and the end of the as_of date. Between these moments points only
-- decay, so a threshold is first crossed at one of them (negative points that decay would
-- rise between moments; the default scorecard gives its negative rules no decay).
-- A lead and model that can never qualify (its grade is below the model's minimum, or its fit
-- with every positive point of its events stays under the threshold) has rows only at the
-- moments the lifecycle reads a score at: its creation, assessments and deals, and the end of
-- as_of; each is scored directly from the events before it. At 1 M leads that is two thirds of
-- the leads and models, whose event moments were half of the history's rows.
--
-- Linear in the events, not in events x moments (see the docs block int_lead_score_history):
-- the events a rule counts at a moment are always a suffix of its events in time order (the
-- most recent max_occurrences of those inside the window), so each event enters a running sum
-- when it happens and leaves when a newer event displaces it or its window closes. Half-life
-- decay factorises, points x 0.5^((m - e)/h) = 0.5^((m - r)/h) x points x 2^((e - r)/h) for a
-- reference day r, so one running sum per half-life class and reference segment gives the
-- decayed sum at every moment.
-- Incremental (see the docs block): the last moment, the end of as_of, comes from the published
-- engagement (int_lead_engagement) for every lead and model on every build; the moments before
-- it are recomputed only for the leads and models whose inputs changed (their fingerprint in
-- int_lead_score_history_inputs differs from the one stored on their last row). The pre-hook
-- forgets those; the last post-hook forgets the last rows of an earlier as_of.
-- At scale the history is built in buckets of leads and models, one statement each
-- (score_history_buckets(): memory stays bounded); the rows are the same in any number of them.
{% set buckets = score_history_buckets() %}
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ forget_stale_score_history() }}",
    post_hook=["{{ insert_score_history_buckets() }}", "{{ forget_ended_score_history() }}"]
) }}
{#- A segment spans 40 half-lives: a weight is at most 2^40 (about 1.1e12) times its points,
    so a running sum of exact decimals (26 digits before the point) holds points up to 1e13. -#}
{% set segment_half_lives = 40 %}
{% set exact_type = 'decimal(38, 12)' %}
{% set day_number = "cast('1970-01-01' as date)" %}
{% set timestamp_type = api.Column.translate_type('timestamp') %}

with

matches as (
    select * from {{ ref('int_event_rule_matches') }}
),

inputs as (
    select * from {{ ref('int_lead_score_history_inputs') }}
),

engagement as (
    select * from {{ ref('int_lead_engagement') }}
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
),

opportunities as (
    select * from {{ ref('int_opportunities_by_model') }}
),

-- A deal's opening and its closing are moments of its lead under the deal's model.
deal_moments as (
    select
        lead_id,
        scoring_model_id,
        opened_at as moment_at
    from opportunities
    union all
    select
        lead_id,
        scoring_model_id,
        closed_at
    from opportunities
),

-- Each lead and model once, numbered: the steps below partition, sort and join on this one
-- integer rather than on two text keys (at 200k leads: a fifth less time, 40 % less memory).
numbered_lead_models as (
    select
        fit.lead_id,
        fit.scoring_model_id,
        fit.fit_score,
        fit.fit_grade,
        scoring_models.mql_threshold,
        scoring_models.mql_min_grade,
        {{ score_history_fingerprint('inputs') }} as inputs_fingerprint,
        row_number() over (order by fit.lead_id, fit.scoring_model_id) as lead_model_key
    from fit
    inner join scoring_models
        on fit.scoring_model_id = scoring_models.scoring_model_id
    inner join inputs
        on fit.lead_id = inputs.lead_id
            and fit.scoring_model_id = inputs.scoring_model_id
),

-- This statement's bucket of them (all, unless the history is built in buckets).
lead_models as (
    select * from numbered_lead_models
    {{ score_history_bucket_filter('lead_model_key', buckets) }}
),

-- The last rows kept from the build before: after the pre-hook, only leads and models whose
-- inputs are as they were still have one (none on a build from scratch).
kept_ends as (
    {{ kept_score_history_ends() }}
),

-- The leads and models whose moments before the end of as_of are computed in this build: all of
-- them, or on an incremental build those without a kept last row.
recomputed_lead_models as (
    select * from lead_models
    where
        not exists (
            select 1
            from kept_ends
            where
                kept_ends.lead_id = lead_models.lead_id
                and kept_ends.scoring_model_id = lead_models.scoring_model_id
        )
),

-- The leads and models whose last row (the end of as_of) is computed in this build: all of
-- them, but for those whose kept last row is already at this as_of.
ended_lead_models as (
    select * from lead_models
    where
        not exists (
            select 1
            from kept_ends
            where
                kept_ends.lead_id = lead_models.lead_id
                and kept_ends.scoring_model_id = lead_models.scoring_model_id
                and kept_ends.moment_at = {{ as_of_end() }}
        )
),

keyed_matches as (
    select
        recomputed_lead_models.lead_model_key,
        matches.event_id,
        matches.rule_id,
        matches.base_points,
        matches.max_occurrences,
        matches.window_days,
        matches.half_life_days,
        matches.occurred_at,
        -- When the event leaves its rule's window (none without one): the start of the day after.
        {{ dbt.dateadd(
            'day', 'matches.window_days + 1', dbt.cast(dbt.cast('matches.occurred_at', 'date'), timestamp_type)
        ) }} as window_closes_at
    from matches
    inner join recomputed_lead_models
        on matches.lead_id = recomputed_lead_models.lead_id
            and matches.scoring_model_id = recomputed_lead_models.scoring_model_id
),

-- The most engagement a lead and model can have at any moment: every positive point of its
-- events (decay, caps and windows only take points away, negative points only lower it).
most_engagement as (
    select
        lead_model_key,
        sum(case when base_points > 0 then base_points else 0 end) as most_points
    from keyed_matches
    group by lead_model_key
),

-- The leads and models whose score can reach their threshold at some moment (to the millionth,
-- as is_qualifying decides): only these need a row at every moment the score can change.
reachable_lead_models as (
    select recomputed_lead_models.lead_model_key
    from recomputed_lead_models
    left join most_engagement
        on recomputed_lead_models.lead_model_key = most_engagement.lead_model_key
    where
        recomputed_lead_models.fit_grade <= recomputed_lead_models.mql_min_grade
        and recomputed_lead_models.fit_score + coalesce(most_engagement.most_points, 0)
        >= recomputed_lead_models.mql_threshold - 0.000001
),

reachable_matches as (
    select keyed_matches.*
    from keyed_matches
    inner join reachable_lead_models
        on keyed_matches.lead_model_key = reachable_lead_models.lead_model_key
),

candidate_moments as (
    select
        lead_model_key,
        occurred_at as moment_at
    from reachable_matches
    union all
    select
        lead_model_key,
        window_closes_at
    from reachable_matches
    where base_points < 0 and window_closes_at is not null
    union all
    select
        recomputed_lead_models.lead_model_key,
        leads.created_at
    from recomputed_lead_models
    inner join leads on recomputed_lead_models.lead_id = leads.lead_id
    union all
    select
        recomputed_lead_models.lead_model_key,
        qualifications.assessed_at
    from recomputed_lead_models
    inner join qualifications on recomputed_lead_models.lead_id = qualifications.lead_id
    union all
    select
        recomputed_lead_models.lead_model_key,
        deal_moments.moment_at
    from recomputed_lead_models
    inner join deal_moments
        on recomputed_lead_models.lead_id = deal_moments.lead_id
            and recomputed_lead_models.scoring_model_id = deal_moments.scoring_model_id
),

moments as (
    select distinct
        lead_model_key,
        moment_at
    from candidate_moments
    -- The end of as_of is the last row's (ends below).
    where moment_at is not null and moment_at < {{ as_of_end() }}
),

-- Each event's place among its rule's events (for the lead and model), oldest first.
sequenced as (
    select
        event_id,
        lead_model_key,
        rule_id,
        base_points,
        max_occurrences,
        window_days,
        coalesce(half_life_days, 0) as half_life_days,
        occurred_at,
        window_closes_at,
        {{ dbt.datediff(day_number, dbt.cast('occurred_at', 'date'), 'day') }} as event_day,  -- noqa: LT05
        row_number() over (
            partition by lead_model_key, rule_id
            order by occurred_at asc, event_id asc
        ) as event_number
    from reachable_matches
),

-- When each event stops counting: when the max_occurrences-th newer event of its rule
-- happens (it is displaced), or when its window closes, whichever comes first.
spans as (
    select
        sequenced.*,
        case
            when displacing.occurred_at is not null and sequenced.window_days is not null
                then least(displacing.occurred_at, sequenced.window_closes_at)
            when displacing.occurred_at is not null then displacing.occurred_at
            when sequenced.window_days is not null then sequenced.window_closes_at
        end as left_at,
        -- The reference day r of the event's segment: decay factors stay within 2^512.
        case
            when sequenced.half_life_days > 0
                then floor(
                        sequenced.event_day / ({{ segment_half_lives }} * sequenced.half_life_days)
                    ) * {{ segment_half_lives }} * sequenced.half_life_days
            else 0
        end as reference_day
    from sequenced
    left join sequenced as displacing
        on sequenced.lead_model_key = displacing.lead_model_key
            and sequenced.rule_id = displacing.rule_id
            and displacing.event_number = sequenced.event_number + sequenced.max_occurrences
),

weighted as (
    select
        lead_model_key,
        half_life_days,
        reference_day,
        occurred_at,
        left_at,
        case
            when half_life_days > 0
                then base_points * power(2.0, (event_day - reference_day) / half_life_days)
            else base_points
        end as weight
    from spans
),

-- +weight when an event starts counting, -weight when it stops (within the horizon), as exact
-- decimals: a running sum of doubles depends on the order the engine adds in (two builds of the
-- same data differed in the last bits), and an incremental build keeps the rows of earlier
-- builds beside new ones, so every sum must come out the same on every build.
changes as (
    select
        lead_model_key,
        half_life_days,
        reference_day,
        occurred_at as changed_at,
        0 as is_probe,
        cast(weight as {{ exact_type }}) as delta
    from weighted
    union all
    select
        lead_model_key,
        half_life_days,
        reference_day,
        left_at as changed_at,
        0 as is_probe,
        cast(-weight as {{ exact_type }}) as delta
    from weighted
    where left_at <= {{ as_of_end() }}
),

-- A probe per moment and running sum (half-life class and segment) of the lead and model.
sums_of_lead as (
    select distinct
        lead_model_key,
        half_life_days,
        reference_day
    from weighted
),

probes as (
    select
        moments.lead_model_key,
        sums_of_lead.half_life_days,
        sums_of_lead.reference_day,
        moments.moment_at as changed_at,
        1 as is_probe,
        cast(0 as {{ exact_type }}) as delta
    from moments
    inner join sums_of_lead
        on moments.lead_model_key = sums_of_lead.lead_model_key
),

-- Changes at a moment count at that moment: they sort before its probe.
running as (
    select
        *,
        sum(delta) over (
            partition by lead_model_key, half_life_days, reference_day
            -- Exact sums: changes at one moment give the same sum at its probe in any order.
            order by changed_at asc, is_probe asc
            rows between unbounded preceding and current row
        ) as weight_sum
    from (
        select * from changes
        union all
        select * from probes
    ) as changes_and_probes
),

probe_sums as (
    select
        lead_model_key,
        half_life_days,
        reference_day,
        weight_sum,
        changed_at as moment_at,
        {{ dbt.datediff(day_number, dbt.cast('changed_at', 'date'), 'day') }} as moment_day  -- noqa: LT05
    from running
    where is_probe = 1
),

decayed as (
    select
        lead_model_key,
        moment_at,
        case
            -- Nothing counts (no event yet, or all left): no factor, however large, is taken.
            when weight_sum = 0 then 0
            when half_life_days = 0 then cast(weight_sum as {{ type_double() }})
            -- Over 1000 half-lives old: below 2^-1000 of the points, nothing.
            when (moment_day - reference_day) / half_life_days > 1000 then 0
            else
                cast(weight_sum as {{ type_double() }})
                * power(0.5, (moment_day - reference_day) / half_life_days)
        end as points
    from probe_sums
),

-- The moments of the leads and models that cannot qualify (creation, assessments, deals): few
-- per lead, so each is scored from the events before it, ranked newest first per rule.
unreachable_event_ranks as (
    select
        moments.lead_model_key,
        moments.moment_at,
        keyed_matches.base_points,
        keyed_matches.max_occurrences,
        keyed_matches.half_life_days,
        {{ dbt.datediff(
            dbt.cast('keyed_matches.occurred_at', 'date'), dbt.cast('moments.moment_at', 'date'), 'day'
        ) }} as age_days,
        keyed_matches.window_closes_at,
        row_number() over (
            partition by moments.lead_model_key, moments.moment_at, keyed_matches.rule_id
            order by keyed_matches.occurred_at desc, keyed_matches.event_id desc
        ) as recency
    from moments
    inner join keyed_matches
        on
            moments.lead_model_key = keyed_matches.lead_model_key
            and moments.moment_at >= keyed_matches.occurred_at
    where
        not exists (
            select 1
            from reachable_lead_models
            where reachable_lead_models.lead_model_key = moments.lead_model_key
        )
),

-- An event counts while it is among its rule's max_occurrences newest and inside its window
-- (it leaves at the start of the day after the window, as in spans above), decayed by its age.
unreachable_points as (
    select
        lead_model_key,
        moment_at,
        case
            when coalesce(half_life_days, 0) = 0 then base_points
            when age_days / half_life_days > 1000 then 0
            else base_points * power(0.5, age_days / half_life_days)
        end as points
    from unreachable_event_ranks
    where
        (max_occurrences is null or recency <= max_occurrences)
        and (window_closes_at is null or moment_at < window_closes_at)
),

engagement_at as (
    select
        lead_model_key,
        moment_at,
        {{ exact_sum('points') }} as engagement_score
    from (
        select
            lead_model_key,
            moment_at,
            points
        from decayed
        union all
        select
            lead_model_key,
            moment_at,
            points
        from unreachable_points
    ) as points_at
    group by lead_model_key, moment_at
),

moment_rows as (
    select
        recomputed_lead_models.lead_id,
        recomputed_lead_models.scoring_model_id,
        moments.moment_at,
        recomputed_lead_models.fit_score,
        recomputed_lead_models.fit_grade,
        recomputed_lead_models.mql_threshold,
        recomputed_lead_models.mql_min_grade,
        cast(coalesce(engagement_at.engagement_score, 0) as {{ type_double() }}) as engagement_score,
        cast(null as {{ api.Column.translate_type('string') }}) as inputs_fingerprint
    from moments
    inner join recomputed_lead_models
        on moments.lead_model_key = recomputed_lead_models.lead_model_key
    left join engagement_at
        on moments.lead_model_key = engagement_at.lead_model_key
            and moments.moment_at = engagement_at.moment_at
),

-- The last row, at the end of as_of: the published engagement (int_lead_engagement), so the
-- history ends at the published score. It carries the fingerprint of the inputs it stands for.
end_rows as (
    select
        ended_lead_models.lead_id,
        ended_lead_models.scoring_model_id,
        {{ as_of_end() }} as moment_at,
        ended_lead_models.fit_score,
        ended_lead_models.fit_grade,
        ended_lead_models.mql_threshold,
        ended_lead_models.mql_min_grade,
        cast(coalesce(engagement.engagement_score, 0) as {{ type_double() }}) as engagement_score,
        ended_lead_models.inputs_fingerprint
    from ended_lead_models
    left join engagement
        on ended_lead_models.lead_id = engagement.lead_id
            and ended_lead_models.scoring_model_id = engagement.scoring_model_id
),

final as (
    select
        lead_id,
        scoring_model_id,
        moment_at,
        fit_score,
        fit_grade,
        engagement_score,
        fit_score + engagement_score as total_score,
        -- Sums of decayed points carry float rounding (1e-12): ties at the threshold are
        -- decided on the score to the millionth.
        cast(fit_score + engagement_score as {{ dbt.type_numeric() }}) >= mql_threshold
        and fit_grade <= mql_min_grade as is_qualifying,
        inputs_fingerprint
    from (
        select * from moment_rows
        union all
        select * from end_rows
    ) as history_rows
)

select * from final
