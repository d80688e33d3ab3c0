-- Each scorable event with the one engagement rule that scores it per model: the most
-- specific matching rule, then the higher priority, then the model's own rule before an
-- "all" rule, then the rule id (SPEC section 4).
with

events as (
    select * from {{ ref('int_events_attributed') }}
    where scoring_status = 'scored'
),

rules as (
    select * from {{ ref('stg_scorecard__engagement_rules') }}
),

scoring_models as (
    select * from {{ ref('stg_scorecard__scoring_models') }}
),

rules_by_model as (
    select
        scoring_models.scoring_model_id,
        rules.rule_id,
        rules.event_type,
        rules.content_id,
        rules.url_pattern,
        rules.content_type,
        rules.content_proposition,
        rules.content_stage,
        rules.points,
        rules.max_occurrences,
        rules.window_days,
        rules.priority,
        rules.specificity,
        rules.scoring_model_id <> 'all' as is_model_specific,
        -- A rule's half-life overrides the model's (0 = no decay).
        coalesce(rules.half_life_days, scoring_models.half_life_days) as half_life_days
    from rules
    inner join scoring_models
        on rules.scoring_model_id = scoring_models.scoring_model_id
        or rules.scoring_model_id = 'all'
),

candidates as (
    select
        events.event_id,
        events.lead_id,
        events.occurred_at,
        rules_by_model.*
    from events
    inner join rules_by_model
        on events.event_type = rules_by_model.event_type
    where
        (
            rules_by_model.content_id is null
            or {{ rule_matches("'equals'", 'lower(rules_by_model.content_id)', 'lower(events.content_id)') }}
        )
        and (
            rules_by_model.url_pattern is null
            or {{ rule_matches("'regex'", 'rules_by_model.url_pattern', 'events.url_path') }}
        )
        and (
            rules_by_model.content_type is null
            or {{ rule_matches("'equals'", 'rules_by_model.content_type', 'events.content_type') }}
        )
        and (
            rules_by_model.content_proposition is null
            or {{ rule_matches("'equals'", 'rules_by_model.content_proposition', 'events.content_proposition') }}
        )
        and (
            rules_by_model.content_stage is null
            or {{ rule_matches("'equals'", 'rules_by_model.content_stage', 'events.content_stage') }}
        )
),

ranked as (
    select
        *,
        row_number() over (
            partition by event_id, scoring_model_id
            order by
                specificity desc,
                priority desc,
                case when is_model_specific then 0 else 1 end,
                rule_id
        ) as rule_rank
    from candidates
),

final as (
    select
        event_id,
        lead_id,
        scoring_model_id,
        rule_id,
        points as base_points,
        max_occurrences,
        window_days,
        half_life_days,
        {{ age_days('occurred_at') }} as age_days,
        occurred_at
    from ranked
    where rule_rank = 1
)

select * from final
