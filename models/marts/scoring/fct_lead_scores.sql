-- One row per lead and scoring model: the lead's DNA as of var('as_of').
-- score = 100 x total_score / score_cap, rounded and bounded to 0-100 (see README).
with

leads as (
    select * from {{ ref('stg_raw__leads') }}
),

scoring_models as (
    select * from {{ ref('stg_scorecard__scoring_models') }}
),

contributions as (
    select * from {{ ref('fct_lead_score_contributions') }}
),

bands as (
    select * from {{ ref('stg_scorecard__score_bands') }}
),

score_sums as (
    select
        lead_id,
        scoring_model_id,
        sum(case when rule_type = 'fit' then points else 0 end) as fit_score,
        sum(case when rule_type = 'engagement' then points else 0 end) as engagement_score,
        max(last_event_at) as last_engaged_at
    from contributions
    group by lead_id, scoring_model_id
),

-- Every valid lead is scored in every model, with zeros when nothing matched.
lead_models as (
    select
        leads.lead_id,
        scoring_models.scoring_model_id,
        scoring_models.score_cap,
        cast(coalesce(score_sums.fit_score, 0) as {{ type_double() }}) as fit_score,
        cast(coalesce(score_sums.engagement_score, 0) as {{ type_double() }}) as engagement_score,
        score_sums.last_engaged_at
    from leads
    cross join scoring_models
    left join score_sums
        on leads.lead_id = score_sums.lead_id
            and scoring_models.scoring_model_id = score_sums.scoring_model_id
),

banded as (
    select
        lead_models.*,
        grades.band as fit_grade,
        cast(levels.band as {{ dbt.type_int() }}) as engagement_level,
        lead_models.fit_score + lead_models.engagement_score as total_score
    from lead_models
    left join bands as grades
        on lead_models.scoring_model_id = grades.scoring_model_id
            and grades.dimension = 'fit'
            and (grades.lower_bound is null or lead_models.fit_score >= grades.lower_bound)
            and (grades.upper_bound is null or lead_models.fit_score < grades.upper_bound)
    left join bands as levels
        on lead_models.scoring_model_id = levels.scoring_model_id
            and levels.dimension = 'engagement'
            and (levels.lower_bound is null or lead_models.engagement_score >= levels.lower_bound)
            and (levels.upper_bound is null or lead_models.engagement_score < levels.upper_bound)
),

final as (
    select
        {{ surrogate_key(['lead_id', 'scoring_model_id']) }} as lead_score_id,
        lead_id,
        scoring_model_id,
        fit_score,
        fit_grade,
        engagement_score,
        engagement_level,
        {{ dbt.concat(['fit_grade', dbt.cast('engagement_level', dbt.type_string())]) }} as rating,
        total_score,
        cast(
            least(100, greatest(0, round(100 * total_score / score_cap))) as {{ dbt.type_int() }}
        ) as score,
        last_engaged_at,
        {{ as_of_date() }} as as_of
    from banded
)

select * from final
