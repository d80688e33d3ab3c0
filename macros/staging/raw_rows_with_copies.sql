{#- The CTEs to start a base model with: copied_keys and source (source alone when the raw
    table lacks the key). source is the raw table's rows with key_has_copies: the key,
    normalised as read_raw_table reads it, is on more than one raw row. Only those rows can have
    a rival copy, so version_ranks sorts only them; the model carries key_has_copies through
    read_raw_table. A key the raw table lacks has no copies.

    source is not materialised: version_ranks reads it twice, once for the rows with copies and
    once for the rest, and each reader's filter must reach the raw table. copied_keys, the few
    keys with copies, is materialised, so the raw table's keys are normalised and grouped once,
    not once per reader (at 20 M events the two passes were 30 % of the model's CPU). -#}
{% macro raw_rows_with_copies(table, key) -%}
    {%- set column = raw_contract_columns(table) | selectattr('name', 'equalto', key) | first -%}
    {%- if column is not defined or key not in raw_relation_columns(table) %}
source as (
    select
        *,
        false as key_has_copies
    from {{ source('raw', table) }}
)
    {%- else %}
copied_keys as {{ materialized() }} (
    select {{ read_raw_table__normalised(column, adapter.quote(key)) }} as copied_key
    from {{ source('raw', table) }}
    group by 1
    having count(*) > 1
),

{#- The normalised key is a column before the join: Spark allows no join condition that is not
    deterministic, and its NFKC call (reflect) counts as one. #}
source as {{ not_materialized() }} (
    select
        raw_rows.*,
        copied_keys.copied_key is not null as key_has_copies
    from (
        select
            *,
            {{ read_raw_table__normalised(column, adapter.quote(key)) }} as key_text_of_copies
        from {{ source('raw', table) }}
    ) as raw_rows
    left join copied_keys
        on raw_rows.key_text_of_copies = copied_keys.copied_key
)
    {%- endif %}
{%- endmacro %}
