-- Every raw row that was not staged and not erased, with the reason and the row as it
-- arrived. Together with the staged models this accounts for every raw row.
with

dispositions as (
    select * from {{ ref('int_raw_row_dispositions') }}
    where disposition = 'quarantined'
),

reasons as (
    select * from {{ ref('data_quality_reasons') }}
),

-- Identical raw rows can both be quarantined; the copy number keeps their ids apart.
numbered as (
    select
        *,
        row_number() over (
            partition by source_table, raw_record
            order by reason
        ) as copy_number
    from dispositions
),

final as (
    select
        {{ surrogate_key(['numbered.source_table', 'numbered.raw_record', 'numbered.copy_number']) }}
            as quarantine_id,
        numbered.source_table,
        numbered.record_key,
        numbered.reason,
        reasons.description as reason_description,
        numbered.raw_record
    from numbered
    left join reasons
        on numbered.reason = reasons.reason
)

select * from final
