-- Does the scorecard work, criterion by criterion? Per scoring model and outcome window (the
-- same leads and conversions as rpt_score_deciles), one row per measure and item: each rule
-- (the leads it hit against those it missed, the points it gave and the points the evidence
-- would give it), each rating, fit grade, engagement level and total-score band (calibration),
-- and the MQL handover judged on won deals and on opportunities (precision and recall).
-- Every rate and lift is one division of whole counts, so it reads the same on every engine.
{%- set band_width = var('score_band_width') | int %}
{%- set points_to_double_odds = var('points_to_double_odds') %}
with

outcomes as (
    select * from {{ ref('int_lead_outcomes') }}
),

scores as (
    select * from {{ ref('fct_lead_scores') }}
),

contributions as (
    select * from {{ ref('fct_lead_score_contributions') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_by_model') }}
),

fit_rules as (
    select * from {{ ref('stg_scorecard__fit_rules') }}
),

engagement_rules as (
    select * from {{ ref('stg_scorecard__engagement_rules') }}
),

-- A deal without an open date is history, like a win without a close date
-- (int_lead_conversions): nothing says it came after as_of.
lead_opportunities as (
    select
        lead_id,
        scoring_model_id,
        max(case when opened_at is null or opened_at <= {{ as_of_end() }} then 1 else 0 end)
            as has_opportunity_by_as_of,
        max(case when opened_at > {{ as_of_end() }} then 1 else 0 end) as has_opportunity_after_as_of
    from opportunities
    where lead_id is not null
    group by lead_id, scoring_model_id
),

-- Plotting order of the ratings and grades, the same in both windows.
scores_in_order as (
    select
        lead_id,
        scoring_model_id,
        fit_grade,
        engagement_level,
        rating,
        total_score,
        mql_at,
        cast(dense_rank() over (
            partition by scoring_model_id order by fit_grade
        ) as {{ dbt.type_int() }}) as grade_order,
        cast(dense_rank() over (
            partition by scoring_model_id order by fit_grade, engagement_level
        ) as {{ dbt.type_int() }}) as rating_order,
        cast(
            floor(total_score / {{ band_width }}) * {{ band_width }} as {{ dbt.type_int() }}
        ) as band_min
    from scores
),

-- The leads each window judges, with their outcomes as 1 or 0 (to be summed): the window's
-- conversion, and a deal opened in the window (by as_of for won_by_as_of, after it for
-- won_after_as_of).
judged_leads as (
    select
        outcomes.lead_id,
        outcomes.scoring_model_id,
        outcomes.outcome_window,
        scores_in_order.fit_grade,
        scores_in_order.engagement_level,
        scores_in_order.rating,
        scores_in_order.grade_order,
        scores_in_order.rating_order,
        scores_in_order.band_min,
        case when outcomes.is_converted then 1 else 0 end as is_converted,
        case outcomes.outcome_window
            when 'won_by_as_of' then coalesce(lead_opportunities.has_opportunity_by_as_of, 0)
            else coalesce(lead_opportunities.has_opportunity_after_as_of, 0)
        end as has_opportunity,
        case when scores_in_order.mql_at is not null then 1 else 0 end as is_mql_reached
    from outcomes
    inner join scores_in_order
        on outcomes.lead_id = scores_in_order.lead_id
            and outcomes.scoring_model_id = scores_in_order.scoring_model_id
    left join lead_opportunities
        on outcomes.lead_id = lead_opportunities.lead_id
            and outcomes.scoring_model_id = lead_opportunities.scoring_model_id
),

window_totals as (
    select
        scoring_model_id,
        outcome_window,
        count(*) as leads_in_window,
        sum(is_converted) as converted_in_window
    from judged_leads
    group by scoring_model_id, outcome_window
),

rule_catalogue as (
    select
        rule_id,
        scoring_model_id,
        'fit' as rule_type,
        rule_description,
        points
    from fit_rules
    union all
    select
        rule_id,
        scoring_model_id,
        'engagement' as rule_type,
        rule_description,
        points
    from engagement_rules
),

-- Every rule of each model in each window, also the rules that hit no lead in it.
window_rules as (
    select
        window_totals.scoring_model_id,
        window_totals.outcome_window,
        rule_catalogue.rule_id,
        rule_catalogue.rule_type,
        rule_catalogue.rule_description,
        rule_catalogue.points as configured_points,
        window_totals.leads_in_window,
        window_totals.converted_in_window,
        cast(row_number() over (
            partition by window_totals.scoring_model_id, window_totals.outcome_window
            order by case when rule_catalogue.rule_type = 'fit' then 1 else 2 end, rule_catalogue.rule_id
        ) as {{ dbt.type_int() }}) as sort_order
    from window_totals
    inner join rule_catalogue
        on {{ rule_applies_to_model('rule_catalogue.scoring_model_id', 'window_totals.scoring_model_id') }}
),

rule_hits as (
    select
        judged_leads.scoring_model_id,
        judged_leads.outcome_window,
        contributions.rule_id,
        count(*) as leads,
        sum(judged_leads.is_converted) as converted_leads,
        {{ exact_sum('contributions.points') }} as points_given
    from judged_leads
    inner join contributions
        on judged_leads.lead_id = contributions.lead_id
            and judged_leads.scoring_model_id = contributions.scoring_model_id
    group by judged_leads.scoring_model_id, judged_leads.outcome_window, contributions.rule_id
),

rule_groups as (
    select
        window_rules.scoring_model_id,
        window_rules.outcome_window,
        'rule' as measure,
        window_rules.rule_id as item,
        window_rules.rule_description as item_description,
        window_rules.sort_order,
        window_rules.rule_type,
        coalesce(rule_hits.leads, 0) as leads,
        coalesce(rule_hits.converted_leads, 0) as converted_leads,
        window_rules.leads_in_window,
        window_rules.converted_in_window,
        coalesce(rule_hits.points_given, 0) as points_given,
        window_rules.configured_points
    from window_rules
    left join rule_hits
        on window_rules.scoring_model_id = rule_hits.scoring_model_id
            and window_rules.outcome_window = rule_hits.outcome_window
            and window_rules.rule_id = rule_hits.rule_id
),

-- Each judged lead once per calibration measure, in its group.
lead_groups as (
    select
        scoring_model_id,
        outcome_window,
        'rating' as measure,
        rating as item,
        {{ dbt.concat([
            "'Fit grade '", 'fit_grade', "', engagement level '",
            dbt.cast('engagement_level', dbt.type_string())
        ]) }} as item_description,
        rating_order as sort_order,
        is_converted
    from judged_leads
    union all
    select
        scoring_model_id,
        outcome_window,
        'fit_grade' as measure,
        fit_grade as item,
        {{ dbt.concat(["'Fit grade '", 'fit_grade']) }} as item_description,
        grade_order as sort_order,
        is_converted
    from judged_leads
    union all
    select
        scoring_model_id,
        outcome_window,
        'engagement_level' as measure,
        {{ dbt.cast('engagement_level', dbt.type_string()) }} as item,
        {{ dbt.concat(["'Engagement level '", dbt.cast('engagement_level', dbt.type_string())]) }}
            as item_description,
        engagement_level as sort_order,
        is_converted
    from judged_leads
    union all
    select
        scoring_model_id,
        outcome_window,
        'score_band' as measure,
        {{ dbt.concat([
            dbt.cast('band_min', dbt.type_string()), "' to <'",
            dbt.cast('band_min + ' ~ band_width, dbt.type_string())
        ]) }} as item,
        {{ dbt.concat([
            "'Total score from '", dbt.cast('band_min', dbt.type_string()), "' to under '",
            dbt.cast('band_min + ' ~ band_width, dbt.type_string())
        ]) }} as item_description,
        band_min as sort_order,
        is_converted
    from judged_leads
),

calibration_groups as (
    select
        lead_groups.scoring_model_id,
        lead_groups.outcome_window,
        lead_groups.measure,
        lead_groups.item,
        lead_groups.item_description,
        lead_groups.sort_order,
        cast(null as {{ dbt.type_string() }}) as rule_type,
        count(*) as leads,
        sum(lead_groups.is_converted) as converted_leads,
        window_totals.leads_in_window,
        window_totals.converted_in_window,
        cast(null as {{ type_double() }}) as points_given,
        cast(null as {{ type_double() }}) as configured_points
    from lead_groups
    inner join window_totals
        on lead_groups.scoring_model_id = window_totals.scoring_model_id
            and lead_groups.outcome_window = window_totals.outcome_window
    group by
        lead_groups.scoring_model_id,
        lead_groups.outcome_window,
        lead_groups.measure,
        lead_groups.item,
        lead_groups.item_description,
        lead_groups.sort_order,
        window_totals.leads_in_window,
        window_totals.converted_in_window
),

-- The leads that reached MQL by as_of against the rest; "converted" is the row's outcome.
mql_groups as (
    select
        scoring_model_id,
        outcome_window,
        'mql' as measure,
        'won' as item,
        'Leads that reached MQL by as_of, judged on won deals' as item_description,
        1 as sort_order,
        cast(null as {{ dbt.type_string() }}) as rule_type,
        sum(is_mql_reached) as leads,
        sum(is_mql_reached * is_converted) as converted_leads,
        count(*) as leads_in_window,
        sum(is_converted) as converted_in_window,
        cast(null as {{ type_double() }}) as points_given,
        cast(null as {{ type_double() }}) as configured_points
    from judged_leads
    group by scoring_model_id, outcome_window
    union all
    select
        scoring_model_id,
        outcome_window,
        'mql' as measure,
        'opportunity' as item,
        'Leads that reached MQL by as_of, judged on deals opened in the window' as item_description,
        2 as sort_order,
        cast(null as {{ dbt.type_string() }}) as rule_type,
        sum(is_mql_reached) as leads,
        sum(is_mql_reached * has_opportunity) as converted_leads,
        count(*) as leads_in_window,
        sum(has_opportunity) as converted_in_window,
        cast(null as {{ type_double() }}) as points_given,
        cast(null as {{ type_double() }}) as configured_points
    from judged_leads
    group by scoring_model_id, outcome_window
),

all_groups as (
    select * from rule_groups
    union all
    select * from calibration_groups
    union all
    select * from mql_groups
),

counted as (
    select
        scoring_model_id,
        outcome_window,
        measure,
        item,
        item_description,
        sort_order,
        rule_type,
        cast(leads as {{ dbt.type_bigint() }}) as leads,
        cast(converted_leads as {{ dbt.type_bigint() }}) as converted_leads,
        cast(leads_in_window - leads as {{ dbt.type_bigint() }}) as leads_missed,
        cast(converted_in_window - converted_leads as {{ dbt.type_bigint() }}) as converted_missed,
        cast(leads_in_window as {{ dbt.type_bigint() }}) as leads_in_window,
        cast(converted_in_window as {{ dbt.type_bigint() }}) as converted_in_window,
        cast(points_given as {{ type_double() }}) as points_given,
        cast(configured_points as {{ type_double() }}) as configured_points
    from all_groups
),

-- The rule's odds ratio of converting, hit against missed, each group's odds smoothed by a
-- prior worth half a converted lead at the window's base rate: half a converted lead and
-- 0.5 x (not converted / converted in the window) other leads added to each group. A group
-- without a conversion gets no infinite odds, and one too small to show anything stays
-- near the base rate (near 0 points) instead of earning a large weight. Only where both
-- groups and both outcomes exist: without a contrast there is no evidence.
with_prior as (
    select
        *,
        case
            when converted_in_window > 0
                then 0.5 * (leads_in_window - converted_in_window)
                    / cast(converted_in_window as {{ type_double() }})
        end as prior_other_leads
    from counted
),

rule_evidence as (
    select
        *,
        case
            when
                measure = 'rule'
                and leads > 0 and leads_missed > 0
                and converted_in_window > 0 and converted_in_window < leads_in_window
                then ln(
                        (converted_leads + 0.5) / (leads - converted_leads + prior_other_leads)
                        / ((converted_missed + 0.5) / (leads_missed - converted_missed + prior_other_leads))
                    )
        end as log_odds_ratio
    from with_prior
),

final as (
    select
        scoring_model_id,
        outcome_window,
        measure,
        item,
        item_description,
        rule_type,
        sort_order,
        leads,
        converted_leads,
        case
            when leads > 0 then cast(converted_leads as {{ type_double() }}) / leads
        end as conversion_rate,
        leads_missed,
        converted_missed,
        case
            when leads_missed > 0 then cast(converted_missed as {{ type_double() }}) / leads_missed
        end as conversion_rate_missed,
        case
            when leads > 0 and converted_missed > 0
                then cast(converted_leads * leads_missed as {{ type_double() }}) / (leads * converted_missed)
        end as lift,
        case
            when leads > 0 and converted_in_window > 0
                then cast(converted_leads * leads_in_window as {{ type_double() }})
                    / (leads * converted_in_window)
        end as lift_over_base,
        points_given,
        case when leads > 0 then points_given / leads end as average_points,
        configured_points,
        cast(
            round({{ points_to_double_odds }} * log_odds_ratio / ln(2)) as {{ dbt.type_int() }}
        ) as fitted_points,
        case
            when measure = 'mql' and leads > 0 then cast(converted_leads as {{ type_double() }}) / leads
        end as precision,  -- noqa: RF04
        case
            when measure = 'mql' and converted_in_window > 0
                then cast(converted_leads as {{ type_double() }}) / converted_in_window
        end as recall
    from rule_evidence
)

select * from final
