{#- The columns of raw.leads and raw.companies beyond the contract, as (describes, attribute)
    rows: what a custom attribute may name. -#}
{% macro raw_attribute_columns() -%}
    {%- set rows = [] -%}
    {%- for table, describes in [('leads', 'lead'), ('companies', 'company')] -%}
        {%- for name in raw_relation_columns(table) -%}
            {%- do rows.append((describes, name)) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for describes, name in rows %}
    select '{{ describes }}' as describes, '{{ name | replace("'", "''") }}' as attribute
    {{ 'union all' if not loop.last }}
    {%- endfor %}
    {%- if rows | length == 0 %}
    select cast(null as {{ dbt.type_string() }}) as describes, cast(null as {{ dbt.type_string() }}) as attribute
    where 1 = 0
    {%- endif %}
{%- endmacro %}
