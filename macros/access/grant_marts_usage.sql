{#- on-run-end: the BI role (var bi_role) may use the marts schema; dbt's grants (config
    +grants in dbt_project.yml) give it select on each public mart. Nothing upstream (raw,
    staging, intermediate, data_quality) is granted, so it cannot read it. -#}
{% macro grant_marts_usage() -%}
    {{ return(adapter.dispatch('grant_marts_usage', 'leadscore')()) }}
{%- endmacro %}


{% macro default__grant_marts_usage() -%}
    select 1
{%- endmacro %}


{% macro postgres__grant_marts_usage() -%}
    {%- set marts = generate_schema_name('marts', none) | trim -%}
    do $bi$
    begin
        if exists (select from pg_namespace where nspname = '{{ marts }}') then
            grant usage on schema {{ adapter.quote(marts) }} to {{ adapter.quote(var("bi_role")) }};
        end if;
    end
    $bi$
{%- endmacro %}
