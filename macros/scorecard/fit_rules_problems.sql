{#- The checks of fit_rules (and of rule ids across both rule seeds). Reads the gate's CTEs
    fit_rules, engagement_rules, scorecard_model_ids, scorecard_attributes, scorecard_operators. -#}
{% macro fit_rules_problems() -%}
    {%- set rules -%}
    (
        select
            fit_rules.*,
            fit_rules.rule_id as row_key,
            lower(fit_rules.scoring_model_id) as model_key,
            lower(fit_rules.attribute) as attribute_key,
            lower(fit_rules.operator) as operator_key,
            attributes.data_type,
            operators.value_kind,
            models.model_key as known_model
        from fit_rules
        left join scorecard_attributes as attributes
            on lower(fit_rules.attribute) = attributes.attribute_key
        left join scorecard_operators as operators
            on lower(fit_rules.operator) = operators.operator_key
        left join scorecard_model_ids as models
            on lower(fit_rules.scoring_model_id) = models.model_key
    ) as rules
    {%- endset -%}
    {%- set row = scorecard_row_label('fit_rules', 'row_key') -%}
    {%- set value = 'value' -%}
    {{ scorecard_problem('fit_rules', "'fit_rules (no id)'", 'rule_id', "'a rule has no rule_id'",
        rules ~ ' where row_key is null', rank=2) }}
    union all
    select
        'fit_rules' as seed,
        {{ dbt.concat(["'rule '", 'rule_id']) }} as seed_row,
        'rule_id' as column_name,
        {{ dbt.concat(["'duplicate rule_id (used '", dbt.cast('count(*)', dbt.type_string()),
                       "' times across fit_rules and engagement_rules)'"]) }} as problem,
        2 as problem_rank,
        'error' as severity
    from (
        select rule_id as rule_id from fit_rules
        union all
        select rule_id as rule_id from engagement_rules
    ) as rule_ids
    where rule_id is not null
    group by rule_id
    having count(*) > 1
    union all
    {{ scorecard_problem('fit_rules', row, 'scoring_model_id',
        dbt.concat(["'unknown scoring model '", seed_quoted('scoring_model_id'), "' (scoring_models, or all)'"]),
        rules ~ " where model_key is null or (model_key <> 'all' and known_model is null)", rank=3) }}
    union all
    {{ scorecard_problem('fit_rules', row, 'attribute',
        dbt.concat(["'unknown attribute '", seed_quoted('attribute'), "' (see fit_attributes)'"]),
        rules ~ ' where data_type is null', rank=3) }}
    union all
    {{ scorecard_problem('fit_rules', row, 'operator',
        dbt.concat(["'unknown operator '", seed_quoted('operator'), "' (see rule_operators)'"]),
        rules ~ ' where value_kind is null', rank=3) }}
    union all
    {{ scorecard_problem('fit_rules', row, 'points',
        dbt.concat(["'points '", seed_quoted('points'), "' is not a number'"]),
        rules ~ ' where ' ~ 'points' ~ ' is null or ' ~ seed_is_not_number('points')) }}
    union all
    {{ scorecard_problem('fit_rules', row, 'value',
        dbt.concat(["'operator '", 'operator_key', "' needs a value'"]),
        rules ~ " where value_kind <> 'none' and " ~ value ~ ' is null') }}
    union all
    {{ scorecard_problem('fit_rules', row, 'operator',
        dbt.concat(["'operator '", 'operator_key', "' compares numbers but attribute '", 'attribute_key', "' is '", 'data_type']),
        rules ~ " where value_kind in ('number', 'range') and data_type in ('text', 'boolean')") }}
    union all
    {{ scorecard_problem('fit_rules', row, 'operator',
        dbt.concat(["'operator '", 'operator_key', "' compares text but attribute '", 'attribute_key',
                    "' is a number (use gt, gte, lt, lte or between)'"]),
        rules ~ " where value_kind in ('text', 'list', 'regex') and data_type = 'number'") }}
    union all
    {{ scorecard_problem('fit_rules', row, 'value',
        dbt.concat(["'value '", seed_quoted('value'), "' is not true or false (attribute '", 'attribute_key', "' is a boolean)'"]),
        rules ~ " where data_type = 'boolean' and value_kind in ('text', 'list') and " ~ value ~ " is not null and not "
        ~ regex_matches(regex_replace_all('lower(' ~ value ~ ')', "' *[|] *'", "'|'"), "'^(true|false)([|](true|false))*$'")) }}
    union all
    {{ scorecard_problem('fit_rules', row, 'value',
        dbt.concat(["'value '", seed_quoted('value'), "' is not a number'"]),
        rules ~ " where value_kind in ('number', 'range') and " ~ seed_is_not_number('value')) }}
    union all
    {{ scorecard_problem('fit_rules', row, 'value_to', "'between needs two bounds: value and value_to'",
        rules ~ " where value_kind = 'range' and (" ~ 'value_to' ~ ' is null or '
        ~ seed_is_not_number('value_to') ~ ')') }}
    union all
    {{ scorecard_problem('fit_rules', row, 'value_to',
        dbt.concat(["'between bounds are not ordered: '", seed_quoted('value'), "' > '", seed_quoted('value_to')]),
        rules ~ " where value_kind = 'range' and (" ~ seed_number('value') ~ ') > (' ~ seed_number('value_to') ~ ')') }}
    union all
    {{ scorecard_problem('fit_rules', row, 'value',
        dbt.concat(["'invalid regular expression '", seed_quoted('value')]),
        rules ~ " where value_kind = 'regex' and " ~ value ~ ' is not null and not ' ~ is_valid_regex(value)) }}
{%- endmacro %}
