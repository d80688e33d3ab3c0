{#- Why a row pointing at a lead cannot be staged: unknown_lead when raw.leads does not have
    the lead (an orphan); null when the lead is staged or erased (an erased lead's rows are
    erased, not quarantined). Expects lead_status (lead_key_status) joined on the row's
    lead_id. -#}
{% macro lead_reference_problem(lead_id) -%}
    case
        when {{ lead_id }} is not null and lead_status.lead_id is null then 'unknown_lead'
    end
{%- endmacro %}
