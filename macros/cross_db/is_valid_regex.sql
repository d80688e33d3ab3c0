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


{#- on-run-start: helper functions some engines need (PostgreSQL cannot catch a bad
    pattern inside a query, a function can). -#}
{% macro create_helper_functions() -%}
    {{ return(adapter.dispatch('create_helper_functions', 'leadscore')()) }}
{%- endmacro %}

{% macro default__create_helper_functions() -%}
    select 1
{%- endmacro %}

{% macro postgres__create_helper_functions() -%}
    create schema if not exists {{ target.schema }};
    create or replace function {{ target.schema }}.leadscore_is_valid_regex(pattern text)
    returns boolean language plpgsql immutable as $fn$
    begin
        perform '' ~* pattern;
        return true;
    exception when others then
        return false;
    end
    $fn$;
{%- endmacro %}
