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
            'case when ' ~ dbt.length(epoch) ~ ' >= 12 and ' ~ dbt.position("'.'", epoch) ~ ' = 0'
            ~ ' then cast(' ~ epoch ~ ' as ' ~ dbt.type_bigint() ~ ') * 1000'
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
