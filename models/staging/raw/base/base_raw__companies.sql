-- depends_on: {{ ref('country_names') }}, {{ ref('stg_scorecard__fit_attributes') }}
with

-- version_ranks reads checked twice; checked and source are inlined both times, so that each
-- reader's filter reaches the raw table (see base_raw__events).
{{ raw_rows_with_copies('companies', 'company_id') }},

{{ read_raw_table('companies', carry=['key_has_copies']) }},

checked as {{ not_materialized() }} (
    select
        *,
        contract_rejection as rejection_reason
    from raw_checked
),

-- The CRM re-sends a company as it changes: the latest usable version wins.
ranked as (
    {{ version_ranks(
        'checked', 'company_id', 'coalesce(updated_at, created_at) desc nulls last, ' ~ raw_row_order('companies')
    ) }}
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
