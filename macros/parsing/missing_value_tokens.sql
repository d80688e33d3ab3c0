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
