{#- The checks of the scorecard's vocabularies (event_types, content_catalog,
    free_mail_domains) and of the rule files as a whole. -#}
{% macro vocabulary_problems() -%}
    {%- set types -%}
    (select event_types.*, lower(event_type) as type_key from event_types) as types
    {%- endset -%}
    {%- set catalog -%}
    (
        select
            content_catalog.*,
            content_id as content_key,
            lower(url_path) as path_key,
            lower(proposition) as proposition_key
        from content_catalog
    ) as catalog
    {%- endset -%}
    {{ scorecard_problem('event_types', "'event_types (no type)'", 'event_type', "'an event type is empty'",
        types ~ ' where type_key is null', rank=2) }}
    union all
    select 'event_types', {{ dbt.concat(["'event_types '", 'type_key']) }}, 'event_type', 'duplicate event type', 2, 'error'
    from {{ types }}
    where type_key is not null
    group by type_key
    having count(*) > 1
    union all
    {{ scorecard_problem('event_types', scorecard_row_label('event_types', 'type_key'), 'category',
        dbt.concat(["'category '", seed_quoted('category'), "' is not web, content, email, conversion or social'"]),
        types ~ ' where coalesce(' ~ 'lower(category)' ~ ", '') not in ('web', 'content', 'email', 'conversion', 'social')") }}
    union all
    {{ scorecard_problem('content_catalog', "'content_catalog (no id)'", 'content_id', "'a content item has no content_id'",
        catalog ~ ' where content_key is null', rank=2) }}
    union all
    select 'content_catalog', {{ dbt.concat(["'content_catalog '", 'min(content_key)']) }}, 'content_id',
        'duplicate content_id (content ids are compared ignoring case)', 2, 'error'
    from {{ catalog }}
    where content_key is not null
    group by lower(content_key)
    having count(*) > 1
    union all
    select 'content_catalog', {{ dbt.concat(["'content_catalog '", 'min(content_key)']) }}, 'url_path',
        {{ dbt.concat(["'duplicate url_path '", 'path_key']) }}, 2, 'error'
    from {{ catalog }}
    where path_key is not null
    group by path_key
    having count(*) > 1
    union all
    {{ scorecard_problem('content_catalog', scorecard_row_label('content_catalog', 'content_key'), 'proposition',
        dbt.concat(["'unknown proposition '", seed_quoted('proposition'), "' (a scoring model id, or empty for general content)'"]),
        catalog ~ ' where proposition_key is not null and proposition_key not in (select model_key from scorecard_model_ids)',
        rank=3) }}
    union all
    {{ scorecard_problem('content_catalog', scorecard_row_label('content_catalog', 'content_key'), 'buyer_stage',
        dbt.concat(["'unknown buyer_stage '", seed_quoted('buyer_stage'), "' (see buyer_stages)'"]),
        catalog ~ ' where ' ~ 'lower(buyer_stage)' ~ ' is not null and ' ~ 'lower(buyer_stage)'
        ~ ' not in (select ' ~ 'lower(buyer_stage)' ~ ' from buyer_stages where '
        ~ 'lower(buyer_stage)' ~ ' is not null)', rank=3) }}
    union all
    {{ scorecard_problem('scoring_models', "'scoring_models'", 'scoring_model_id',
        "'the file has no scoring model: every lead is scored per scoring model'",
        '(select count(*) as models from scoring_models) as counted where models = 0', rank=1) }}
    union all
    {{ scorecard_problem('fit_rules', "'fit_rules and engagement_rules'", 'rule_id',
        "'both rule files are empty: nothing would be scored'",
        '(select (select count(*) from fit_rules) + (select count(*) from engagement_rules) as rules) as counted'
        ~ ' where rules = 0', rank=1) }}
    {%- for seed in ['fit_rules', 'engagement_rules'] %}
    union all
    {{ scorecard_problem(seed, "'" ~ seed ~ "'", 'rule_id',
        "'the file is empty: no lead gets " ~ ('fit' if seed == 'fit_rules' else 'engagement') ~ " points'",
        '(select (select count(*) from ' ~ seed ~ ') as rules, (select count(*) from fit_rules) + (select count(*) from engagement_rules) as all_rules) as counted'
        ~ ' where rules = 0 and all_rules > 0', rank=1, severity='warning') }}
    {%- endfor %}
{%- endmacro %}
