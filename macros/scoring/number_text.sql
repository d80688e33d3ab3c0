{#- A number as rules compare it as text: whole numbers without a decimal point. -#}
{% macro number_text(expr) -%}
    case
        when {{ expr }} = floor({{ expr }}) and abs({{ expr }}) < 1e15
            then cast(cast({{ expr }} as {{ dbt.type_bigint() }}) as {{ dbt.type_string() }})
        else cast({{ expr }} as {{ dbt.type_string() }})
    end
{%- endmacro %}
