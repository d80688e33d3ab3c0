-- depends_on: {{ ref('stg_scorecard__fit_attributes') }}
-- The team's own attributes: columns of raw.leads and raw.companies beyond the contract that
-- the scorecard declares (fit_attributes), one row per staged lead or company and attribute,
-- typed by the declared data_type (bad values were nulled and reported in base staging).
{% set custom = [] %}
{% for table, describes, key in [('leads', 'lead', 'lead_id'), ('companies', 'company', 'company_id')] %}
    {% for column in raw_contract_columns(table) | selectattr('custom') %}
        {% do custom.append((table, describes, key, column)) %}
    {% endfor %}
{% endfor %}

with

-- Both import CTEs are read by the branches, one per declared custom attribute; a scorecard
-- may declare none for one of them.
leads as (  -- noqa: ST03
    select * from {{ ref('base_raw__leads') }}
),

companies as (  -- noqa: ST03
    select * from {{ ref('base_raw__companies') }}
),

final as (
    {% for table, describes, key, column in custom %}
        select
            '{{ describes }}' as describes,
            {{ key }} as entity_id,
            '{{ column.name }}' as attribute,
            {{ custom_attribute_values(column) }}
        from {{ table }}
        where disposition = 'staged'
        union all
    {% endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as describes,
        cast(null as {{ dbt.type_string() }}) as entity_id,
        cast(null as {{ dbt.type_string() }}) as attribute,
        cast(null as {{ dbt.type_string() }}) as text_value,
        cast(null as {{ type_double() }}) as number_value
    where 1 = 0
)

select * from final
