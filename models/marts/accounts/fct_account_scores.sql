-- One row per account (company with matched leads) and scoring model: the buying group's
-- score = the company's firmographic fit + its contacts' engagement rolled up by the model's
-- method (top_n_sum: the N most engaged contacts; sum; max), its breadth (engaged contacts,
-- departments), best grade, buyer stage from all contacts' evidence, and MQA status.
{% set top_n_engagement = 'case when engagement_rank <= account_top_n then engagement_score else 0 end' %}

with

leads as (
    select * from {{ ref('int_leads_with_company') }}
),

scores as (
    select * from {{ ref('fct_lead_scores') }}
),

fit as (
    select * from {{ ref('int_lead_fit') }}
),

scoring_models as (
    select * from {{ ref('stg_scorecard__scoring_models') }}
),

stages as (
    select * from {{ ref('int_buyer_stages_reached') }}
    where subject_type = 'account'
),

contacts as (
    select
        leads.company_id,
        leads.department,
        scores.lead_id,
        scores.scoring_model_id,
        scores.fit_grade,
        scores.engagement_score,
        scores.total_score,
        fit.company_fit_score,
        scoring_models.account_rollup_method,
        scoring_models.account_top_n,
        scoring_models.engaged_contact_min_points,
        scores.engagement_score >= scoring_models.engaged_contact_min_points as is_engaged,
        row_number() over (
            partition by leads.company_id, scores.scoring_model_id
            order by scores.engagement_score desc, scores.lead_id asc
        ) as engagement_rank,
        row_number() over (
            partition by leads.company_id, scores.scoring_model_id
            order by scores.total_score desc, scores.lead_id asc
        ) as total_rank
    from leads
    inner join scores
        on leads.lead_id = scores.lead_id
    inner join fit
        on scores.lead_id = fit.lead_id
            and scores.scoring_model_id = fit.scoring_model_id
    inner join scoring_models
        on scores.scoring_model_id = scoring_models.scoring_model_id
    where leads.company_id is not null
),

rolled_up as (
    select
        company_id,
        scoring_model_id,
        -- Firmographic fit is the company's: the same for every contact.
        max(company_fit_score) as company_fit_score,
        max(account_rollup_method) as account_rollup_method,
        case max(account_rollup_method)
            when 'top_n_sum' then {{ exact_sum(top_n_engagement) }}
            when 'sum' then {{ exact_sum('engagement_score') }}
            when 'max' then max(engagement_score)
        end as contacts_engagement_score,
        count(*) as contacts,
        sum(case when is_engaged then 1 else 0 end) as engaged_contacts,
        count(distinct case when is_engaged then department end) as departments_engaged,
        min(fit_grade) as best_fit_grade,
        max(case when total_rank = 1 then lead_id end) as top_lead_id
    from contacts
    group by company_id, scoring_model_id
),

final as (
    select
        {{ surrogate_key(['rolled_up.company_id', 'rolled_up.scoring_model_id']) }} as account_score_id,
        rolled_up.company_id,
        rolled_up.scoring_model_id,
        rolled_up.top_lead_id,
        rolled_up.account_rollup_method,
        coalesce(stages.buyer_stage, 'none') as buyer_stage,
        rolled_up.best_fit_grade,
        cast(rolled_up.company_fit_score as {{ type_double() }}) as company_fit_score,
        cast(rolled_up.contacts_engagement_score as {{ type_double() }}) as contacts_engagement_score,
        cast(rolled_up.company_fit_score + rolled_up.contacts_engagement_score as {{ type_double() }})
            as account_score,
        cast(rolled_up.contacts as {{ dbt.type_bigint() }}) as contacts,
        cast(rolled_up.engaged_contacts as {{ dbt.type_bigint() }}) as engaged_contacts,
        cast(rolled_up.departments_engaged as {{ dbt.type_bigint() }}) as departments_engaged,
        rolled_up.company_fit_score + rolled_up.contacts_engagement_score >= scoring_models.mqa_threshold
        and rolled_up.engaged_contacts >= scoring_models.mqa_min_engaged_contacts as is_mqa,
        {{ as_of_date() }} as as_of
    from rolled_up
    inner join scoring_models
        on rolled_up.scoring_model_id = scoring_models.scoring_model_id
    left join stages
        on rolled_up.company_id = stages.subject_id
            and rolled_up.scoring_model_id = stages.scoring_model_id
)

select * from final
