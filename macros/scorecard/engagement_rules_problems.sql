{#- The checks of engagement_rules. Reads the gate's CTEs engagement_rules, event_types,
    content_catalog, scorecard_model_ids. -#}
{% macro engagement_rules_problems() -%}
    {%- set rules -%}
    (
        select
            engagement_rules.*,
            engagement_rules.rule_id as row_key,
            lower(engagement_rules.scoring_model_id) as model_key,
            lower(engagement_rules.event_type) as event_type_key,
            models.model_key as known_model
        from engagement_rules
        left join scorecard_model_ids as models
            on lower(engagement_rules.scoring_model_id) = models.model_key
    ) as rules
    {%- endset -%}
    {%- set row = scorecard_row_label('engagement_rules', 'row_key') -%}
    {%- set catalog = '(select * from content_catalog where ' ~ 'content_id' ~ ' is not null)' -%}
    {{ scorecard_problem('engagement_rules', "'engagement_rules (no id)'", 'rule_id', "'a rule has no rule_id'",
        rules ~ ' where row_key is null', rank=2) }}
    union all
    {{ scorecard_problem('engagement_rules', row, 'scoring_model_id',
        dbt.concat(["'unknown scoring model '", seed_quoted('scoring_model_id'), "' (scoring_models, or all)'"]),
        rules ~ " where model_key is null or (model_key <> 'all' and known_model is null)", rank=3) }}
    union all
    {{ scorecard_problem('engagement_rules', row, 'event_type',
        dbt.concat(["'unknown event type '", seed_quoted('event_type'), "' (see event_types)'"]),
        rules ~ ' where event_type_key is null or event_type_key not in (select '
        ~ 'lower(event_type)' ~ ' from event_types where ' ~ 'lower(event_type)' ~ ' is not null)',
        rank=3) }}
    union all
    {{ scorecard_problem('engagement_rules', row, 'points',
        dbt.concat(["'points '", seed_quoted('points'), "' is not a number'"]),
        rules ~ ' where ' ~ 'points' ~ ' is null or ' ~ seed_is_not_number('points')) }}
    union all
    {{ scorecard_problem('engagement_rules', row, 'max_occurrences',
        dbt.concat(["'max_occurrences '", seed_quoted('max_occurrences'), "' is not a whole number of at least 1'"]),
        rules ~ ' where ' ~ seed_is_not_whole_number('max_occurrences', 1)) }}
    union all
    {{ scorecard_problem('engagement_rules', row, 'window_days',
        dbt.concat(["'window_days '", seed_quoted('window_days'), "' is not a whole number of at least 1'"]),
        rules ~ ' where ' ~ seed_is_not_whole_number('window_days', 1)) }}
    union all
    {{ scorecard_problem('engagement_rules', row, 'half_life_days',
        dbt.concat(["'half_life_days '", seed_quoted('half_life_days'), "' is not a number of at least 0'"]),
        rules ~ ' where ' ~ seed_is_not_number('half_life_days') ~ ' or (' ~ seed_number('half_life_days') ~ ') < 0') }}
    union all
    {{ scorecard_problem('engagement_rules', row, 'priority',
        dbt.concat(["'priority '", seed_quoted('priority'), "' is not a whole number'"]),
        rules ~ ' where ' ~ seed_is_not_whole_number('priority', -1000000)) }}
    union all
    {{ scorecard_problem('engagement_rules', row, 'content_id',
        dbt.concat(["'unknown content_id '", seed_quoted('content_id'), "' (see content_catalog)'"]),
        rules ~ ' where ' ~ 'content_id' ~ ' is not null and lower(' ~ 'content_id'
        ~ ') not in (select lower(' ~ 'content_id' ~ ') from ' ~ catalog ~ ' as known)', rank=3) }}
    union all
    {{ scorecard_problem('engagement_rules', row, 'content_type',
        dbt.concat(["'unknown content_type '", seed_quoted('content_type'), "' (see content_catalog)'"]),
        rules ~ ' where ' ~ 'lower(content_type)' ~ ' is not null and ' ~ 'lower(content_type)'
        ~ ' not in (select ' ~ 'lower(content_type)' ~ ' from ' ~ catalog ~ ' as known where '
        ~ 'lower(content_type)' ~ ' is not null)', rank=3) }}
    union all
    {{ scorecard_problem('engagement_rules', row, 'content_proposition',
        dbt.concat(["'unknown content_proposition '", seed_quoted('content_proposition'), "' (a scoring model id)'"]),
        rules ~ ' where ' ~ 'lower(content_proposition)' ~ ' is not null and '
        ~ 'lower(content_proposition)' ~ ' not in (select model_key from scorecard_model_ids)', rank=3) }}
    union all
    {{ scorecard_problem('engagement_rules', row, 'content_stage',
        dbt.concat(["'unknown content_stage '", seed_quoted('content_stage'), "' (see content_catalog)'"]),
        rules ~ ' where ' ~ 'lower(content_stage)' ~ ' is not null and ' ~ 'lower(content_stage)'
        ~ ' not in (select ' ~ 'lower(buyer_stage)' ~ ' from ' ~ catalog ~ ' as known where '
        ~ 'lower(buyer_stage)' ~ ' is not null)', rank=3) }}
    union all
    {{ scorecard_problem('engagement_rules', row, 'url_pattern',
        dbt.concat(["'invalid regular expression '", seed_quoted('url_pattern')]),
        rules ~ ' where ' ~ 'url_pattern' ~ ' is not null and not '
        ~ is_valid_regex('url_pattern')) }}
{%- endmacro %}
