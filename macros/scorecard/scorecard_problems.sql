{#- The checks behind the scorecard seed tests. Each returns a query of
    (seed_row, problem): one row per problem, naming the seed row and what is wrong. The
    seeds are loaded as text, so a malformed value is reported, never cast into an error. -#}

{% macro _text(column) -%}{{ clean_lower(column) }}{%- endmacro %}

{% macro _is_not_number(column) -%}
    ({{ clean_text(column) }} is not null and ({{ parse_number(column) }}) is null)
{%- endmacro %}

{% macro _is_not_whole_number(column, minimum) -%}
    (
        {{ clean_text(column) }} is not null
        and not coalesce({{ regex_matches(clean_text(column), "'^-?[0-9]+$'") }}
            and cast({{ clean_text(column) }} as {{ dbt.type_bigint() }}) >= {{ minimum }}, false)
    )
{%- endmacro %}

{% macro _row(seed, key) -%}
    {{ dbt.concat(["'" ~ seed ~ " '", "coalesce(" ~ clean_text(key) ~ ", '(no id)')"]) }}
{%- endmacro %}

{% macro _quoted(column) -%}
    {{ dbt.concat(["'\"'", "coalesce(" ~ clean_text(column) ~ ", '')", "'\"'"]) }}
{%- endmacro %}


{% macro fit_rules_problems(model, engagement_rules, scoring_models, fit_attributes, rule_operators) %}
    with
    rules as (
        select
            *,
            {{ _text('scoring_model_id') }} as model_key,
            {{ _text('attribute') }} as attribute_key,
            {{ _text('operator') }} as operator_key
        from {{ model }}
    ),
    rule_ids as (
        select {{ clean_text('rule_id') }} as rule_id, 'fit_rules' as seed from {{ model }}
        union all
        select {{ clean_text('rule_id') }} as rule_id, 'engagement_rules' as seed from {{ engagement_rules }}
    ),
    known_models as (select {{ _text('scoring_model_id') }} as model_key from {{ scoring_models }}),
    attributes as (
        select {{ _text('attribute') }} as attribute_key, {{ _text('data_type') }} as data_type
        from {{ fit_attributes }}
    ),
    operators as (
        select {{ _text('operator') }} as operator_key, {{ _text('value_kind') }} as value_kind
        from {{ rule_operators }}
    ),
    checked as (
        select
            rules.*,
            attributes.data_type,
            operators.value_kind,
            known_models.model_key as known_model
        from rules
        left join attributes on rules.attribute_key = attributes.attribute_key
        left join operators on rules.operator_key = operators.operator_key
        left join known_models on rules.model_key = known_models.model_key
    )
    select 'fit_rules (no id)' as seed_row, 'a rule has no rule_id' as problem
    from checked where {{ clean_text('rule_id') }} is null
    union all
    select
        {{ dbt.concat(["'rule '", 'rule_id']) }},
        {{ dbt.concat(["'duplicate rule_id (used '", dbt.cast('count(*)', dbt.type_string()), "' times across fit_rules and engagement_rules)'"]) }}
    from rule_ids where rule_id is not null group by rule_id having count(*) > 1
    union all
    select {{ _row('fit_rules', 'rule_id') }}, {{ dbt.concat(["'unknown scoring model '", _quoted('scoring_model_id'), "' (scoring_models, or all)'"]) }}
    from checked where model_key is null or (model_key <> 'all' and known_model is null)
    union all
    select {{ _row('fit_rules', 'rule_id') }}, {{ dbt.concat(["'unknown attribute '", _quoted('attribute'), "' (see fit_attributes)'"]) }}
    from checked where data_type is null
    union all
    select {{ _row('fit_rules', 'rule_id') }}, {{ dbt.concat(["'unknown operator '", _quoted('operator'), "' (see rule_operators)'"]) }}
    from checked where value_kind is null
    union all
    select {{ _row('fit_rules', 'rule_id') }}, {{ dbt.concat(["'points '", _quoted('points'), "' is not a number'"]) }}
    from checked where {{ clean_text('points') }} is null or {{ _is_not_number('points') }}
    union all
    select {{ _row('fit_rules', 'rule_id') }}, {{ dbt.concat(["'operator '", 'operator_key', "' needs a value'"]) }}
    from checked where value_kind <> 'none' and {{ clean_text('value') }} is null
    union all
    select {{ _row('fit_rules', 'rule_id') }}, {{ dbt.concat(["'operator '", 'operator_key', "' compares numbers but attribute '", 'attribute_key', "' is text'"]) }}
    from checked where value_kind in ('number', 'range') and data_type = 'text'
    union all
    select {{ _row('fit_rules', 'rule_id') }}, {{ dbt.concat(["'operator '", 'operator_key', "' compares text but attribute '", 'attribute_key', "' is a number (use gt, gte, lt, lte or between)'"]) }}
    from checked where value_kind in ('text', 'list', 'regex') and data_type = 'number'
    union all
    select {{ _row('fit_rules', 'rule_id') }}, {{ dbt.concat(["'value '", _quoted('value'), "' is not a number'"]) }}
    from checked where value_kind in ('number', 'range') and {{ _is_not_number('value') }}
    union all
    select {{ _row('fit_rules', 'rule_id') }}, 'between needs two bounds: value and value_to'
    from checked where value_kind = 'range' and ({{ clean_text('value_to') }} is null or {{ _is_not_number('value_to') }})
    union all
    select {{ _row('fit_rules', 'rule_id') }}, {{ dbt.concat(["'between bounds are not ordered: '", _quoted('value'), "' > '", _quoted('value_to')]) }}
    from checked
    where value_kind = 'range' and ({{ parse_number('value') }}) > ({{ parse_number('value_to') }})
    union all
    select {{ _row('fit_rules', 'rule_id') }}, {{ dbt.concat(["'invalid regular expression '", _quoted('value')]) }}
    from checked where value_kind = 'regex' and {{ clean_text('value') }} is not null and not {{ is_valid_regex(clean_text('value')) }}
{% endmacro %}


{% macro engagement_rules_problems(model, scoring_models, event_types, content_catalog) %}
    with
    rules as (
        select
            *,
            {{ _text('scoring_model_id') }} as model_key,
            {{ _text('event_type') }} as event_type_key
        from {{ model }}
    ),
    known_models as (select {{ _text('scoring_model_id') }} as model_key from {{ scoring_models }}),
    known_types as (select {{ _text('event_type') }} as event_type_key from {{ event_types }}),
    catalog as (select * from {{ content_catalog }})
    select 'engagement_rules (no id)' as seed_row, 'a rule has no rule_id' as problem
    from rules where {{ clean_text('rule_id') }} is null
    union all
    select {{ _row('engagement_rules', 'rule_id') }}, {{ dbt.concat(["'unknown scoring model '", _quoted('scoring_model_id'), "' (scoring_models, or all)'"]) }}
    from rules
    where model_key is null or (model_key <> 'all' and model_key not in (select model_key from known_models))
    union all
    select {{ _row('engagement_rules', 'rule_id') }}, {{ dbt.concat(["'unknown event type '", _quoted('event_type'), "' (see event_types)'"]) }}
    from rules where event_type_key is null or event_type_key not in (select event_type_key from known_types)
    union all
    select {{ _row('engagement_rules', 'rule_id') }}, {{ dbt.concat(["'points '", _quoted('points'), "' is not a number'"]) }}
    from rules where {{ clean_text('points') }} is null or {{ _is_not_number('points') }}
    union all
    select {{ _row('engagement_rules', 'rule_id') }}, {{ dbt.concat(["'max_occurrences '", _quoted('max_occurrences'), "' is not a whole number of at least 1'"]) }}
    from rules where {{ _is_not_whole_number('max_occurrences', 1) }}
    union all
    select {{ _row('engagement_rules', 'rule_id') }}, {{ dbt.concat(["'window_days '", _quoted('window_days'), "' is not a whole number of at least 1'"]) }}
    from rules where {{ _is_not_whole_number('window_days', 1) }}
    union all
    select {{ _row('engagement_rules', 'rule_id') }}, {{ dbt.concat(["'half_life_days '", _quoted('half_life_days'), "' is not a number of at least 0'"]) }}
    from rules
    where {{ _is_not_number('half_life_days') }} or ({{ parse_number('half_life_days') }}) < 0
    union all
    select {{ _row('engagement_rules', 'rule_id') }}, {{ dbt.concat(["'priority '", _quoted('priority'), "' is not a whole number'"]) }}
    from rules where {{ _is_not_whole_number('priority', -1000000) }}
    union all
    select {{ _row('engagement_rules', 'rule_id') }}, {{ dbt.concat(["'unknown content_id '", _quoted('content_id'), "' (see content_catalog)'"]) }}
    from rules
    where {{ clean_text('content_id') }} is not null
        and {{ clean_text('content_id') }} not in (select {{ clean_text('content_id') }} from catalog)
    union all
    select {{ _row('engagement_rules', 'rule_id') }}, {{ dbt.concat(["'unknown content_type '", _quoted('content_type'), "' (see content_catalog)'"]) }}
    from rules
    where {{ _text('content_type') }} is not null
        and {{ _text('content_type') }} not in (select {{ _text('content_type') }} from catalog)
    union all
    select {{ _row('engagement_rules', 'rule_id') }}, {{ dbt.concat(["'unknown content_proposition '", _quoted('content_proposition'), "' (a scoring model id)'"]) }}
    from rules
    where {{ _text('content_proposition') }} is not null
        and {{ _text('content_proposition') }} not in (select model_key from known_models)
    union all
    select {{ _row('engagement_rules', 'rule_id') }}, {{ dbt.concat(["'unknown content_stage '", _quoted('content_stage'), "' (see content_catalog)'"]) }}
    from rules
    where {{ _text('content_stage') }} is not null
        and {{ _text('content_stage') }} not in (
            select {{ _text('buyer_stage') }} from catalog where {{ _text('buyer_stage') }} is not null
        )
    union all
    select {{ _row('engagement_rules', 'rule_id') }}, {{ dbt.concat(["'invalid regular expression '", _quoted('url_pattern')]) }}
    from rules
    where {{ clean_text('url_pattern') }} is not null and not {{ is_valid_regex(clean_text('url_pattern')) }}
{% endmacro %}


{% macro scoring_models_problems(model) %}
    with models as (select *, {{ _text('scoring_model_id') }} as model_key from {{ model }})
    select 'scoring_models (no id)' as seed_row, 'a scoring model has no scoring_model_id' as problem
    from models where model_key is null
    union all
    select {{ dbt.concat(["'scoring model '", 'model_key']) }}, 'duplicate scoring_model_id'
    from models where model_key is not null group by model_key having count(*) > 1
    union all
    select {{ _row('scoring_models', 'scoring_model_id') }}, 'scoring_model_id all is reserved for rules that apply to every model'
    from models where model_key = 'all'
    {% for column in ['mql_threshold', 'score_cap'] %}
    union all
    select {{ _row('scoring_models', 'scoring_model_id') }}, {{ dbt.concat(["'" ~ column ~ " '", _quoted(column), "' is not a number'"]) }}
    from models where {{ clean_text(column) }} is null or {{ _is_not_number(column) }}
    {% endfor %}
    {% for column in ['mqa_threshold', 'engaged_contact_min_points'] %}
    union all
    select {{ _row('scoring_models', 'scoring_model_id') }}, {{ dbt.concat(["'" ~ column ~ " '", _quoted(column), "' is not a number'"]) }}
    from models where {{ clean_text(column) }} is null or {{ _is_not_number(column) }}
    {% endfor %}
    {% for column in ['account_top_n', 'mqa_min_engaged_contacts', 'mql_sla_hours'] %}
    union all
    select {{ _row('scoring_models', 'scoring_model_id') }}, {{ dbt.concat(["'" ~ column ~ " '", _quoted(column), "' is not a whole number of at least 1'"]) }}
    from models where {{ clean_text(column) }} is null or {{ _is_not_whole_number(column, 1) }}
    {% endfor %}
    union all
    select {{ _row('scoring_models', 'scoring_model_id') }}, {{ dbt.concat(["'sql_min_bant '", _quoted('sql_min_bant'), "' is not a whole number from 1 to 4'"]) }}
    from models
    where coalesce({{ clean_text('sql_min_bant') }}, '') not in ('1', '2', '3', '4')
    union all
    select {{ _row('scoring_models', 'scoring_model_id') }}, {{ dbt.concat(["'account_rollup_method '", _quoted('account_rollup_method'), "' is not top_n_sum, sum or max'"]) }}
    from models where coalesce({{ _text('account_rollup_method') }}, '') not in ('top_n_sum', 'sum', 'max')
    union all
    select {{ _row('scoring_models', 'scoring_model_id') }}, 'score_cap must be greater than 0'
    from models where ({{ parse_number('score_cap') }}) <= 0
    union all
    select {{ _row('scoring_models', 'scoring_model_id') }}, {{ dbt.concat(["'mql_min_grade '", _quoted('mql_min_grade'), "' is not one of A, B, C, D'"]) }}
    from models where coalesce(upper({{ clean_text('mql_min_grade') }}), '') not in ('A', 'B', 'C', 'D')
    union all
    select {{ _row('scoring_models', 'scoring_model_id') }}, {{ dbt.concat(["'decay_policy '", _quoted('decay_policy'), "' is not none or half_life'"]) }}
    from models where coalesce({{ _text('decay_policy') }}, '') not in ('none', 'half_life')
    union all
    select {{ _row('scoring_models', 'scoring_model_id') }}, 'decay_policy half_life needs half_life_days greater than 0'
    from models
    where {{ _text('decay_policy') }} = 'half_life' and not coalesce(({{ parse_number('half_life_days') }}) > 0, false)
{% endmacro %}


{% macro score_bands_problems(model, scoring_models) %}
    with
    bands as (
        select
            {{ _text('scoring_model_id') }} as model_key,
            {{ _text('dimension') }} as dimension,
            upper({{ clean_text('band') }}) as band,
            {{ clean_text('lower_bound') }} as lower_text,
            {{ clean_text('upper_bound') }} as upper_text,
            {{ parse_number('lower_bound') }} as lower_bound,
            {{ parse_number('upper_bound') }} as upper_bound
        from {{ model }}
    ),
    labelled as (
        select
            *,
            {{ dbt.concat(["'score_bands '", "coalesce(model_key, '?')", "'/'", "coalesce(dimension, '?')", "'/'", "coalesce(band, '?')"]) }} as seed_row
        from bands
    ),
    known_models as (select {{ _text('scoring_model_id') }} as model_key from {{ scoring_models }}),
    expected as (
        select known_models.model_key, labels.dimension, labels.band, labels.band_rank
        from known_models
        cross join (
            select 'fit' as dimension, 'A' as band, 1 as band_rank
            union all select 'fit', 'B', 2 union all select 'fit', 'C', 3 union all select 'fit', 'D', 4
            union all select 'engagement', '1', 1 union all select 'engagement', '2', 2
            union all select 'engagement', '3', 3 union all select 'engagement', '4', 4
        ) as labels
    ),
    ordered as (
        select
            labelled.*,
            expected.band_rank,
            lead(lower_bound) over (
                partition by labelled.model_key, labelled.dimension order by lower_bound asc nulls first
            ) as next_lower,
            lead(lower_text) over (
                partition by labelled.model_key, labelled.dimension order by lower_bound asc nulls first
            ) as next_lower_text,
            lead(expected.band_rank) over (
                partition by labelled.model_key, labelled.dimension order by lower_bound asc nulls first
            ) as next_rank,
            row_number() over (
                partition by labelled.model_key, labelled.dimension order by lower_bound asc nulls first
            ) as position_from_bottom
        from labelled
        left join expected
            on labelled.model_key = expected.model_key
            and labelled.dimension = expected.dimension
            and labelled.band = expected.band
    )
    select seed_row, {{ dbt.concat(["'unknown scoring model '", "coalesce(model_key, '')"]) }} as problem
    from ordered where model_key is null or model_key not in (select model_key from known_models)
    union all
    select seed_row, 'dimension must be fit or engagement'
    from ordered where coalesce(dimension, '') not in ('fit', 'engagement')
    union all
    select seed_row, 'band must be A, B, C or D for fit and 1, 2, 3 or 4 for engagement'
    from ordered where dimension in ('fit', 'engagement') and model_key in (select model_key from known_models) and band_rank is null
    union all
    select seed_row, 'duplicate band'
    from ordered group by seed_row having count(*) > 1
    union all
    select seed_row, 'lower_bound is not a number'
    from ordered where lower_text is not null and lower_bound is null
    union all
    select seed_row, 'upper_bound is not a number'
    from ordered where upper_text is not null and upper_bound is null
    union all
    select seed_row, 'lower_bound must be below upper_bound'
    from ordered where lower_bound >= upper_bound
    union all
    select seed_row, 'only the lowest band may be open below (empty lower_bound)'
    from ordered where lower_text is null and position_from_bottom > 1
    union all
    select seed_row, 'the lowest band must be open below (empty lower_bound), or low scores get no band'
    from ordered where position_from_bottom = 1 and lower_text is not null
    union all
    select seed_row, 'only the highest band may be open above (empty upper_bound)'
    from ordered where upper_text is null and next_lower is not null
    union all
    select seed_row, 'the highest band must be open above (empty upper_bound), or high scores get no band'
    from ordered where upper_text is not null and position_from_bottom = (
        select max(o2.position_from_bottom) from ordered as o2
        where o2.model_key = ordered.model_key and o2.dimension = ordered.dimension
    )
    union all
    select seed_row, {{ dbt.concat(["'gap: nothing covers '", 'upper_text', "' up to '", 'next_lower_text']) }}
    from ordered where upper_bound < next_lower
    union all
    select seed_row, {{ dbt.concat(["'overlap with the next band from '", 'next_lower_text', "' up to '", 'upper_text']) }}
    from ordered where upper_bound > next_lower
    union all
    select seed_row, 'bands out of order: a better band (A before B, 1 before 2) must sit higher'
    from ordered where band_rank is not null and next_rank is not null and next_rank >= band_rank
    union all
    select
        {{ dbt.concat(["'score_bands '", 'expected.model_key', "'/'", 'expected.dimension', "'/'", 'expected.band']) }},
        'missing band'
    from expected
    left join bands
        on expected.model_key = bands.model_key
        and expected.dimension = bands.dimension
        and expected.band = bands.band
    where bands.model_key is null
{% endmacro %}


{#- Run the checks at test time and fail with every problem spelled out. The query is also
    the test's result, so stored failures show the same rows. -#}
{% macro scorecard_check(model, problems_sql) %}
    {%- if execute -%}
        {%- set found = run_query(problems_sql) -%}
        {%- if found.rows | length > 0 -%}
            {%- set lines = [] -%}
            {%- for row in found.rows -%}
                {%- do lines.append('  - ' ~ row[0] ~ ': ' ~ row[1]) -%}
            {%- endfor -%}
            {{ exceptions.raise_compiler_error(
                'The scorecard seed ' ~ model.identifier ~ ' has ' ~ (found.rows | length)
                ~ ' problem(s); fix the CSV and rebuild:\n' ~ (lines | join('\n'))
            ) }}
        {%- endif -%}
    {%- endif -%}
    {{ problems_sql }}
{% endmacro %}


{% macro buyer_stages_problems(model, scoring_models, content_catalog) %}
    with
    stages as (
        select
            *,
            {{ _text('scoring_model_id') }} as model_key,
            {{ _text('buyer_stage') }} as stage_key,
            {{ dbt.concat(["'buyer_stages '", "coalesce(" ~ clean_lower('scoring_model_id') ~ ", '?')", "'/'", "coalesce(" ~ clean_lower('buyer_stage') ~ ", '?')"]) }} as seed_row
        from {{ model }}
    ),
    known_models as (select {{ _text('scoring_model_id') }} as model_key from {{ scoring_models }}),
    catalog_stages as (
        select distinct {{ _text('buyer_stage') }} as stage_key
        from {{ content_catalog }}
        where {{ _text('buyer_stage') }} is not null
    )
    select seed_row, {{ dbt.concat(["'unknown scoring model '", _quoted('scoring_model_id'), "' (scoring_models, or all)'"]) }} as problem
    from stages
    where model_key is null or (model_key <> 'all' and model_key not in (select model_key from known_models))
    union all
    select seed_row, 'a stage no content in content_catalog is tagged with can never be reached'
    from stages where stage_key is null or stage_key not in (select stage_key from catalog_stages)
    union all
    select seed_row, 'duplicate stage for the scoring model'
    from stages group by seed_row having count(*) > 1
    union all
    select seed_row, {{ dbt.concat(["'stage_order '", _quoted('stage_order'), "' is not a whole number of at least 1'"]) }}
    from stages where {{ clean_text('stage_order') }} is null or {{ _is_not_whole_number('stage_order', 1) }}
    union all
    select seed_row, {{ dbt.concat(["'entry_points '", _quoted('entry_points'), "' is not a number'"]) }}
    from stages where {{ clean_text('entry_points') }} is null or {{ _is_not_number('entry_points') }}
    union all
    select min(seed_row), 'two stages of one scoring model share a stage_order'
    from stages group by model_key, {{ clean_text('stage_order') }} having count(*) > 1
{% endmacro %}
