{#- The checks of scoring_models. -#}
{% macro scoring_models_problems() -%}
    {%- set models -%}
    (select scoring_models.*, lower(scoring_model_id) as model_key from scoring_models) as models
    {%- endset -%}
    {%- set row = scorecard_row_label('scoring_models', 'model_key') -%}
    {{ scorecard_problem('scoring_models', "'scoring_models (no id)'", 'scoring_model_id',
        "'a scoring model has no scoring_model_id'", models ~ ' where model_key is null', rank=2) }}
    union all
    select
        'scoring_models' as seed,
        {{ dbt.concat(["'scoring_models '", 'model_key']) }} as seed_row,
        'scoring_model_id' as column_name,
        {{ dbt.concat(["'duplicate scoring_model_id (used '", dbt.cast('count(*)', dbt.type_string()), "' times)'"]) }}
            as problem,
        2 as problem_rank,
        'error' as severity
    from {{ models }}
    where model_key is not null
    group by model_key
    having count(*) > 1
    union all
    {{ scorecard_problem('scoring_models', row, 'scoring_model_id',
        "'scoring_model_id all is reserved for rules that apply to every model'",
        models ~ " where model_key = 'all'", rank=2) }}
    {%- for column in ['mql_threshold', 'score_cap', 'mqa_threshold', 'engaged_contact_min_points'] %}
    union all
    {{ scorecard_problem('scoring_models', row, column,
        dbt.concat(["'" ~ column ~ " '", seed_quoted(column), "' is not a number'"]),
        models ~ ' where ' ~ normalise_text(column) ~ ' is null or ' ~ seed_is_not_number(column)) }}
    {%- endfor %}
    {%- for column in ['account_top_n', 'mqa_min_engaged_contacts', 'mql_sla_hours'] %}
    union all
    {{ scorecard_problem('scoring_models', row, column,
        dbt.concat(["'" ~ column ~ " '", seed_quoted(column), "' is not a whole number of at least 1'"]),
        models ~ ' where ' ~ normalise_text(column) ~ ' is null or ' ~ seed_is_not_whole_number(column, 1)) }}
    {%- endfor %}
    union all
    {{ scorecard_problem('scoring_models', row, 'sql_min_bant',
        dbt.concat(["'sql_min_bant '", seed_quoted('sql_min_bant'), "' is not a whole number from 1 to 4'"]),
        models ~ ' where coalesce(' ~ 'sql_min_bant' ~ ", '') not in ('1', '2', '3', '4')") }}
    union all
    {{ scorecard_problem('scoring_models', row, 'account_rollup_method',
        dbt.concat(["'account_rollup_method '", seed_quoted('account_rollup_method'), "' is not top_n_sum, sum or max'"]),
        models ~ ' where coalesce(' ~ 'lower(account_rollup_method)' ~ ", '') not in ('top_n_sum', 'sum', 'max')") }}
    union all
    {{ scorecard_problem('scoring_models', row, 'score_cap', "'score_cap must be greater than 0'",
        models ~ ' where (' ~ seed_number('score_cap') ~ ') <= 0') }}
    union all
    {{ scorecard_problem('scoring_models', row, 'mql_min_grade',
        dbt.concat(["'mql_min_grade '", seed_quoted('mql_min_grade'), "' is not one of A, B, C, D'"]),
        models ~ ' where coalesce(upper(' ~ 'mql_min_grade' ~ "), '') not in ('A', 'B', 'C', 'D')") }}
    union all
    {{ scorecard_problem('scoring_models', row, 'decay_policy',
        dbt.concat(["'decay_policy '", seed_quoted('decay_policy'), "' is not none or half_life'"]),
        models ~ ' where coalesce(' ~ 'lower(decay_policy)' ~ ", '') not in ('none', 'half_life')") }}
    union all
    {{ scorecard_problem('scoring_models', row, 'half_life_days',
        "'decay_policy half_life needs half_life_days greater than 0'",
        models ~ ' where ' ~ 'lower(decay_policy)' ~ " = 'half_life' and not coalesce(("
        ~ seed_number('half_life_days') ~ ') > 0, false)') }}
{%- endmacro %}
