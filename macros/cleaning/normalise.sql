{#- Emails and web domains, lower-cased and trimmed; domains lose a scheme, "www." and any
    path, so "https://www.Acme.com/" and "acme.com " meet. -#}

{% macro normalise_email(expr) -%}
    {{ clean_lower(expr) }}
{%- endmacro %}

{% macro is_valid_email(expr) -%}
    (
        {{ regex_matches(expr, "'^[^@ ]+@[^@ ]+[.][^@ .]+$'") }}
        and {{ expr }} not like '%..%'
    )
{%- endmacro %}

{% macro email_domain(expr) -%}
    {{ dbt.split_part(expr, "'@'", 2) }}
{%- endmacro %}

{% macro normalise_domain(expr) -%}
    nullif(
        {{ regex_replace_all(
            regex_replace_all(clean_lower(expr), "'^(https?://)?(www[.])?'", "''"),
            "'[/?#].*$|[.]$'",
            "''"
        ) }},
        ''
    )
{%- endmacro %}
