with

source as (
    select * from {{ source('raw', 'opportunities') }}
),

leads as (
    select * from {{ ref('base_raw__leads') }}
),

companies as (
    select * from {{ ref('base_raw__companies') }}
),

cleaned as (
    select
        {{ raw_record(['opportunity_id', 'company_id', 'lead_id', 'proposition', 'created_at',
                       'stage', 'is_won', 'closed_at', 'amount']) }} as raw_record,
        {{ clean_text('opportunity_id') }} as opportunity_id,
        {{ clean_text('company_id') }} as company_id,
        {{ clean_text('lead_id') }} as lead_id,
        {{ clean_lower('proposition') }} as proposition,
        {{ clean_lower('stage') }} as stage,
        {{ parse_boolean('is_won') }} as is_won,
        {{ parse_number('amount') }} as amount,
        {{ parse_timestamp('created_at') }} as created_at,
        {{ parse_timestamp('closed_at') }} as closed_at,
        {{ is_unparseable_timestamp('created_at') }}
        or {{ is_unparseable_timestamp('closed_at') }} as has_invalid_timestamp,
        {{ is_unparseable_boolean('is_won') }} as has_invalid_boolean,
        {{ is_unparseable_number('amount') }} as has_invalid_number
    from source
),

lead_status as (
    {{ lead_key_status('leads') }}
),

staged_companies as (
    select distinct company_id
    from companies
    where disposition = 'staged'
),

checked as (
    select
        cleaned.*,
        coalesce(lead_status.is_erased, false) as is_lead_erased,
        case
            when cleaned.opportunity_id is null then 'missing_key'
            when cleaned.company_id is null then 'missing_required'
            when cleaned.has_invalid_timestamp then 'invalid_timestamp'
            when cleaned.has_invalid_boolean then 'invalid_boolean'
            when cleaned.has_invalid_number then 'invalid_number'
            when staged_companies.company_id is null then 'unknown_company'
            else {{ lead_reference_problem('cleaned.lead_id') }}
        end as rejection_reason
    from cleaned
    left join lead_status
        on cleaned.lead_id = lead_status.lead_id
    left join staged_companies
        on cleaned.company_id = staged_companies.company_id
),

-- The CRM re-sends a deal as it moves; its latest state wins.
ranked as (
    select
        *,
        {{ version_rank(
            'opportunity_id',
            'coalesce(closed_at, created_at) desc nulls last, raw_record'
        ) }} as version_rank
    from checked
),

final as (
    select
        'opportunities' as source_table,
        opportunity_id as record_key,
        raw_record,
        opportunity_id,
        company_id,
        -- A deal belongs to the company: an erased contact is detached from it, the deal stays.
        case when not is_lead_erased then lead_id end as lead_id,
        proposition,
        stage,
        is_won,
        amount,
        created_at,
        closed_at,
        is_lead_erased,
        rejection_reason,
        version_rank,
        {{ disposition_columns() }}
    from ranked
)

select * from final
