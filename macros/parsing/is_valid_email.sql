{#- Emails are normalised text, lower-cased. One is well-formed when it reads
    name@domain.tld: one "@", no spaces, a dot in the domain, no "..". -#}
{% macro is_valid_email(expr) -%}
    (
        {{ regex_matches(expr, "'^[^@ ]+@[^@ ]+[.][^@ .]+$'") }}
        and {{ expr }} not like '%..%'
    )
{%- endmacro %}
