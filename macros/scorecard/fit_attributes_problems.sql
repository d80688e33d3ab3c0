{#- The checks of fit_attributes: each attribute is a built-in one (builtin_fit_attributes,
    declared with its own data_type and describes) or a column the raw table it describes
    really has (raw.leads for lead, raw.companies for company): a custom attribute. Reads the
    gate's CTEs fit_attributes and raw_attribute_columns. -#}
{% macro fit_attributes_problems() -%}
    {%- set builtins = builtin_fit_attributes() -%}
    {%- set attributes -%}
    (
        select
            fit_attributes.*,
            lower(attribute) as attribute_key,
            lower(data_type) as data_type_key,
            lower(describes) as describes_key
        from fit_attributes
    ) as attributes
    {%- endset -%}
    {%- set row = scorecard_row_label('fit_attributes', 'attribute_key') -%}
    {%- set builtin_names = builtins.keys() | list -%}
    {{ scorecard_problem('fit_attributes', "'fit_attributes (no name)'", 'attribute', "'an attribute has no name'",
        attributes ~ ' where attribute_key is null', rank=2) }}
    union all
    select 'fit_attributes', {{ dbt.concat(["'fit_attributes '", 'attribute_key']) }}, 'attribute',
        'duplicate attribute', 2, 'error'
    from {{ attributes }}
    where attribute_key is not null
    group by attribute_key
    having count(*) > 1
    union all
    {{ scorecard_problem('fit_attributes', row, 'data_type',
        dbt.concat(["'data_type '", seed_quoted('data_type'), "' is not text, number, boolean or date'"]),
        attributes ~ " where coalesce(data_type_key, '') not in ('text', 'number', 'boolean', 'date')") }}
    union all
    {{ scorecard_problem('fit_attributes', row, 'describes',
        dbt.concat(["'describes '", seed_quoted('describes'), "' is not lead or company'"]),
        attributes ~ " where coalesce(describes_key, '') not in ('lead', 'company')") }}
    union all
    {{ scorecard_problem('fit_attributes', row, 'attribute',
        dbt.concat(["'no such attribute: raw.'",
                    "case when describes_key = 'company' then 'companies' else 'leads' end",
                    "' has no column '", 'attribute_key',
                    "' and it is no built-in attribute (" ~ builtin_names | join(', ') ~ "): load the column,"
                    ~ " or remove the row and the rules on it'"]),
        attributes ~ " where attribute_key is not null and describes_key in ('lead', 'company')"
        ~ " and attribute_key not in (" ~ "'" ~ builtin_names | join("', '") ~ "'" ~ ")"
        ~ ' and not exists (select 1 from raw_attribute_columns as present'
        ~ ' where present.describes = attributes.describes_key and present.attribute = attributes.attribute_key)',
        rank=3) }}
    {%- for name, spec in builtins.items() %}
    union all
    {{ scorecard_problem('fit_attributes', row, 'data_type',
        "'the built-in attribute " ~ name ~ " is " ~ spec.data_type ~ " describing the " ~ spec.describes
        ~ " (data_type " ~ spec.data_type ~ ", describes " ~ spec.describes ~ ")'",
        attributes ~ " where attribute_key = '" ~ name ~ "' and (coalesce(data_type_key, '') <> '" ~ spec.data_type
        ~ "' or coalesce(describes_key, '') <> '" ~ spec.describes ~ "')") }}
    {%- endfor %}
{%- endmacro %}
