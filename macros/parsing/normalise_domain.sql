{#- Web domains from normalised text, lower-cased, without a scheme, "www." or any path, so
    "https://www.Acme.com/" and "acme.com " meet. -#}
{% macro normalise_domain(text) -%}
    nullif(
        {{ regex_replace_all(
            regex_replace_all('lower(' ~ text ~ ')', "'^([a-z]+://)?(www[.])?'", "''"),
            "'[/?#:].*$|[.]$'",
            "''"
        ) }},
        ''
    )
{%- endmacro %}
