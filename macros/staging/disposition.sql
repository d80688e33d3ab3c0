{#- Every raw row ends in exactly one place: staged, quarantined (with its reason), or
    erased (a right-to-be-forgotten request). The base models compute a row's first failing
    check as rejection_reason and its rank among the usable copies of its key; these macros
    turn that into the row's disposition, the same way for every raw table. -#}

{#- The source tables of the raw contract, in dependency order. -#}
{% macro raw_tables() -%}
    {{ return(['erasure_requests', 'companies', 'leads', 'identities', 'events',
               'opportunities', 'sales_qualifications', 'sales_activities']) }}
{%- endmacro %}

{#- 1 for the copy of a key that wins among the rows that passed every check, null for
    rejected rows. order_by decides the winner; it must end in enough columns to be total. -#}
{% macro version_rank(partition_by, order_by) -%}
    case
        when rejection_reason is null
            then row_number() over (
                partition by {{ partition_by }}, (rejection_reason is null)
                order by {{ order_by }}
            )
    end
{%- endmacro %}

{% macro disposition_columns(is_erased='false') -%}
    case
        when {{ is_erased }} then 'erased'
        when rejection_reason is not null or version_rank > 1 then 'quarantined'
        else 'staged'
    end as disposition,
    case
        when {{ is_erased }} then null
        when rejection_reason is not null then rejection_reason
        when version_rank > 1 then 'duplicate_superseded'
    end as quarantine_reason
{%- endmacro %}

{#- One row per raw lead_id: whether a usable version of it was staged, and whether it was
    erased. Rows of other tables that point at a lead are checked against this: a lead_id
    absent here is unknown; present but not staged (nor erased), its lead was quarantined. -#}
{% macro lead_key_status(leads_relation) -%}
    select
        lead_id,
        max(case when disposition = 'staged' then 1 else 0 end) = 1 as is_staged,
        max(case when disposition = 'erased' then 1 else 0 end) = 1 as is_erased
    from {{ leads_relation }}
    where lead_id is not null
    group by lead_id
{%- endmacro %}

{#- The reason a row pointing at a lead cannot be staged, or null when the lead is staged.
    Expects lead_status (lead_key_status) joined on the row's lead_id. -#}
{% macro lead_reference_problem(lead_id) -%}
    case
        when {{ lead_id }} is null or coalesce(lead_status.is_staged, false) then null
        when lead_status.lead_id is null then 'unknown_lead'
        when not coalesce(lead_status.is_erased, false) then 'lead_quarantined'
    end
{%- endmacro %}

{#- Personal data of an erased row is not kept, not even in the base model: the row stays
    only as a key, a disposition and (for leads) the email's hash, to count and prove the
    erasure. -#}
{% macro unless_erased(expr, is_erased='is_erased') -%}
    case when not {{ is_erased }} then {{ expr }} end
{%- endmacro %}
