{#- The fit attributes every project has: columns of the raw contract and what is derived
    from them, as int_lead_attributes computes them (leads = int_leads_with_company, companies =
    the lead's matched company in stg_raw__companies). Every other attribute a fit rule may
    test is a custom attribute: a column of raw.leads or raw.companies declared in
    fit_attributes. -#}
{% macro builtin_fit_attributes() -%}
    {{ return({
        'job_title': {'expression': 'leads.job_title', 'data_type': 'text', 'describes': 'lead'},
        'department': {'expression': 'leads.department', 'data_type': 'text', 'describes': 'lead'},
        'seniority': {'expression': 'leads.seniority', 'data_type': 'text', 'describes': 'lead'},
        'country': {'expression': 'leads.country', 'data_type': 'text', 'describes': 'lead'},
        'lead_source': {'expression': 'leads.lead_source', 'data_type': 'text', 'describes': 'lead'},
        'email_domain': {'expression': 'leads.email_domain', 'data_type': 'text', 'describes': 'lead'},
        'is_free_mail': {
            'expression': "case when leads.is_free_mail then 'true' else 'false' end",
            'data_type': 'text', 'describes': 'lead'},
        'has_company': {
            'expression': "case when leads.company_id is not null then 'true' else 'false' end",
            'data_type': 'text', 'describes': 'lead'},
        'company_name': {
            'expression': 'coalesce(companies.company_name, leads.typed_company_name)',
            'data_type': 'text', 'describes': 'company'},
        'industry': {'expression': 'companies.industry', 'data_type': 'text', 'describes': 'company'},
        'company_country': {'expression': 'companies.country', 'data_type': 'text', 'describes': 'company'},
        'employee_count': {'expression': 'companies.employee_count', 'data_type': 'number', 'describes': 'company'},
        'annual_revenue': {'expression': 'companies.annual_revenue', 'data_type': 'number', 'describes': 'company'},
    }) }}
{%- endmacro %}
