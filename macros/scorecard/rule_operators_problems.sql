{#- The checks of rule_operators: each listed operator is one the rule matcher implements
    (rule_matches), with the kind of value the matcher reads. Reads the gate's CTE
    rule_operators. -#}
{% macro rule_operators_problems() -%}
    {%- set implemented = rule_operator_value_kinds() -%}
    {%- set operators -%}
    (
        select
            rule_operators.*,
            lower(operator) as operator_key,
            lower(value_kind) as value_kind_key
        from rule_operators
    ) as operators
    {%- endset -%}
    {%- set row = scorecard_row_label('rule_operators', 'operator_key') -%}
    {{ scorecard_problem('rule_operators', row, 'operator',
        dbt.concat(["'operator '", seed_quoted('operator'),
                    "' is not implemented by the rule matcher (it knows " ~ implemented.keys() | join(', ') ~ ")'"]),
        operators ~ " where coalesce(operator_key, '') not in ('" ~ implemented.keys() | join("', '") ~ "')",
        rank=3) }}
    union all
    select 'rule_operators', {{ dbt.concat(["'rule_operators '", 'operator_key']) }}, 'operator',
        'duplicate operator', 2, 'error'
    from {{ operators }}
    where operator_key is not null
    group by operator_key
    having count(*) > 1
    {%- for name, kind in implemented.items() %}
    union all
    {{ scorecard_problem('rule_operators', row, 'value_kind',
        dbt.concat(["'value_kind '", seed_quoted('value_kind'), "' is not what the matcher reads for " ~ name ~ " (" ~ kind ~ ")'"]),
        operators ~ " where operator_key = '" ~ name ~ "' and coalesce(value_kind_key, '') <> '" ~ kind ~ "'") }}
    {%- endfor %}
{%- endmacro %}
