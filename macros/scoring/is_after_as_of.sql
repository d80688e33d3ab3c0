{#- True when the timestamp lies after the as_of date. -#}
{% macro is_after_as_of(timestamp_expr) -%}
    ({{ dbt.cast(timestamp_expr, 'date') }} > {{ as_of_date() }})
{%- endmacro %}
