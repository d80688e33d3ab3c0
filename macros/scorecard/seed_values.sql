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

{#- A whole number (at most 9 digits, so it always fits), or null. -#}
{% macro seed_whole_number(text) -%}
    case
        when {{ regex_matches(text, "'^-?[0-9]{1,9}$'") }}
            then cast({{ text }} as {{ dbt.type_int() }})
    end
{%- endmacro %}

{#- True when the text is there but is no number (or no whole number of at least minimum). -#}
{% macro seed_is_not_number(text) -%}
    ({{ text }} is not null and ({{ seed_number(text) }}) is null)
{%- endmacro %}

{% macro seed_is_not_whole_number(text, minimum) -%}
    (
        {{ text }} is not null
        and not coalesce(({{ seed_whole_number(text) }}) >= {{ minimum }}, false)
    )
{%- endmacro %}

{#- "value" quoted as the editor wrote it, for messages. -#}
{% macro seed_quoted(text) -%}
    {{ dbt.concat(["'\"'", "coalesce(" ~ text ~ ", '')", "'\"'"]) }}
{%- endmacro %}
