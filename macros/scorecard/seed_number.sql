{#- How scorecard values are read, from normalised text (normalise_text). Seeds are edited by
    people and reviewed like code, so numbers have one spelling: digits, an optional "-" and
    "." for decimals, no thousands separators ("1,5" and "1,000" are reported, never read as
    15 or 1). -#}

{#- A number, or null when the text is no number. -#}
{% macro seed_number(text) -%}
    case
        when {{ regex_matches(text, "'^-?[0-9]{1,15}([.][0-9]{1,9})?$'") }}
            then cast({{ text }} as {{ type_double() }})
    end
{%- endmacro %}
