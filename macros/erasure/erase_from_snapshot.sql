{#- A snapshot's post-hook: erasure reaches the persisted history. For every lead erased
    (int_raw_row_dispositions), delete the snapshot rows whose column names the lead, or
    (scrub) set the column to null. -#}
{% macro erase_from_snapshot(column, action) -%}
    {{ return(adapter.dispatch('erase_from_snapshot', 'leadscore')(column, action)) }}
{%- endmacro %}


{% macro erase_from_snapshot__erased() -%}
    select record_key from {{ ref('int_raw_row_dispositions') }}
    where source_table = 'leads' and disposition = 'erased' and record_key is not null
{%- endmacro %}


{% macro default__erase_from_snapshot(column, action) -%}
    {%- if action == 'delete' -%}
        delete from {{ this }} where {{ column }} in ({{ erase_from_snapshot__erased() }})
    {%- else -%}
        update {{ this }} set {{ column }} = null where {{ column }} in ({{ erase_from_snapshot__erased() }})
    {%- endif -%}
{%- endmacro %}


{#- Spark: a plain Parquet snapshot has no DELETE or UPDATE, so it is rewritten without the
    erased rows, or with the column nulled (spark_rewrite_table), when the hook runs; the hook's
    own statement does nothing. Joins, not IN: Spark takes no subquery in a select list. -#}
{% macro spark__erase_from_snapshot(column, action) -%}
    {#- Outside `if execute`: the ref must be seen when dbt parses the hook. -#}
    {%- set erased = '(select distinct record_key from (' ~ erase_from_snapshot__erased() ~ ')) as erased' -%}
    {%- if execute -%}
        {%- set joined = 'from ' ~ this ~ ' as snapshotted left join ' ~ erased
            ~ ' on snapshotted.' ~ column ~ ' = erased.record_key' -%}
        {%- if action == 'delete' -%}
            {%- set rows = 'select snapshotted.* ' ~ joined ~ ' where erased.record_key is null' -%}
        {%- else -%}
            {%- set kept = [] -%}
            {%- for name in adapter.get_columns_in_relation(this) | map(attribute='name') -%}
                {%- do kept.append(
                    'case when erased.record_key is null then snapshotted.' ~ name ~ ' end as ' ~ name
                    if name == column else 'snapshotted.' ~ adapter.quote(name)) -%}
            {%- endfor -%}
            {%- set rows = 'select ' ~ kept | join(', ') ~ ' ' ~ joined -%}
        {%- endif -%}
        {%- do spark_rewrite_table(this, rows) -%}
    {%- endif -%}
    select 1
{%- endmacro %}
