{#- A timestamp (no time zone, UTC) from its parts; seconds may carry a fraction. -#}
{% macro make_timestamp(year, month, day, hour, minute, seconds) -%}
    {{ return(adapter.dispatch('make_timestamp', 'leadscore')(year, month, day, hour, minute, seconds)) }}
{%- endmacro %}


{% macro default__make_timestamp(year, month, day, hour, minute, seconds) -%}
    make_timestamp({{ year }}, {{ month }}, {{ day }}, {{ hour }}, {{ minute }}, {{ seconds }})
{%- endmacro %}


{% macro spark__make_timestamp(year, month, day, hour, minute, seconds) -%}
    make_timestamp_ntz({{ year }}, {{ month }}, {{ day }}, {{ hour }}, {{ minute }}, {{ seconds }})
{%- endmacro %}
