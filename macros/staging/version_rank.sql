{#- 1 for the copy of a key that wins among the rows that passed every check, null for
    rejected rows. order_by decides the winner and must be total (end it in raw_row_order). -#}
{% macro version_rank(partition_by, order_by) -%}
    case
        when rejection_reason is null
            then row_number() over (
                partition by {{ partition_by }}, (rejection_reason is null)
                order by {{ order_by }}
            )
    end
{%- endmacro %}


{#- Every row of relation with its version_rank, where only rows with key_has_copies
    (raw_rows_with_copies) are ranked: any other row is its key's only copy, 1 when it passed
    every check. A window over every row sorts every staged column: at 100 M events it spilled
    33 GB. relation is read twice, so a CTE must be not_materialized() for the filters to reach
    the raw table. -#}
{% macro version_ranks(relation, partition_by, order_by) -%}
    select
        *,
        case when rejection_reason is null then 1 end as version_rank
    from {{ relation }}
    where not key_has_copies

    union all

    select
        *,
        {{ version_rank(partition_by, order_by) }} as version_rank
    from {{ relation }}
    where key_has_copies
{%- endmacro %}
