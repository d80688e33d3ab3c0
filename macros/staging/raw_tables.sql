{#- The tables of the raw contract, in dependency order (erasures first: they decide what is
    erased; companies before leads and deals, which refer to them; leads before the rest). -#}
{% macro raw_tables() -%}
    {{ return(['erasure_requests', 'companies', 'leads', 'identities', 'events',
               'opportunities', 'sales_qualifications', 'sales_activities']) }}
{%- endmacro %}
