{#- on-run-start: helper functions some engines need (PostgreSQL cannot catch an error inside
    a query, a function can): is_valid_regex and raw_loaded_at use them. -#}
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
    create or replace function {{ target.schema }}.leadscore_to_timestamp(value text)
    returns timestamp language plpgsql immutable as $fn$
    begin
        -- ISO dates only: the cast alone would read 'yesterday' or 'now' as a moment.
        if value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' then
            return null;
        end if;
        return value::timestamp;
    exception when others then
        return null;
    end
    $fn$;
{%- endmacro %}
