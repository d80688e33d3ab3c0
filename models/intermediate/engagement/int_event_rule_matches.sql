-- Each scorable event with the one engagement rule that scores it per model: the most
-- specific matching rule, then the higher priority, then the model's own rule before an
-- "all" rule, then the rule id (SPEC section 4). The choice depends only on what the
-- event was (type and content), never on who did it, so it is made once per distinct
-- signature and joined back to the events.
--
-- Incremental: a build matches only the events it has not matched before. A stored match is
-- forgotten first (the pre-hook, forget_stale_event_matches) when its event is no longer
-- scorable as it was (erased, quarantined, re-attributed by a new identity, corrected, or
-- after a moved as_of: its event_hash tells) or when the rules' fingerprint or this model's
-- code changed; those events are then matched again. Nothing here depends on as_of beyond which events are
-- scorable: ages, windows, caps and decay are computed downstream on every build.
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ forget_stale_event_matches() }}"
) }}

with

scorable_events as (
    select * from {{ ref('int_events_attributed') }}
    where scoring_status = 'scored'
),

rules_by_model as (
    select * from {{ ref('int_engagement_rules_by_model') }}
),

-- This model's fingerprint: the rules' and its own code's. Stored with every match.
fingerprint as (
    select {{ event_match_fingerprint('rules_fingerprint') }} as match_fingerprint
    from rules_by_model
    group by rules_fingerprint
),

-- On an incremental build, only the events without a stored match: the pre-hook has already
-- forgotten every match that no longer holds, so the event id tells.
events as (
    select scorable_events.*
    from scorable_events
    {% if is_incremental() %}
        left join {{ this }} as earlier_matches
            on scorable_events.event_id = earlier_matches.event_id
        where earlier_matches.event_id is null
    {% endif %}
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
        events.occurred_at,
        {{ event_hash('events') }} as event_hash,
        fingerprint.match_fingerprint
    from events
    cross join fingerprint
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
