{#- THE rule-matching macro: fit rules and engagement-rule selectors both go through it.

    operator       SQL expression holding the operator name (a column, or a quoted literal)
    value          the rule's value: normalised and lower-cased (lists as a|b|c); for regex the
                   pattern as written (it is matched ignoring case, never rewritten)
    value_number   the rule's value as a number (numeric operators)
    value_to       the rule's upper bound as a number (between)
    subject        the attribute's text, normalised and lower-cased
    subject_number the attribute as a number (numeric attributes; a date's age in days)

    Values are compared as data, never rendered into the SQL. A missing subject matches
    nothing except is_missing. A list is split on "|" only: a subject that itself holds a "|"
    matches no item. The operators are rule_operator_value_kinds(); the scorecard checks
    refuse any other. -#}
{% macro rule_operator_value_kinds() -%}
    {{ return({
        'is_missing': 'none', 'equals': 'text', 'not_equals': 'text', 'in': 'list', 'not_in': 'list',
        'contains': 'text', 'starts_with': 'text', 'ends_with': 'text', 'regex': 'regex',
        'between': 'range', 'gt': 'number', 'gte': 'number', 'lt': 'number', 'lte': 'number',
    }) }}
{%- endmacro %}

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

{#- A rule belongs to its own scoring model, or to every model when it names "all". -#}
{% macro rule_applies_to_model(rule_model, scoring_model) -%}
    ({{ rule_model }} = {{ scoring_model }} or {{ rule_model }} = 'all')
{%- endmacro %}
