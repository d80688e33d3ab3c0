{#- THE rule-matching macro: fit rules and engagement-rule selectors both go through it.

    operator       SQL expression holding the operator name (a column, or a quoted literal)
    value          the rule's value, trimmed and lower-cased (lists normalised to a|b|c)
    value_number   the rule's value as a number (numeric operators)
    value_to       the rule's upper bound as a number (between)
    subject        the attribute's text, trimmed and lower-cased
    subject_number the attribute as a number (numeric attributes)

    Values are compared as data, never rendered into the SQL. A missing subject matches
    nothing except is_missing. -#}
{% macro rule_matches(operator, value, subject, value_number='null', value_to='null', subject_number='null') -%}
    coalesce(
        case {{ operator }}
            when 'is_missing' then {{ subject }} is null and {{ subject_number }} is null
            when 'equals' then {{ subject }} = {{ value }}
            when 'not_equals' then {{ subject }} <> {{ value }}
            when 'in' then
                {{ dbt.position(dbt.concat(["'|'", subject, "'|'"]), dbt.concat(["'|'", value, "'|'"])) }} > 0
            when 'not_in' then
                {{ dbt.position(dbt.concat(["'|'", subject, "'|'"]), dbt.concat(["'|'", value, "'|'"])) }} = 0
            when 'contains' then {{ dbt.position(value, subject) }} > 0
            when 'starts_with' then substring({{ subject }}, 1, {{ dbt.length(value) }}) = {{ value }}
            when 'ends_with' then {{ dbt.right(subject, dbt.length(value)) }} = {{ value }}
            when 'regex' then {{ regex_matches(subject, dbt.concat(["'(?i)'", value])) }}
            when 'between' then {{ subject_number }} between {{ value_number }} and {{ value_to }}
            when 'gt' then {{ subject_number }} > {{ value_number }}
            when 'gte' then {{ subject_number }} >= {{ value_number }}
            when 'lt' then {{ subject_number }} < {{ value_number }}
            when 'lte' then {{ subject_number }} <= {{ value_number }}
        end,
        false
    )
{%- endmacro %}

{#- A rule belongs to its own scoring model, or to every model when it names "all". -#}
{% macro rule_applies_to_model(rule_model, scoring_model) -%}
    ({{ rule_model }} = {{ scoring_model }} or {{ rule_model }} = 'all')
{%- endmacro %}
