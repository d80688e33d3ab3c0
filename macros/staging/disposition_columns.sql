{#- Every raw row ends in exactly one place: staged, quarantined (with its reason), or erased
    (a right-to-be-forgotten request). From the row's first failed check (rejection_reason)
    and its rank among the usable copies of its key (version_rank), the same way for every raw
    table: disposition and quarantine_reason. -#}
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
