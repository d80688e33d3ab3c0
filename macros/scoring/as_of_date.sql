{#- The scoring date (SPEC section 4): var('as_of'), a date. Everything that happened on or
    before it is scored; ages are whole days before it.

    Without var('as_of'), the LEADSCORE_AS_OF environment variable, else the demo's date. The
    variable keeps dbt's partial parsing: a changed --vars makes dbt parse the whole project
    again, a changed environment variable only the files that read it (README, "as of"). -#}
{% macro as_of_date() -%}
    cast('{{ var("as_of", env_var("LEADSCORE_AS_OF", "2026-06-30")) }}' as date)
{%- endmacro %}
