{#- Whole days from a timestamp to as_of (0 on the as_of date itself). -#}
{% macro age_days(timestamp_expr) -%}
    {{ dbt.datediff(dbt.cast(timestamp_expr, 'date'), as_of_date(), 'day') }}
{%- endmacro %}
