-- Nothing is lost: for every raw table, the rows read straight from the source equal the
-- rows staged + quarantined + erased. Returns one row per table that does not balance.
{% set tables = raw_tables() %}

with

counts as (
    {% for table in tables %}
        select
            '{{ table }}' as source_table,
            (select count(*) from {{ source('raw', table) }}) as raw_rows,
            (select count(*) from {{ ref('stg_raw__' ~ table) }}) as staged_rows,
            (
                select count(*) from {{ ref('fct_quarantined_rows') }}
                where source_table = '{{ table }}'
            ) as quarantined_rows,
            (
                select count(*) from {{ ref('base_raw__' ~ table) }}
                where disposition = 'erased'
            ) as erased_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    *,
    raw_rows - staged_rows - quarantined_rows - erased_rows as unaccounted_rows
from counts
where raw_rows <> staged_rows + quarantined_rows + erased_rows
