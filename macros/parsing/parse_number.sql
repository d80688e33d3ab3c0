{#- Numbers as exports spell them, in the declared format (var decimal_separator: "." by
    default, or ","; the other mark groups thousands):
      1200, 1,200, 1,200.50, -3.5, 1.2e6, $3.5M, 12k, 2bn, 10,000+ (its bound), 51-200 (a range:
      its midpoint), with currency signs or codes and spaces ignored.
    "1,5" with "." as the decimal mark is not a number (a comma must group three digits), nor is
    "1.200,5"; they are never read as another number. Placeholders such as "n/a" or "unknown"
    are missing (null), not wrong. Anything else is null here and reported as invalid_number.
    whole=true reads whole numbers only: a fractional value is invalid (1.2 employees), a
    range's midpoint is rounded. -#}

{% macro missing_value_tokens() -%}
    ('n/a', 'na', 'none', 'null', 'nil', 'unknown', '-', '--', '?', 'tbd', 'nan')
{%- endmacro %}

{#- The text with currency marks and spaces removed, in "." decimal form. -#}
{% macro _number_text(text) -%}
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
    {%- set n = _number_text(text) -%}
    {%- set double = type_double() -%}
    {%- set plain = "'^-?[0-9]{1,18}([.][0-9]{1,12})?$'" -%}
    {%- set grouped = "'^-?[0-9]{1,3}(,[0-9]{3}){1,5}([.][0-9]{1,12})?$'" -%}
    {%- set scientific = "'^-?[0-9]{1,3}([.][0-9]{1,12})?e[+-]?[0-9]{1,2}$'" -%}
    {%- set suffixed = "'^[0-9]{1,15}([.][0-9]{1,6})?(k|m|mm|mn|b|bn)$'" -%}
    {%- set bound = "'^([0-9]{1,18}|[0-9]{1,3}(,[0-9]{3}){1,5})[+]$'" -%}
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
    case
        when {{ text }} is null or lower({{ text }}) in {{ missing_value_tokens() }} then null
        when {{ regex_matches(n, range) }} then
            {% if whole %}round({{ midpoint }}){% else %}{{ midpoint }}{% endif %}
        {% if whole -%}
        when ({{ single }}) = floor({{ single }}) then {{ single }}
        {%- else -%}
        else {{ single }}
        {%- endif %}
    end
{%- endmacro %}
