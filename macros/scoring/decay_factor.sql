{#- The one decay expression: points x 0.5 ^ (age_days / half_life_days); a null or zero
    half-life means no decay. Past 1000 half-lives the factor is 0 (below 2^-1000; PostgreSQL
    would raise an underflow rather than return it). -#}
{% macro decay_factor(age_days_expr, half_life_expr) -%}
    case
        when coalesce({{ half_life_expr }}, 0) = 0 then 1.0
        when cast({{ age_days_expr }} as {{ type_double() }}) / {{ half_life_expr }} > 1000 then 0.0
        else power(0.5, cast({{ age_days_expr }} as {{ type_double() }}) / {{ half_life_expr }})
    end
{%- endmacro %}
