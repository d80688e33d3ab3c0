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
