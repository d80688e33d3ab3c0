with

source as (
    select * from {{ source('raw', 'companies') }}
),

cleaned as (
    select
        {{ raw_record(['company_id', 'name', 'domain', 'industry', 'employee_count',
                       'annual_revenue', 'country', 'created_at', 'updated_at']) }} as raw_record,
        {{ clean_text('company_id') }} as company_id,
        {{ clean_text('name') }} as company_name,
        {{ normalise_domain('domain') }} as domain,
        {{ clean_lower('industry') }} as industry,
        upper({{ clean_text('country') }}) as country,
        cast(round({{ parse_number('employee_count') }}) as {{ dbt.type_bigint() }}) as employee_count,
        {{ parse_number('annual_revenue') }} as annual_revenue,
        {{ parse_timestamp('created_at') }} as created_at,
        {{ parse_timestamp('updated_at') }} as updated_at,
        {{ is_unparseable_number('employee_count') }}
        or {{ is_unparseable_number('annual_revenue') }} as has_invalid_number,
        {{ is_unparseable_timestamp('created_at') }}
        or {{ is_unparseable_timestamp('updated_at') }} as has_invalid_timestamp
    from source
),

checked as (
    select
        *,
        case
            when company_id is null then 'missing_key'
            when has_invalid_timestamp then 'invalid_timestamp'
            when has_invalid_number then 'invalid_number'
        end as rejection_reason
    from cleaned
),

ranked as (
    select
        *,
        {{ version_rank(
            'company_id',
            'coalesce(updated_at, created_at) desc nulls last, raw_record'
        ) }} as version_rank
    from checked
),

final as (
    select
        'companies' as source_table,
        company_id as record_key,
        raw_record,
        company_id,
        company_name,
        domain,
        industry,
        country,
        employee_count,
        annual_revenue,
        created_at,
        updated_at,
        rejection_reason,
        version_rank,
        {{ disposition_columns() }}
    from ranked
)

select * from final
