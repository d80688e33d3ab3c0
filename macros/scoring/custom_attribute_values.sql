{#- text_value and number_value of a custom attribute column, as fit rules test them: text
    lower-cased; numbers as numbers (and their text); booleans as 'true'/'false'; dates as
    their ISO date, with their age in days before as_of as the number (so gt 30 means "more
    than 30 days ago"). -#}
{% macro custom_attribute_values(column) -%}
    {%- set value = column.name -%}
    {%- if column.type == 'number' -%}
        {{ number_text(value) }} as text_value,
        cast({{ value }} as {{ type_double() }}) as number_value
    {%- elif column.type == 'boolean' -%}
        case when {{ value }} then 'true' when not {{ value }} then 'false' end as text_value,
        cast(null as {{ type_double() }}) as number_value
    {%- elif column.type == 'timestamp' -%}
        {{ dbt.cast(dbt.cast(value, 'date'), dbt.type_string()) }} as text_value,
        cast({{ age_days(value) }} as {{ type_double() }}) as number_value
    {%- else -%}
        lower({{ value }}) as text_value,
        cast(null as {{ type_double() }}) as number_value
    {%- endif -%}
{%- endmacro %}
