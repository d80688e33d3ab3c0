{#- Fails on every row where the expression is not true (null counts as a failure). -#}
{% test expression_is_true(model, expression, where=none) %}
    select *
    from {{ model }}
    where
        not coalesce(({{ expression }}), false)
        {% if where %}and ({{ where }}){% endif %}
{% endtest %}
