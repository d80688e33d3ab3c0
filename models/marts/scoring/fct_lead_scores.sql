-- One row per lead and scoring model: the lead's DNA as of var('as_of').
-- score = 100 x total_score / score_cap, rounded and bounded to 0-100 (see README).
with

fit as (
    select * from {{ ref('int_lead_fit') }}
),

scoring_models as (
    select * from {{ ref('stg_scorecard__scoring_models') }}
),

-- The engagement sums, read here rather than summed again from fct_lead_score_contributions:
-- the scores do not wait for the contributions (a table of 15 M rows at a million leads).
-- assert_contributions_add_up_to_scores checks that both agree.
engagement_sums as (
    select * from {{ ref('int_lead_engagement') }}
),

bands as (
    select * from {{ ref('stg_scorecard__score_bands') }}
    where dimension = 'engagement'
),

stages as (
    select * from {{ ref('int_buyer_stages_reached') }}
    where subject_type = 'lead'
),

milestones as (
    select * from {{ ref('int_lead_milestones') }}
),

-- Every valid lead is scored in every model, with zeros when nothing matched.
lead_models as (
    select
        fit.lead_id,
        fit.scoring_model_id,
        fit.fit_score,
        fit.fit_grade,
        scoring_models.score_cap,
        cast(coalesce(engagement_sums.engagement_score, 0) as {{ type_double() }}) as engagement_score,
        engagement_sums.last_engaged_at
    from fit
    inner join scoring_models
        on fit.scoring_model_id = scoring_models.scoring_model_id
    left join engagement_sums
        on fit.lead_id = engagement_sums.lead_id
            and fit.scoring_model_id = engagement_sums.scoring_model_id
),

banded as (
    select
        lead_models.*,
        cast(bands.band as {{ dbt.type_int() }}) as engagement_level,
        lead_models.fit_score + lead_models.engagement_score as total_score
    from lead_models
    left join bands
        on lead_models.scoring_model_id = bands.scoring_model_id
            and {{ in_band('bands', 'lead_models.engagement_score') }}
),

final as (
    select
        {{ surrogate_key(['banded.lead_id', 'banded.scoring_model_id']) }} as lead_score_id,
        banded.lead_id,
        banded.scoring_model_id,
        banded.fit_score,
        banded.fit_grade,
        banded.engagement_score,
        banded.engagement_level,
        {{ dbt.concat([
            'banded.fit_grade', dbt.cast('banded.engagement_level', dbt.type_string())
        ]) }} as rating,
        banded.total_score,
        cast(
            least(
                100, greatest(0, round(100 * banded.total_score / banded.score_cap))
            ) as {{ dbt.type_int() }}
        ) as score,
        coalesce(stages.buyer_stage, 'none') as buyer_stage,
        milestones.lifecycle_stage,
        milestones.is_mql,
        milestones.mql_at,
        milestones.is_sql,
        milestones.sql_at,
        banded.last_engaged_at,
        {{ as_of_date() }} as as_of
    from banded
    left join stages
        on banded.lead_id = stages.subject_id
            and banded.scoring_model_id = stages.scoring_model_id
    left join milestones
        on banded.lead_id = milestones.lead_id
            and banded.scoring_model_id = milestones.scoring_model_id
)

select * from final
