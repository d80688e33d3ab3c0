{#- The scoring date (SPEC section 4): var('as_of'), a date. Everything that happened on or
    before it is scored; ages are whole days before it. -#}
{% macro as_of_date() -%}
    cast('{{ var("as_of") }}' as date)
{%- endmacro %}

{#- Whole days from a timestamp to as_of (0 on the as_of date itself). -#}
{% macro age_days(timestamp_expr) -%}
    {{ dbt.datediff(dbt.cast(timestamp_expr, 'date'), as_of_date(), 'day') }}
{%- endmacro %}

{#- True when the timestamp lies after the as_of date. -#}
{% macro is_after_as_of(timestamp_expr) -%}
    ({{ dbt.cast(timestamp_expr, 'date') }} > {{ as_of_date() }})
{%- endmacro %}

{#- The one decay expression: points x 0.5 ^ (age_days / half_life_days); a null or zero
    half-life means no decay. -#}
{% macro decay_factor(age_days_expr, half_life_expr) -%}
    case
        when coalesce({{ half_life_expr }}, 0) = 0 then 1.0
        else power(0.5, cast({{ age_days_expr }} as {{ type_double() }}) / {{ half_life_expr }})
    end
{%- endmacro %}

{#- The last moment of the as_of date: what happened on that date is in. -#}
{% macro as_of_end() -%}
    {{ dbt.dateadd('second', 86399, dbt.cast(as_of_date(), api.Column.translate_type('timestamp'))) }}
{%- endmacro %}
