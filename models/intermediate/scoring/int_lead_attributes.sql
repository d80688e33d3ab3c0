-- The attributes fit rules test, one row per lead and attribute (null values included, so
-- is_missing can match them). Text is trimmed and lower-cased; numbers stay numbers.
-- The attribute list mirrors the fit_attributes seed; a test keeps the two in step.
{% set text_attributes = {
    'job_title': 'leads.job_title',
    'department': 'leads.department',
    'seniority': 'leads.seniority',
    'country': 'leads.country',
    'lead_source': 'leads.lead_source',
    'email_domain': 'leads.email_domain',
    'is_free_mail': "case when leads.is_free_mail then 'true' else 'false' end",
    'has_company': "case when leads.company_id is not null then 'true' else 'false' end",
    'company_name': 'coalesce(companies.company_name, leads.typed_company_name)',
    'industry': 'companies.industry',
    'company_country': 'companies.country',
} %}
{% set number_attributes = {
    'employee_count': 'companies.employee_count',
    'annual_revenue': 'companies.annual_revenue',
} %}

with

leads as (
    select * from {{ ref('int_leads_with_company') }}
),

companies as (
    select * from {{ ref('stg_raw__companies') }}
),

profiles as (
    select
        leads.lead_id,
        {% for attribute, expression in text_attributes.items() -%}
            {{ clean_lower(expression) }} as {{ attribute }},
        {% endfor -%}
        {% for attribute, expression in number_attributes.items() -%}
            cast({{ expression }} as {{ dbt.type_numeric() }}) as {{ attribute }},
        {% endfor -%}
        leads.company_id
    from leads
    left join companies
        on leads.company_id = companies.company_id
),

final as (
    {% for attribute in text_attributes -%}
        select
            lead_id,
            '{{ attribute }}' as attribute,
            {{ attribute }} as text_value,
            cast(null as {{ dbt.type_numeric() }}) as number_value
        from profiles
        union all
    {% endfor -%}
    {% for attribute in number_attributes -%}
        select
            lead_id,
            '{{ attribute }}' as attribute,
            case
                when {{ attribute }} = floor({{ attribute }})
                    then cast(cast({{ attribute }} as {{ dbt.type_bigint() }}) as {{ dbt.type_string() }})
                else cast({{ attribute }} as {{ dbt.type_string() }})
            end as text_value,
            {{ attribute }} as number_value
        from profiles
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select * from final
