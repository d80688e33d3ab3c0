{#- Where a model lands. On a production target (var production_targets: the embedded DuckDB
    file and the postgres target) in the schema its folder names — staging, intermediate,
    marts, data_quality — stable names for BI. On any other target (a developer's, CI's) in
    "<target schema>_<folder schema>", so two people or a CI run on one server never
    overwrite the BI schemas or each other. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif target.name in var('production_targets', ['duckdb', 'postgres', 'spark']) -%}
        {{ custom_schema_name | trim }}
    {%- else -%}
        {{ target.schema }}_{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
