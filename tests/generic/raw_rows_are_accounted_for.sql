{#- Nothing is lost (SPEC section 5): the rows of a raw source table, counted straight from
    the source, equal its staged rows (counted in its staged model) + its quarantined rows +
    its erased rows (from the disposition ledger). Applied to every source; returns a row when
    the table does not balance. -#}
{% test raw_rows_are_accounted_for(model, staged, ledger) %}
    with

    counts as (
        select
            (select count(*) from {{ model }}) as raw_rows,
            (select count(*) from {{ staged }}) as staged_rows,
            (
                select count(*) from {{ ledger }}
                where source_table = '{{ model.identifier }}' and disposition = 'quarantined'
            ) as quarantined_rows,
            (
                select count(*) from {{ ledger }}
                where source_table = '{{ model.identifier }}' and disposition = 'erased'
            ) as erased_rows
    )

    select
        '{{ model.identifier }}' as source_table,
        *,
        raw_rows - staged_rows - quarantined_rows - erased_rows as unaccounted_rows
    from counts
    where raw_rows <> staged_rows + quarantined_rows + erased_rows
{% endtest %}
