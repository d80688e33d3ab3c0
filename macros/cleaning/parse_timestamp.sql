{#- ISO-8601 timestamps ("2025-03-01", "2025-03-01 14:05:00", "2025-03-01T14:05:00.123").
    The same pattern gates the cast on every engine, so "31/12/2025" or "2025-13-45" is
    rejected alike everywhere instead of failing the build on engines whose cast is strict. -#}

{% macro _iso_timestamp_pattern() -%}
    '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,6})?)?)?$'
{%- endmacro %}

{% macro parse_timestamp(expr) -%}
    case
        when {{ regex_matches(clean_text(expr), _iso_timestamp_pattern()) }}
            then {{ dbt.safe_cast(clean_text(expr), api.Column.translate_type('timestamp')) }}
    end
{%- endmacro %}

{% macro is_unparseable_timestamp(expr) -%}
    ({{ clean_text(expr) }} is not null and ({{ parse_timestamp(expr) }}) is null)
{%- endmacro %}

{#- The moment this build started, as a timestamp literal: the bound for "in the future". -#}
{% macro build_started_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ api.Column.translate_type('timestamp') }})
{%- endmacro %}
