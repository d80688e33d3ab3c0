-- Every account score is explained by its leads' contributions: the company fit is a
-- contact's fit contributions on company attributes (the same for every contact), and the
-- engagement part is the roll-up, by the model's method, of the contacts' engagement
-- contributions. Returns the accounts where the two disagree.
with

accounts as (
    select * from {{ ref('fct_account_scores') }}
),

contributions as (
    select * from {{ ref('fct_lead_score_contributions') }}
),

leads as (
    select * from {{ ref('int_leads_with_company') }}
),

fit_rules as (
    select * from {{ ref('stg_scorecard__fit_rules') }}
),

attributes as (
    select * from {{ ref('stg_scorecard__fit_attributes') }}
),

scoring_models as (
    select * from {{ ref('stg_scorecard__scoring_models') }}
),

contribution_parts as (
    select
        contributions.lead_id,
        contributions.scoring_model_id,
        sum(case when contributions.rule_type = 'engagement' then contributions.points else 0 end)
            as engagement_points,
        sum(case when attributes.describes = 'company' then contributions.points else 0 end)
            as company_fit_points
    from contributions
    left join fit_rules
        on contributions.rule_id = fit_rules.rule_id
    left join attributes
        on fit_rules.attribute = attributes.attribute
    group by contributions.lead_id, contributions.scoring_model_id
),

contacts as (
    select
        leads.company_id,
        leads.lead_id,
        scoring_models.scoring_model_id,
        scoring_models.account_rollup_method,
        scoring_models.account_top_n,
        coalesce(contribution_parts.engagement_points, 0) as engagement_points,
        coalesce(contribution_parts.company_fit_points, 0) as company_fit_points
    from leads
    cross join scoring_models
    left join contribution_parts
        on leads.lead_id = contribution_parts.lead_id
            and scoring_models.scoring_model_id = contribution_parts.scoring_model_id
    where leads.company_id is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by company_id, scoring_model_id
            order by engagement_points desc, lead_id asc
        ) as engagement_rank
    from contacts
),

recomputed as (
    select
        company_id,
        scoring_model_id,
        max(company_fit_points) as company_fit_points,
        case max(account_rollup_method)
            when
                'top_n_sum'
                then sum(case when engagement_rank <= account_top_n then engagement_points else 0 end)
            when 'sum' then sum(engagement_points)
            when 'max' then max(engagement_points)
        end as engagement_points
    from ranked
    group by company_id, scoring_model_id
)

select
    coalesce(accounts.company_id, recomputed.company_id) as company_id,
    coalesce(accounts.scoring_model_id, recomputed.scoring_model_id) as scoring_model_id,
    accounts.company_fit_score,
    recomputed.company_fit_points,
    accounts.contacts_engagement_score,
    recomputed.engagement_points
from accounts
full outer join recomputed
    on accounts.company_id = recomputed.company_id
        and accounts.scoring_model_id = recomputed.scoring_model_id
where
    accounts.company_id is null
    or recomputed.company_id is null
    or abs(accounts.company_fit_score - recomputed.company_fit_points) > 0.000001
    or abs(accounts.contacts_engagement_score - recomputed.engagement_points) > 0.000001
