-- Where the engine reads YYYY-MM-DD hh:mm:ss without the general pattern
-- (timestamp_fast_path), it must read every such value as the pattern does: the same moment,
-- or nothing the pattern would not read. Checked on every combination of edge values (year 0,
-- leap days, month 13, day 32, 24:00, second 60). Returns the values read differently (on an
-- engine without a fast path, none), and a row when the fast path read no value at all.
{%- set fast = timestamp_fast_path('text_value') | trim %}

with

years as (
    select '0000' as part
    union all
    select '0001' as part
    union all
    select '1900' as part
    union all
    select '2023' as part
    union all
    select '2024' as part
    union all
    select '2100' as part
    union all
    select '9999' as part
),

months as (
    select '00' as part
    union all
    select '01' as part
    union all
    select '02' as part
    union all
    select '04' as part
    union all
    select '12' as part
    union all
    select '13' as part
),

days as (
    select '00' as part
    union all
    select '01' as part
    union all
    select '28' as part
    union all
    select '29' as part
    union all
    select '30' as part
    union all
    select '31' as part
    union all
    select '32' as part
),

hours as (
    select '00' as part
    union all
    select '12' as part
    union all
    select '23' as part
    union all
    select '24' as part
),

minutes as (
    select '00' as part
    union all
    select '59' as part
    union all
    select '60' as part
),

seconds as (
    select '00' as part
    union all
    select '59' as part
    union all
    select '60' as part
    union all
    select '61' as part
),

candidates as (
    select
        {{ dbt.concat([
            'years.part', "'-'", 'months.part', "'-'", 'days.part', "' '",
            'hours.part', "':'", 'minutes.part', "':'", 'seconds.part'
        ]) }} as text_value
    from years
    cross join months
    cross join days
    cross join hours
    cross join minutes
    cross join seconds
),

parsed as (
    select
        text_value,
        {{ fast if fast else 'cast(null as ' ~ dbt.type_timestamp() ~ ')' }} as fast_value,
        {{ timestamp_parts('text_value') }} as parts
    from candidates
),

read as (
    select
        text_value,
        fast_value,
        {{ timestamp_from_parts('parts') }} as pattern_value
    from parsed
)

select
    text_value,
    'read differently' as problem
from read
where fast_value is not null
    and (pattern_value is null or fast_value <> pattern_value)

union all

-- A fast path that reads nothing would pass the check above without being tested.
select
    cast(null as {{ dbt.type_string() }}) as text_value,
    'the fast path read no value' as problem
from read
having count(fast_value) = 0 and {{ 'true' if fast else 'false' }}
