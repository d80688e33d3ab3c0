-- depends_on: {{ ref('stg_scorecard__fit_attributes') }}
-- The attributes fit rules test, one row per lead and attribute (null values included, so
-- is_missing can match them): the built-in ones (builtin_fit_attributes) and the team's
-- custom attributes (stg_raw__custom_attributes), company ones through the lead's matched
-- company. Text is lower-cased; numbers stay numbers (with their text).
{% set builtins = builtin_fit_attributes() %}
{% set custom = [] %}
{% for table, describes in [('leads', 'lead'), ('companies', 'company')] %}
    {% for column in raw_contract_columns(table) | selectattr('custom') %}
        {% do custom.append((describes, column.name)) %}
    {% endfor %}
{% endfor %}

with

leads as (
    select * from {{ ref('int_leads_with_company') }}
),

companies as (
    select * from {{ ref('stg_raw__companies') }}
),

custom_values as (
    select * from {{ ref('stg_raw__custom_attributes') }}
),

profiles as (
    select
        {% for attribute, spec in builtins.items() -%}
            {% if spec.data_type == 'number' -%}
                cast({{ spec.expression }} as {{ type_double() }}) as {{ attribute }},
            {% else -%}
                lower({{ spec.expression }}) as {{ attribute }},
            {% endif -%}
        {% endfor -%}
        leads.lead_id,
        leads.company_id
    from leads
    left join companies
        on leads.company_id = companies.company_id
),

final as (
    {% for attribute, spec in builtins.items() -%}
        select
            lead_id,
            '{{ attribute }}' as attribute,
            {% if spec.data_type == 'number' -%}
                {{ number_text(attribute) }} as text_value,
                {{ attribute }} as number_value
            {%- else -%}
                {{ attribute }} as text_value,
                cast(null as {{ type_double() }}) as number_value
            {%- endif %}
        from profiles
        {% if not loop.last or custom %}union all{% endif %}
    {% endfor -%}
    {% for describes, attribute in custom -%}
        select
            profiles.lead_id,
            '{{ attribute }}' as attribute,
            custom_values.text_value,
            custom_values.number_value
        from profiles
        left join custom_values
            on profiles.{{ 'lead_id' if describes == 'lead' else 'company_id' }} = custom_values.entity_id
                and custom_values.describes = '{{ describes }}'
                and custom_values.attribute = '{{ attribute }}'
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select * from final
