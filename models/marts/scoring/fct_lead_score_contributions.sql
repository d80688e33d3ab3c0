-- Why a score is what it is: one row per lead, model and rule that gave it points.
-- Fit and engagement contributions add up to the scores in fct_lead_scores (tested).
with

fit_matches as (
    select * from {{ ref('int_fit_rule_matches') }}
),

event_points as (
    select * from {{ ref('int_event_points') }}
),

fit_rules as (
    select * from {{ ref('stg_scorecard__fit_rules') }}
),

engagement_rules as (
    select * from {{ ref('stg_scorecard__engagement_rules') }}
),

fit_contributions as (
    select
        fit_matches.lead_id,
        fit_matches.scoring_model_id,
        fit_matches.rule_id,
        'fit' as rule_type,
        fit_rules.rule_description,
        {{ dbt.concat([
            'fit_matches.attribute', "' = '", "coalesce(fit_matches.attribute_value, '(missing)')"
        ]) }} as matched_on,
        cast(1 as {{ dbt.type_bigint() }}) as occurrences,
        cast(fit_matches.points as {{ type_double() }}) as raw_points,
        cast(fit_matches.points as {{ type_double() }}) as points,
        cast(null as {{ dbt.type_timestamp() }}) as first_event_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_event_at
    from fit_matches
    inner join fit_rules
        on fit_matches.rule_id = fit_rules.rule_id
),

-- Aggregated first, described after: the rule text is joined once per contribution.
engagement_sums as (
    select
        lead_id,
        scoring_model_id,
        rule_id,
        count(*) as occurrences,
        {{ exact_sum('base_points') }} as raw_points,
        {{ exact_sum('points') }} as points,
        min(occurred_at) as first_event_at,
        max(occurred_at) as last_event_at
    from event_points
    where is_counted
    group by lead_id, scoring_model_id, rule_id
),

engagement_contributions as (
    select
        engagement_sums.lead_id,
        engagement_sums.scoring_model_id,
        engagement_sums.rule_id,
        'engagement' as rule_type,
        engagement_rules.rule_description,
        engagement_rules.event_type as matched_on,
        engagement_sums.occurrences,
        engagement_sums.raw_points,
        engagement_sums.points,
        engagement_sums.first_event_at,
        engagement_sums.last_event_at
    from engagement_sums
    inner join engagement_rules
        on engagement_sums.rule_id = engagement_rules.rule_id
),

unioned as (
    select * from fit_contributions
    union all
    select * from engagement_contributions
),

final as (
    select
        {{ surrogate_key(['lead_id', 'scoring_model_id', 'rule_id']) }} as contribution_id,
        lead_id,
        scoring_model_id,
        rule_id,
        rule_type,
        rule_description,
        matched_on,
        occurrences,
        raw_points,
        points,
        first_event_at,
        last_event_at,
        {{ as_of_date() }} as as_of
    from unioned
)

select * from final
