{#- True when the text is a regular expression the engine accepts, with the flags rules are
    matched with (ignoring case); used to reject a broken scorecard rule at the scorecard
    checks instead of failing mid-build. -#}
{% macro is_valid_regex(expr) -%}
    {{ return(adapter.dispatch('is_valid_regex', 'leadscore')(expr)) }}
{%- endmacro %}


{% macro default__is_valid_regex(expr) -%}
    true
{%- endmacro %}


{% macro duckdb__is_valid_regex(expr) -%}
    (try(regexp_matches('', {{ expr }}, 'i')) is not null)
{%- endmacro %}


{% macro postgres__is_valid_regex(expr) -%}
    {{ target.schema }}.leadscore_is_valid_regex({{ expr }})
{%- endmacro %}
