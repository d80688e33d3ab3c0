{#- The raw values of a row as one JSON object in text, for the quarantine: the row as it
    arrived, so nothing is lost even when it cannot be typed. -#}
{% macro raw_record(columns) -%}
    {{ return(adapter.dispatch('raw_record', 'leadscore')(columns)) }}
{%- endmacro %}

{% macro default__raw_record(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- set value -%}
            case when {{ column }} is null then 'null'
            else {{ dbt.concat(["'\"'", "replace(replace(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '\\', '\\\\'), '\"', '\\\"')", "'\"'"]) }}
            end
        {%- endset -%}
        {%- do parts.append("'" ~ ('{' if loop.first else ', ') ~ '"' ~ column ~ '": ' ~ "'") -%}
        {%- do parts.append(value) -%}
    {%- endfor -%}
    {%- do parts.append("'}'") -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}

{% macro spark__raw_record(columns) -%}
    to_json(named_struct(
        {%- for column in columns %}
        '{{ column }}', {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}
