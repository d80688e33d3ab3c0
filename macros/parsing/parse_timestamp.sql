{#- Timestamps as exports write them, read the same way on every engine:
      ISO 8601 and its variants: 2026-05-31, 2026-05-31 14:05, 2026-05-31T14:05:09,
        0 to 9 fractional digits (kept to the microsecond), "/" or "." between date parts,
        and a zone: Z, UTC, +05:30, -0800, +05 (converted to UTC; no zone means UTC);
      day-first or month-first dates (31/05/2026, 05/31/2026 2:05 PM) when the var
        date_order is dmy or mdy; with the default ymd they are unreadable, never guessed;
      epoch seconds (9-10 digits, optionally with a fraction) and milliseconds (12-13 digits).
    A value that matches none of these, or names no real moment (2025-02-30, 24:00, month 13,
    year 0), is null; staging reports it as invalid_timestamp.

    Two steps, so each value is matched once: timestamp_parts (the pattern's groups) in one
    CTE, timestamp_from_parts in the next. -#}

{% macro timestamp_pattern() -%}
    '^(?:([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})|([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4}))(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?(?: ?([AP]M))?)?(?: ?(Z|UTC|GMT|[+-][0-9]{2}(?::?[0-9]{2})?))?$|^([0-9]{9,10}(?:[.][0-9]{1,6})?|[0-9]{12,13})$'
{%- endmacro %}

{#- The 13 groups of timestamp_pattern for a normalised text value. -#}
{% macro timestamp_parts(text) -%}
    {{ regex_groups('upper(' ~ text ~ ')', timestamp_pattern(), 13) }}
{%- endmacro %}

{% macro timestamp_from_parts(parts) -%}
    {%- set date_order = var('date_order', 'ymd') | lower -%}
    {%- if date_order not in ('ymd', 'dmy', 'mdy') -%}
        {{ exceptions.raise_compiler_error('var date_order must be ymd, dmy or mdy, not ' ~ date_order) }}
    {%- endif -%}
    {%- set g = {} -%}
    {%- for i in range(1, 14) -%}{%- do g.update({i: regex_group(parts, i)}) -%}{%- endfor -%}
    {%- set int = dbt.type_int() -%}
    {%- set year = 'cast(coalesce(' ~ g[1] ~ ', ' ~ g[6] ~ ') as ' ~ int ~ ')' -%}
    {%- set month_text = {'ymd': g[2], 'dmy': 'coalesce(' ~ g[2] ~ ', ' ~ g[5] ~ ')', 'mdy': 'coalesce(' ~ g[2] ~ ', ' ~ g[4] ~ ')'}[date_order] -%}
    {%- set day_text = {'ymd': g[3], 'dmy': 'coalesce(' ~ g[3] ~ ', ' ~ g[4] ~ ')', 'mdy': 'coalesce(' ~ g[3] ~ ', ' ~ g[5] ~ ')'}[date_order] -%}
    {%- set month = 'cast(' ~ month_text ~ ' as ' ~ int ~ ')' -%}
    {%- set day = 'cast(' ~ day_text ~ ' as ' ~ int ~ ')' -%}
    {%- set clock_hour = 'cast(coalesce(' ~ g[7] ~ ", '0') as " ~ int ~ ')' -%}
    {%- set hour -%}
        case
            when {{ g[11] }} is null then {{ clock_hour }}
            when {{ g[11] }} = 'AM' then {{ clock_hour }} % 12
            else {{ clock_hour }} % 12 + 12
        end
    {%- endset -%}
    {%- set minute = 'cast(coalesce(' ~ g[8] ~ ", '0') as " ~ int ~ ')' -%}
    {%- set second = 'cast(coalesce(' ~ g[9] ~ ", '0') as " ~ int ~ ')' -%}
    {%- set fraction = 'cast(substring(' ~ dbt.concat(['coalesce(' ~ g[10] ~ ", '')", "'000000'"]) ~ ', 1, 6) as ' ~ int ~ ')' -%}
    {%- set zone = g[12] -%}
    {%- set zone_minutes -%}
        case
            when {{ zone }} is null or {{ zone }} in ('Z', 'UTC', 'GMT') then 0
            else
                (case when substring({{ zone }}, 1, 1) = '-' then -1 else 1 end)
                * (
                    cast(substring({{ zone }}, 2, 2) as {{ int }}) * 60
                    + cast(case when {{ dbt.length(zone) }} > 3 then {{ dbt.right(zone, 2) }} else '0' end as {{ int }})
                )
        end
    {%- endset -%}
    {%- set leap = '(' ~ year ~ ' % 4 = 0 and (' ~ year ~ ' % 100 <> 0 or ' ~ year ~ ' % 400 = 0))' -%}
    {%- set days_in_month -%}
        case
            when {{ month }} = 2 then (case when {{ leap }} then 29 else 28 end)
            when {{ month }} in (4, 6, 9, 11) then 30
            else 31
        end
    {%- endset -%}
    {%- set epoch = g[13] -%}
    case
        when {{ epoch }} is not null then {{ timestamp_from_epoch_microseconds(
            'case when ' ~ dbt.length(epoch) ~ ' >= 12 then cast(' ~ epoch ~ ' as ' ~ dbt.type_bigint() ~ ') * 1000'
            ~ ' else cast(' ~ dbt.split_part(epoch, "'.'", 1) ~ ' as ' ~ dbt.type_bigint() ~ ') * 1000000'
            ~ ' + cast(substring(' ~ dbt.concat(['coalesce(' ~ dbt.split_part(epoch, "'.'", 2) ~ ", '')", "'000000'"])
            ~ ', 1, 6) as ' ~ dbt.type_bigint() ~ ') end'
        ) }}
        when
            {{ year }} >= 1
            and {% if date_order == 'ymd' %}{{ g[1] }} is not null{% else %}true{% endif %}
            and {{ month }} between 1 and 12
            and {{ day }} between 1 and {{ days_in_month }}
            and (
                ({{ g[11] }} is null and {{ clock_hour }} between 0 and 23)
                or ({{ g[11] }} is not null and {{ clock_hour }} between 1 and 12)
            )
            and {{ minute }} between 0 and 59
            and {{ second }} between 0 and 59
            and abs({{ zone_minutes }}) <= 18 * 60
            and ({{ zone }} is null or {{ dbt.length(zone) }} <= 3 or cast({{ dbt.right(zone, 2) }} as {{ int }}) <= 59)
            then {{ dbt.dateadd(
                'minute',
                '-(' ~ zone_minutes ~ ')',
                make_timestamp(year, month, day, hour, minute, second ~ ' + ' ~ fraction ~ ' / 1000000.0')
            ) }}
    end
{%- endmacro %}


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


{#- The moment this build started, as a timestamp literal: the bound for "in the future". -#}
{% macro build_started_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ api.Column.translate_type('timestamp') }})
{%- endmacro %}
