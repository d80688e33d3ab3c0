-- One row per day from the first day the data needs to as_of (or the latest lead, if later):
-- the time spine MetricFlow joins to for cumulative metrics and time-filled series.
-- Bounded by the data, so a running total stops at as_of instead of running on for years.
with

leads as (
    select * from {{ ref('dim_leads') }}
),

transitions as (
    select * from {{ ref('fct_lifecycle_transitions') }}
),

-- 2^15 days (about 90 years) is the longest span the spine can cover.
day_numbers as (
    {{ dbt.generate_series(32768) }}
),

lead_bounds as (
    select
        min(created_at) as first_created_at,
        min(first_mql_at) as first_mql_at,
        max(created_at) as last_created_at
    from leads
),

transition_bounds as (
    select min(reached_at) as first_reached_at
    from transitions
),

bounds as (
    select
        least(
            coalesce(cast(lead_bounds.first_created_at as date), {{ as_of_date() }}),
            coalesce(cast(lead_bounds.first_mql_at as date), {{ as_of_date() }}),
            coalesce(cast(transition_bounds.first_reached_at as date), {{ as_of_date() }}),
            {{ as_of_date() }}
        ) as first_day,
        greatest(
            coalesce(cast(lead_bounds.last_created_at as date), {{ as_of_date() }}),
            {{ as_of_date() }}
        ) as last_day
    from lead_bounds
    cross join transition_bounds
),

days as (
    select
        cast({{ dbt.dateadd('day', 'day_numbers.generated_number - 1', 'bounds.first_day') }} as date)
            as date_day
    from day_numbers
    cross join bounds
),

final as (
    select days.date_day
    from days
    cross join bounds
    where days.date_day <= bounds.last_day
)

select * from final
