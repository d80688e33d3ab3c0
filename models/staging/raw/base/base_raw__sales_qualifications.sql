with

source as (
    select * from {{ source('raw', 'sales_qualifications') }}
),

leads as (
    select * from {{ ref('base_raw__leads') }}
),

{{ read_raw_table('sales_qualifications') }},

lead_status as (
    {{ lead_key_status('leads') }}
),

checked as (
    select
        raw_checked.*,
        coalesce(lead_status.is_erased, false) as is_erased,
        coalesce(
            raw_checked.contract_rejection,
            {{ lead_reference_problem('raw_checked.lead_id') }}
        ) as rejection_reason
    from raw_checked
    left join lead_status
        on raw_checked.lead_id = lead_status.lead_id
),

-- One assessment per lead and moment: of identical keys the first copy in raw order wins.
ranked as (
    select
        *,
        {{ version_rank('lead_id, assessed_at', raw_row_order('sales_qualifications')) }} as version_rank
    from checked
),

disposed as (
    select
        *,
        {{ disposition_columns('is_erased') }}
    from ranked
),

final as (
    select
        'sales_qualifications' as source_table,
        case
            when lead_id__text is not null and assessed_at__text is not null
                then {{ dbt.concat(['lead_id__text', "'@'", 'assessed_at__text']) }}
        end as record_key,
        case
            when not is_erased and (disposition = 'quarantined' or has_field_issues)
                then {{ raw_record_of('sales_qualifications') }}
        end as raw_record,
        {{ surrogate_key(['lead_id', 'assessed_at']) }} as qualification_id,
        {{ checked_raw_columns('sales_qualifications', erased='is_erased') }},
        has_field_issues,
        is_erased,
        rejection_reason,
        version_rank,
        disposition,
        quarantine_reason
    from disposed
)

select * from final
