{#- on-run-start: the role BI tools read the marts as (var bi_role). On PostgreSQL it is created
    when missing, as a group role without login (grant it to BI users: grant leadscore_bi to
    alice); the dbt user needs CREATEROLE, or a DBA creates the role first. DuckDB has no roles:
    dashboards read the published read-only copy instead. -#}
{% macro ensure_bi_role() -%}
    {{ return(adapter.dispatch('ensure_bi_role', 'leadscore')()) }}
{%- endmacro %}


{% macro default__ensure_bi_role() -%}
    select 1
{%- endmacro %}


{% macro postgres__ensure_bi_role() -%}
    do $bi$
    begin
        if not exists (select from pg_roles where rolname = '{{ var("bi_role") }}') then
            create role {{ adapter.quote(var("bi_role")) }} nologin;
        end if;
    end
    $bi$
{%- endmacro %}
