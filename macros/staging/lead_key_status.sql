{#- One row per lead_id of raw.leads: whether a version of it was staged, and whether it was
    erased. Rows of other tables that point at a lead are checked against this (see
    lead_reference_problem). -#}
{% macro lead_key_status(leads_relation) -%}
    select
        lead_id,
        max(case when disposition = 'staged' then 1 else 0 end) = 1 as is_staged,
        max(case when disposition = 'erased' then 1 else 0 end) = 1 as is_erased
    from {{ leads_relation }}
    where lead_id is not null
    group by lead_id
{%- endmacro %}
