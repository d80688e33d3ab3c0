-- Fit per lead and scoring model: the score, its grade, and the part of it that describes
-- the company (the firmographic fit an account shares with all its contacts).
with

leads as (
    select * from {{ ref('stg_raw__leads') }}
),

scoring_models as (
    select * from {{ ref('stg_scorecard__scoring_models') }}
),

matches as (
    select * from {{ ref('int_fit_rule_matches') }}
),

attributes as (
    select * from {{ ref('stg_scorecard__fit_attributes') }}
),

bands as (
    select * from {{ ref('stg_scorecard__score_bands') }}
    where dimension = 'fit'
),

fit_sums as (
    select
        matches.lead_id,
        matches.scoring_model_id,
        {{ exact_sum('matches.points') }} as fit_score,
        {{ exact_sum("case when attributes.describes = 'company' then matches.points else 0 end") }}
            as company_fit_score
    from matches
    inner join attributes
        on matches.attribute = attributes.attribute
    group by matches.lead_id, matches.scoring_model_id
),

lead_models as (
    select
        leads.lead_id,
        scoring_models.scoring_model_id,
        cast(coalesce(fit_sums.fit_score, 0) as {{ type_double() }}) as fit_score,
        cast(coalesce(fit_sums.company_fit_score, 0) as {{ type_double() }}) as company_fit_score
    from leads
    cross join scoring_models
    left join fit_sums
        on leads.lead_id = fit_sums.lead_id
            and scoring_models.scoring_model_id = fit_sums.scoring_model_id
),

final as (
    select
        lead_models.lead_id,
        lead_models.scoring_model_id,
        lead_models.fit_score,
        bands.band as fit_grade,
        lead_models.company_fit_score
    from lead_models
    left join bands
        on lead_models.scoring_model_id = bands.scoring_model_id
            and {{ in_band('bands', 'lead_models.fit_score') }}
)

select * from final
