-- Each scorable event with the one engagement rule that scores it per model: the most
-- specific matching rule, then the higher priority, then the model's own rule before an
-- "all" rule, then the rule id (SPEC section 4). The choice depends only on what the
-- event was (type and content), never on who did it, so it is made once per distinct
-- signature and joined back to the events.
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
        on {{ rule_applies_to_model('rules.scoring_model_id', 'scoring_models.scoring_model_id') }}
),

signatures as (
    select distinct
        event_type,
        content_id,
        url_path,
        content_type,
        content_proposition,
        content_stage
    from events
),

candidates as (
    select
        events.event_type as signature_event_type,
        events.content_id as signature_content_id,
        events.url_path as signature_url_path,
        events.content_type as signature_content_type,
        events.content_proposition as signature_content_proposition,
        events.content_stage as signature_content_stage,
        rules_by_model.*
    from signatures as events
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
            or {{ rule_matches(
                "'equals'", 'rules_by_model.content_proposition', 'events.content_proposition'
            ) }}
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
            partition by
                scoring_model_id,
                signature_event_type,
                signature_content_id,
                signature_url_path,
                signature_content_type,
                signature_content_proposition,
                signature_content_stage
            order by
                specificity desc,
                priority desc,
                case when is_model_specific then 0 else 1 end,
                rule_id asc
        ) as rule_rank
    from candidates
),

chosen_rules as (
    select * from ranked
    where rule_rank = 1
),

final as (
    select
        events.event_id,
        events.lead_id,
        chosen_rules.scoring_model_id,
        chosen_rules.rule_id,
        chosen_rules.points as base_points,
        chosen_rules.max_occurrences,
        chosen_rules.window_days,
        chosen_rules.half_life_days,
        cast({{ age_days('events.occurred_at') }} as {{ dbt.type_bigint() }}) as age_days,  -- noqa: LT05
        events.occurred_at
    from events
    inner join chosen_rules
        on events.event_type = chosen_rules.signature_event_type
            and coalesce(events.content_id, '') = coalesce(chosen_rules.signature_content_id, '')
            and coalesce(events.url_path, '') = coalesce(chosen_rules.signature_url_path, '')
            and coalesce(events.content_type, '') = coalesce(chosen_rules.signature_content_type, '')
            and coalesce(events.content_proposition, '')
            = coalesce(chosen_rules.signature_content_proposition, '')
            and coalesce(events.content_stage, '') = coalesce(chosen_rules.signature_content_stage, '')
)

select * from final
