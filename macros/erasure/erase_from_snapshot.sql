{#- A snapshot's post-hook: erasure reaches the persisted history. For every lead erased
    (int_raw_row_dispositions), delete the snapshot rows whose column names the lead, or
    (scrub) set the column to null. -#}
{% macro erase_from_snapshot(column, action) -%}
    {%- set erased -%}
        select record_key from {{ ref('int_raw_row_dispositions') }}
        where source_table = 'leads' and disposition = 'erased' and record_key is not null
    {%- endset -%}
    {%- if action == 'delete' -%}
        delete from {{ this }} where {{ column }} in ({{ erased }})
    {%- else -%}
        update {{ this }} set {{ column }} = null where {{ column }} in ({{ erased }})
    {%- endif -%}
{%- endmacro %}
