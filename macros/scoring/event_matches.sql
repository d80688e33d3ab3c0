{#- int_event_rule_matches is incremental; these macros decide which stored matches still hold. -#}

{#- The fingerprint of the engagement rules (int_engagement_rules_by_model) and of the matching
    model's own code: a change to either re-matches every event. -#}
{% macro event_match_fingerprint(rules_fingerprint) -%}
    {{ dbt.hash(dbt.concat([rules_fingerprint, "'" ~ model.checksum.checksum ~ "'"])) }}
{%- endmacro %}


{#- True when the stored match `matched` (a table or alias) was made for the scorable event `event` exactly as it
    is now: same lead, moment, type and content. What the rule choice reads is all here. -#}
{% macro event_match_is_current(matched, event) -%}
    {{ matched }}.event_id = {{ event }}.event_id
    and {{ matched }}.lead_id = {{ event }}.lead_id
    and {{ matched }}.occurred_at = {{ event }}.occurred_at
    and {{ matched }}.event_type = {{ event }}.event_type
    {%- for column in ['content_id', 'url_path', 'content_type', 'content_proposition', 'content_stage'] %}
        and coalesce({{ matched }}.{{ column }}, '') = coalesce({{ event }}.{{ column }}, '')
    {%- endfor %}
{%- endmacro %}


{#- The pre-hook of int_event_rule_matches: forget every stored match that no longer holds, so
    the build matches those events again. Runs only when the table exists. -#}
{% macro forget_stale_event_matches() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where
            match_fingerprint not in (
                select {{ event_match_fingerprint('rules_fingerprint') }}
                from {{ ref('int_engagement_rules_by_model') }}
            )
            or not exists (
                select 1
                from {{ ref('int_events_attributed') }} as scorable_events
                where
                    scorable_events.scoring_status = 'scored'
                    and {{ event_match_is_current(this.identifier, 'scorable_events') }}
            )
    {%- endif -%}
{%- endmacro %}
