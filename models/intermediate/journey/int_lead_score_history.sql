-- A lead's total score per model at every moment it can change (SPEC section 4: MQL dates
-- computed exactly from the history, with the same windows, caps and decay as the score):
-- each scored event, the day a negative event leaves its window, each sales assessment,
-- deal and the lead's creation, and the end of the as_of date. Between these moments points
-- only decay, so a threshold is first crossed at one of them (negative points that decay
-- would rise between moments; the default scorecard gives its negative rules no decay).
{% set event_day_start = dbt.cast(dbt.cast('occurred_at', 'date'), api.Column.translate_type('timestamp')) %}
{% set age_at_moment = dbt.datediff(
    dbt.cast('matches.occurred_at', 'date'), dbt.cast('moments.moment_at', 'date'), 'day'
) %}

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
),

opportunities as (
    select * from {{ ref('int_opportunities_by_model') }}
),

candidate_moments as (
    select
        lead_id,
        scoring_model_id,
        occurred_at as moment_at
    from matches
    union all
    select
        lead_id,
        scoring_model_id,
        {{ dbt.dateadd('day', 'window_days + 1', event_day_start) }}
    from matches
    where base_points < 0 and window_days is not null
    union all
    select
        lead_id,
        scoring_model_id, {{ as_of_end() }}
    from fit
    union all
    select
        fit.lead_id,
        fit.scoring_model_id,
        leads.created_at
    from fit
    inner join leads on fit.lead_id = leads.lead_id
    union all
    select
        fit.lead_id,
        fit.scoring_model_id,
        qualifications.assessed_at
    from fit
    inner join qualifications on fit.lead_id = qualifications.lead_id
    union all
    select
        lead_id,
        scoring_model_id,
        opened_at
    from opportunities
    where lead_id is not null
    union all
    select
        lead_id,
        scoring_model_id,
        closed_at
    from opportunities
    where lead_id is not null
),

moments as (
    select distinct
        candidate_moments.lead_id,
        candidate_moments.scoring_model_id,
        candidate_moments.moment_at
    from candidate_moments
    inner join fit
        on candidate_moments.lead_id = fit.lead_id
            and candidate_moments.scoring_model_id = fit.scoring_model_id
    where candidate_moments.moment_at is not null and candidate_moments.moment_at <= {{ as_of_end() }}
),

-- The events in effect at each moment: already happened, still inside their window.
in_effect as (
    select
        moments.lead_id,
        moments.scoring_model_id,
        moments.moment_at,
        matches.event_id,
        matches.rule_id,
        matches.occurred_at,
        matches.base_points,
        matches.max_occurrences,
        matches.half_life_days,
        {{ age_at_moment }}
            as age_days
    from moments
    inner join matches
        on moments.lead_id = matches.lead_id
            and moments.scoring_model_id = matches.scoring_model_id
            and moments.moment_at >= matches.occurred_at
    where
        matches.window_days is null
        or {{ age_at_moment }}
        <= matches.window_days
),

ranked as (
    select
        *,
        row_number() over (
            partition by lead_id, scoring_model_id, moment_at, rule_id
            order by occurred_at desc, event_id desc
        ) as occurrence_rank
    from in_effect
),

engagement_at as (
    select
        lead_id,
        scoring_model_id,
        moment_at,
        sum(
            case
                when max_occurrences is null or occurrence_rank <= max_occurrences
                    then base_points * {{ decay_factor('age_days', 'half_life_days') }}
                else 0
            end
        ) as engagement_score
    from ranked
    group by lead_id, scoring_model_id, moment_at
),

final as (
    select
        moments.lead_id,
        moments.scoring_model_id,
        moments.moment_at,
        fit.fit_score,
        fit.fit_grade,
        cast(coalesce(engagement_at.engagement_score, 0) as {{ type_double() }}) as engagement_score,
        fit.fit_score + coalesce(engagement_at.engagement_score, 0) as total_score,
        fit.fit_score + coalesce(engagement_at.engagement_score, 0) >= scoring_models.mql_threshold
        and fit.fit_grade <= scoring_models.mql_min_grade as is_qualifying
    from moments
    inner join fit
        on moments.lead_id = fit.lead_id
            and moments.scoring_model_id = fit.scoring_model_id
    inner join scoring_models
        on moments.scoring_model_id = scoring_models.scoring_model_id
    left join engagement_at
        on moments.lead_id = engagement_at.lead_id
            and moments.scoring_model_id = engagement_at.scoring_model_id
            and moments.moment_at = engagement_at.moment_at
)

select * from final
