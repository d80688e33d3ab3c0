{#- A whole number (at most 9 digits, so it always fits), or null. -#}
{% macro seed_whole_number(text) -%}
    case
        when {{ regex_matches(text, "'^-?[0-9]{1,9}$'") }}
            then cast({{ text }} as {{ dbt.type_int() }})
    end
{%- endmacro %}
