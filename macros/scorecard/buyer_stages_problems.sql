{#- The checks of buyer_stages. Reads the gate's CTEs buyer_stages, content_catalog and
    scorecard_model_ids. -#}
{% macro buyer_stages_problems() -%}
    {%- set stages -%}
    (
        select
            buyer_stages.*,
            lower(scoring_model_id) as model_key,
            lower(buyer_stage) as stage_key,
            {{ dbt.concat(["'buyer_stages '", "coalesce(" ~ 'lower(scoring_model_id)' ~ ", '?')", "'/'",
                           "coalesce(" ~ 'lower(buyer_stage)' ~ ", '?')"]) }} as seed_row
        from buyer_stages
    ) as stages
    {%- endset -%}
    {{ scorecard_problem('buyer_stages', 'seed_row', 'scoring_model_id',
        dbt.concat(["'unknown scoring model '", seed_quoted('scoring_model_id'), "' (scoring_models, or all)'"]),
        stages ~ " where model_key is null or (model_key <> 'all' and model_key not in (select model_key from scorecard_model_ids))",
        rank=3) }}
    union all
    {{ scorecard_problem('buyer_stages', 'seed_row', 'buyer_stage',
        "'a stage no content in content_catalog is tagged with can never be reached'",
        stages ~ ' where stage_key is null or stage_key not in (select ' ~ 'lower(buyer_stage)'
        ~ ' from content_catalog where ' ~ 'lower(buyer_stage)' ~ ' is not null)', rank=3) }}
    union all
    select 'buyer_stages', seed_row, 'buyer_stage', 'duplicate stage for the scoring model', 2, 'error'
    from {{ stages }}
    group by seed_row
    having count(*) > 1
    union all
    {{ scorecard_problem('buyer_stages', 'seed_row', 'stage_order',
        dbt.concat(["'stage_order '", seed_quoted('stage_order'), "' is not a whole number of at least 1'"]),
        stages ~ ' where ' ~ 'stage_order' ~ ' is null or ' ~ seed_is_not_whole_number('stage_order', 1)) }}
    union all
    {{ scorecard_problem('buyer_stages', 'seed_row', 'entry_points',
        dbt.concat(["'entry_points '", seed_quoted('entry_points'), "' is not a number'"]),
        stages ~ ' where ' ~ 'entry_points' ~ ' is null or ' ~ seed_is_not_number('entry_points')) }}
    union all
    select 'buyer_stages', min(seed_row), 'stage_order', 'two stages of one scoring model share a stage_order', 4, 'error'
    from {{ stages }}
    group by model_key, stage_order
    having count(*) > 1
{%- endmacro %}
