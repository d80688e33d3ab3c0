{#- The scorecard gate's test (on base_scorecard__problems): fails the build on any error in the
    scorecard seeds, spelling out every one, first causes first, e.g.
        fit_rules F003 [operator]: unknown operator "equalz" (see rule_operators)
    With severity warn it lists the warnings instead (an empty rule file). -#}
{% test scorecard_is_valid(model, severity_level='error') %}
    {%- set problems_sql -%}
        select seed, seed_row, column_name, problem, problem_rank, severity
        from {{ model }}
        where severity = '{{ severity_level }}'
    {%- endset -%}
    {%- if execute and severity_level == 'error' -%}
        {%- set found = run_query(problems_sql ~ ' order by problem_rank, seed_row, column_name, problem') -%}
        {%- if found.rows | length > 0 -%}
            {%- set lines = [] -%}
            {%- for row in found.rows -%}
                {%- do lines.append('  - ' ~ row[1] ~ ' [' ~ row[2] ~ ']: ' ~ row[3]) -%}
            {%- endfor -%}
            {{ exceptions.raise_compiler_error(
                'The scorecard has ' ~ (found.rows | length) ~ ' problem(s); nothing was scored. '
                ~ 'Fix the CSV files in seeds/scorecard and rebuild:\n' ~ (lines | join('\n'))
            ) }}
        {%- endif -%}
    {%- endif -%}
    {{ problems_sql }}
{% endtest %}
