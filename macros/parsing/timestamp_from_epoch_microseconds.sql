{#- A timestamp (no time zone, UTC) from microseconds since 1970-01-01. -#}
{% macro timestamp_from_epoch_microseconds(microseconds) -%}
    {{ return(adapter.dispatch('timestamp_from_epoch_microseconds', 'leadscore')(microseconds)) }}
{%- endmacro %}


{% macro duckdb__timestamp_from_epoch_microseconds(microseconds) -%}
    make_timestamp({{ microseconds }})
{%- endmacro %}


{% macro default__timestamp_from_epoch_microseconds(microseconds) -%}
    (
        cast('1970-01-01 00:00:00' as {{ api.Column.translate_type('timestamp') }})
        + interval '1 second' * (({{ microseconds }}) / 1000000)
        + interval '1 microsecond' * (({{ microseconds }}) % 1000000)
    )
{%- endmacro %}


{% macro spark__timestamp_from_epoch_microseconds(microseconds) -%}
    cast(timestamp_micros({{ microseconds }}) as timestamp_ntz)
{%- endmacro %}
