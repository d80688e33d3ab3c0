{% macro rule_matches(operator, value, subject, value_number='null', value_to='null', subject_number='null') -%}
    {%- set in_list -%}
        ({{ dbt.position(dbt.concat(["'|'", subject, "'|'"]), dbt.concat(["'|'", value, "'|'"])) }} > 0
        and {{ dbt.position("'|'", subject) }} = 0)
    {%- endset -%}
    {%- set tests = {
        'is_missing': subject ~ ' is null and ' ~ subject_number ~ ' is null',
        'equals': subject ~ ' = ' ~ value,
        'not_equals': subject ~ ' <> ' ~ value,
        'in': in_list,
        'not_in': 'not ' ~ in_list,
        'contains': dbt.position(value, subject) ~ ' > 0',
        'starts_with': 'substring(' ~ subject ~ ', 1, ' ~ dbt.length(value) ~ ') = ' ~ value,
        'ends_with': dbt.right(subject, dbt.length(value)) ~ ' = ' ~ value,
        'regex': regex_matches_ignoring_case(subject, value),
        'between': subject_number ~ ' between ' ~ value_number ~ ' and ' ~ value_to,
        'gt': subject_number ~ ' > ' ~ value_number,
        'gte': subject_number ~ ' >= ' ~ value_number,
        'lt': subject_number ~ ' < ' ~ value_number,
        'lte': subject_number ~ ' <= ' ~ value_number,
    } -%}
    coalesce(
        case {{ operator }}
            {%- for name in rule_operator_value_kinds() %}
            when '{{ name }}' then {{ tests[name] }}
            {%- endfor %}
        end,
        false
    )
{%- endmacro %}
