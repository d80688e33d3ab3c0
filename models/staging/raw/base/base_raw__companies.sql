-- depends_on: {{ ref('country_names') }}, {{ ref('stg_scorecard__fit_attributes') }}
with

source as (
    select * from {{ source('raw', 'companies') }}
),

{{ read_raw_table('companies') }},

checked as (
    select
        *,
        contract_rejection as rejection_reason
    from raw_checked
),

-- The CRM re-sends a company as it changes: the latest usable version wins.
ranked as (
    select
        *,
        {{ version_rank(
            'company_id',
            'coalesce(updated_at, created_at) desc nulls last, ' ~ raw_row_order('companies')
        ) }} as version_rank
    from checked
),

disposed as (
    select
        *,
        {{ disposition_columns() }}
    from ranked
),

final as (
    select
        'companies' as source_table,
        company_id__text as record_key,
        case
            when disposition = 'quarantined' or has_field_issues then {{ raw_record_of('companies') }}
        end as raw_record,
        {{ checked_raw_columns('companies') }},
        has_field_issues,
        rejection_reason,
        version_rank,
        disposition,
        quarantine_reason
    from disposed
)

select * from final
