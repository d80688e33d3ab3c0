{#- int_event_rule_matches is incremental; these macros decide which stored matches still hold. -#}

{#- The fingerprint of the engagement rules (int_engagement_rules_by_model) and of the matching
    model's own code: a change to either re-matches every event. -#}
{% macro event_match_fingerprint(rules_fingerprint) -%}
    {{ dbt.hash(dbt.concat([rules_fingerprint, "'" ~ model.checksum.checksum ~ "'"])) }}
{%- endmacro %}


{#- The hash of what the rule choice and the score history read of an event: its lead, moment,
    type and content. A stored match whose hash differs from its event's was made for an
    event that has changed since. -#}
{% macro event_hash(event) -%}
    {%- set columns = [] -%}
    {%- for column in ['lead_id', 'occurred_at', 'event_type', 'content_id', 'url_path', 'content_type',
                       'content_proposition', 'content_stage'] -%}
        {%- do columns.append(event ~ '.' ~ column) -%}
    {%- endfor -%}
    {{ row_hash(columns) }}
{%- endmacro %}


{#- The pre-hook of int_event_rule_matches: forget every stored match that no longer holds (its
    event is gone, or not as it was; the fingerprint changed), so the build matches those
    events again. Runs only when the table exists. A table of the shape before matching was
    incremental (an age column, no hash or fingerprint) is emptied and given the new columns:
    that build matches every event, and no --full-refresh is needed. -#}
{% macro forget_stale_event_matches() -%}
    {%- if is_incremental() -%}
        {%- set stored = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
        {%- set kept = ['event_id', 'lead_id', 'scoring_model_id', 'rule_id', 'base_points', 'max_occurrences',
                        'window_days', 'half_life_days', 'occurred_at'] -%}
        {%- if 'event_hash' not in stored or 'match_fingerprint' not in stored -%}
            delete from {{ this }};
            {%- for column in ['event_hash', 'match_fingerprint'] if column not in stored %}
                alter table {{ this }} add column {{ column }} {{ api.Column.translate_type('string') }};
            {%- endfor %}
            {%- for column in stored if column not in kept + ['event_hash', 'match_fingerprint'] %}
                alter table {{ this }} drop column {{ column }};
            {%- endfor %}
        {%- else -%}
            delete from {{ this }}
            where
                match_fingerprint not in (
                    select {{ event_match_fingerprint('rules_fingerprint') }}
                    from {{ ref('int_engagement_rules_by_model') }}
                )
                or event_id in (
                    select stored.event_id
                    from {{ this }} as stored
                    left join (
                        select
                            scorable_events.event_id,
                            {{ event_hash('scorable_events') }} as event_hash
                        from {{ ref('int_events_attributed') }} as scorable_events
                        where scorable_events.scoring_status = 'scored'
                    ) as current_events
                        on stored.event_id = current_events.event_id
                            and stored.event_hash = current_events.event_hash
                    where current_events.event_id is null
                )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
