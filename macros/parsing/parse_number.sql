{#- The text with currency marks and spaces removed, in "." decimal form. -#}
{% macro parse_number__text(text) -%}
    {%- set separator = var('decimal_separator', '.') -%}
    {%- if separator not in ('.', ',') -%}
        {{ exceptions.raise_compiler_error('var decimal_separator must be "." or ",", not ' ~ separator) }}
    {%- endif -%}
    {%- set stripped = regex_replace_all('lower(' ~ text ~ ')', "'[$€£¥'' ]|usd|eur|gbp|chf'", "''") -%}
    {%- if separator == ',' -%}
        translate({{ stripped }}, '.,', ',.')
    {%- else -%}
        {{ stripped }}
    {%- endif -%}
{%- endmacro %}


{% macro parse_number(text, whole=false) -%}
    {%- set n = parse_number__text(text) -%}
    {%- set double = type_double() -%}
    {#- Up to 30 digits: a number too big for its column is out_of_range, not unreadable. -#}
    {%- set plain = "'^-?[0-9]{1,30}([.][0-9]{1,12})?$'" -%}
    {%- set grouped = "'^-?[0-9]{1,3}(,[0-9]{3}){1,9}([.][0-9]{1,12})?$'" -%}
    {%- set scientific = "'^-?[0-9]{1,3}([.][0-9]{1,12})?e[+-]?[0-9]{1,2}$'" -%}
    {%- set suffixed = "'^[0-9]{1,15}([.][0-9]{1,6})?(k|m|mm|mn|b|bn)$'" -%}
    {%- set bound = "'^([0-9]{1,30}|[0-9]{1,3}(,[0-9]{3}){1,9})[+]$'" -%}
    {%- set side = "([0-9]{1,15}|[0-9]{1,3}(,[0-9]{3}){1,4})" -%}
    {%- set range = "'^" ~ side ~ "-" ~ side ~ "$'" -%}
    {%- set no_commas = "replace(" ~ n ~ ", ',', '')" -%}
    {%- set single -%}
        case
            when {{ regex_matches(n, plain) }} or {{ regex_matches(n, scientific) }}
                then cast({{ n }} as {{ double }})
            when {{ regex_matches(n, grouped) }} then cast({{ no_commas }} as {{ double }})
            when {{ regex_matches(n, suffixed) }}
                then cast({{ regex_replace_all(n, "'[a-z]+$'", "''") }} as {{ double }})
                * (case {{ regex_replace_all(n, "'^[0-9.]+'", "''") }}
                    when 'k' then 1000 when 'b' then 1000000000 when 'bn' then 1000000000
                    else 1000000 end)
            when {{ regex_matches(n, bound) }} then cast(replace({{ no_commas }}, '+', '') as {{ double }})
        end
    {%- endset -%}
    {%- set midpoint -%}
        (
            cast({{ dbt.split_part(no_commas, "'-'", 1) }} as {{ double }})
            + cast({{ dbt.split_part(no_commas, "'-'", 2) }} as {{ double }})
        ) / 2
    {%- endset -%}
    {#- Whole numbers round half up the same way on every engine (PostgreSQL rounds a double's
        halves to even), and tolerate float noise: 8.11k is 8109.999999999999 as a double. -#}
    case
        when {{ text }} is null or lower({{ text }}) in {{ missing_value_tokens() }} then null
        when {{ regex_matches(n, range) }} then
            {% if whole %}floor({{ midpoint }} + 0.5){% else %}{{ midpoint }}{% endif %}
        {% if whole -%}
        when abs(({{ single }}) - floor(({{ single }}) + 0.5)) < 0.000001 then floor(({{ single }}) + 0.5)
        {%- else -%}
        else {{ single }}
        {%- endif %}
    end
{%- endmacro %}
