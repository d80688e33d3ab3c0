{#- Numbers as exports spell them: "1,200", "$3.5M", "12k", "51-200" (a range: its
    midpoint), "10000+" (its bound). Placeholders such as "n/a" or "unknown" are missing
    (null). Anything else is unparseable: null here, and the staging models quarantine the
    row (see is_unparseable_number). -#}

{% macro _number_text(expr) -%}
    {{ regex_replace_all(clean_lower(expr), "'[$€£, ]'", "''") }}
{%- endmacro %}

{% macro _missing_number_tokens() -%}
    ('n/a', 'na', 'none', 'null', 'unknown', '-', '?')
{%- endmacro %}

{% macro parse_number(expr) -%}
    {%- set text = _number_text(expr) -%}
    {%- set float = dbt.type_numeric() -%}
    case
        when {{ regex_matches(text, "'^-?[0-9]+([.][0-9]+)?[+]?$'") }}
            then cast(replace({{ text }}, '+', '') as {{ float }})
        when {{ regex_matches(text, "'^[0-9]+([.][0-9]+)?k$'") }}
            then cast(replace({{ text }}, 'k', '') as {{ float }}) * 1000
        when {{ regex_matches(text, "'^[0-9]+([.][0-9]+)?(m|mm|mn)$'") }}
            then cast({{ regex_replace_all(text, "'m+n?$'", "''") }} as {{ float }}) * 1000000
        when {{ regex_matches(text, "'^[0-9]+([.][0-9]+)?(b|bn)$'") }}
            then cast({{ regex_replace_all(text, "'bn?$'", "''") }} as {{ float }}) * 1000000000
        when {{ regex_matches(text, "'^[0-9]+-[0-9]+$'") }}
            then (
                cast({{ dbt.split_part(text, "'-'", 1) }} as {{ float }})
                + cast({{ dbt.split_part(text, "'-'", 2) }} as {{ float }})
            ) / 2
    end
{%- endmacro %}

{#- True when the value is present but is no number parse_number understands. -#}
{% macro is_unparseable_number(expr) -%}
    (
        {{ clean_text(expr) }} is not null
        and {{ clean_lower(expr) }} not in {{ _missing_number_tokens() }}
        and ({{ parse_number(expr) }}) is null
    )
{%- endmacro %}
