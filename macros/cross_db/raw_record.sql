{#- The raw values of a row as one JSON object in text, for the quarantine: the row as it
    arrived, so nothing is lost even when it cannot be typed. -#}
{#- columns name the JSON keys; prefix is prepended to find each value's column. -#}
{% macro raw_record(columns, prefix='') -%}
    {{ return(adapter.dispatch('raw_record', 'leadscore')(columns, prefix)) }}
{%- endmacro %}

{% macro default__raw_record(columns, prefix='') -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- set value -%}
            case when {{ prefix ~ column }} is null then 'null'
            else {{ dbt.concat(["'\"'", "replace(replace(cast(" ~ prefix ~ column ~ " as " ~ dbt.type_string() ~ "), '\\', '\\\\'), '\"', '\\\"')", "'\"'"]) }}
            end
        {%- endset -%}
        {%- do parts.append("'" ~ ('{' if loop.first else ', ') ~ '"' ~ column ~ '": ' ~ "'") -%}
        {%- do parts.append(value) -%}
    {%- endfor -%}
    {%- do parts.append("'}'") -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}

{% macro spark__raw_record(columns, prefix='') -%}
    to_json(named_struct(
        {%- for column in columns %}
        '{{ column }}', {{ prefix ~ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}
