-- Rows in = staged + quarantined + erased, per raw table. Superseded duplicates are
-- quarantined and counted separately as well.
with

quarantined_rows as (
    select * from {{ ref('fct_quarantined_rows') }}
),

quarantine_counts as (
    select
        source_table,
        count(*) as quarantined_rows,
        cast(
            sum(case when reason = 'duplicate_superseded' then 1 else 0 end)
            as {{ dbt.type_bigint() }}
        ) as superseded_rows
    from quarantined_rows
    group by source_table
),

-- One branch per raw table (raw_tables()).
table_counts as (
    {% for table in raw_tables() -%}
        select
            '{{ table }}' as source_table,
            (select count(*) from {{ ref('base_raw__' ~ table) }}) as raw_rows,
            (select count(*) from {{ ref('stg_raw__' ~ table) }}) as staged_rows,
            (
                select count(*) from {{ ref('base_raw__' ~ table) }}
                where disposition = 'erased'
            ) as erased_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        table_counts.source_table,
        table_counts.raw_rows,
        table_counts.staged_rows,
        coalesce(quarantine_counts.quarantined_rows, 0) as quarantined_rows,
        coalesce(quarantine_counts.superseded_rows, 0) as superseded_rows,
        table_counts.erased_rows,
        table_counts.raw_rows
        - table_counts.staged_rows
        - coalesce(quarantine_counts.quarantined_rows, 0)
        - table_counts.erased_rows as unaccounted_rows
    from table_counts
    left join quarantine_counts
        on table_counts.source_table = quarantine_counts.source_table
)

select * from final
