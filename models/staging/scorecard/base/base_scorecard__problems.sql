-- depends_on: {{ source('raw', 'leads') }}, {{ source('raw', 'companies') }}
-- The scorecard gate: every problem of the scorecard seeds, one row each, naming the seed, the
-- row, the column and what is wrong. Every stg_scorecard__ model depends on this one, and its
-- test fails on any error, so a broken scorecard stops the build before anything is scored
-- (the marts keep their last good state). The seeds are read as text with every documented
-- column present, so no check can itself fail on a malformed seed.
with

{% for seed in scorecard_seeds() %}
    {{ seed }} as (
        {{ read_scorecard_seed(seed) }}
    ),
{% endfor %}

scorecard_model_ids as (
    select distinct lower(scoring_model_id) as model_key
    from scoring_models
    where lower(scoring_model_id) is not null
),

scorecard_attributes as (
    select
        lower(attribute) as attribute_key,
        min(lower(data_type)) as data_type
    from fit_attributes
    where lower(attribute) is not null
    group by lower(attribute)
),

scorecard_operators as (
    select
        lower(operator) as operator_key,
        min(lower(value_kind)) as value_kind
    from rule_operators
    where lower(operator) is not null
    group by lower(operator)
),

raw_attribute_columns as (
    {{ raw_attribute_columns() }}
),

problems as (
    select * from ({{ scorecard_column_problems() }}) as column_problems
    union all
    select * from ({{ scoring_models_problems() }}) as scoring_model_problems
    union all
    select * from ({{ score_bands_problems() }}) as score_band_problems
    union all
    select * from ({{ fit_attributes_problems() }}) as fit_attribute_problems
    union all
    select * from ({{ rule_operators_problems() }}) as rule_operator_problems
    union all
    select * from ({{ fit_rules_problems() }}) as fit_rule_problems
    union all
    select * from ({{ engagement_rules_problems() }}) as engagement_rule_problems
    union all
    select * from ({{ buyer_stages_problems() }}) as buyer_stage_problems
    union all
    select * from ({{ vocabulary_problems() }}) as vocabulary_problems
),

-- A column the CSV lacks is its one problem: the checks that read the column are not reported
-- (they would only repeat it).
missing_columns as (
    select
        seed,
        column_name
    from problems
    where problem_rank = 1 and seed_row = seed
),

final as (
    select distinct
        problems.seed,
        problems.seed_row,
        problems.column_name,
        problems.problem,
        problems.problem_rank,
        problems.severity
    from problems
    left join missing_columns
        on problems.seed = missing_columns.seed
            and problems.column_name = missing_columns.column_name
            and problems.problem_rank > 1
    where missing_columns.seed is null
)

select * from final
