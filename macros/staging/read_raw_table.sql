{#- The first CTEs of every base_raw__ model, generated from the raw contract: each column
    normalised, typed and checked the same way for every table.

    raw_read     every column the raw table has, as raw__<column> (for raw_record), and each
                 contract or custom column's normalised text as <column>__text
    raw_parsed   timestamp pattern groups, country and company look-ups
    raw_typed    <column>__value, the typed value (null when unreadable)
    raw_checked  <column> (the value when it passed its checks, else null), <column>__issue
                 (why not: missing_key, missing_required, invalid_timestamp, future_timestamp,
                 invalid_number, out_of_range, invalid_boolean, malformed_email,
                 unknown_country, unknown_company), contract_rejection (the first issue of a
                 required column: the row cannot be used) and has_field_issues (an optional
                 value was nulled).

    The CTEs are not materialised: a model that reads raw_checked more than once (version_ranks)
    has each reader's filter reach the raw table, where DuckDB would otherwise keep a copy of the
    CTE with the look-up joins.

    The calling model declares what the look-ups read:
        -- depends_on: {{ ref('country_names') }}, {{ ref('stg_scorecard__fit_attributes') }},
        --             {{ ref('base_raw__companies') }} (when a column references companies) -#}
{% macro read_raw_table(table, carry=[]) -%}
    {%- set columns = raw_contract_columns(table) -%}
    {%- set present = raw_relation_columns(table) -%}
    {%- set known = columns | map(attribute='name') | list -%}
raw_read as {{ not_materialized() }} (
    select
        {% for name in carry -%}
        {{ name }},
        {% endfor -%}
        {% for name in present -%}
        {{ adapter.quote(name) }} as {{ adapter.quote('raw__' ~ name) }},
        {% endfor -%}
        {% for column in columns if column.name not in present -%}
        cast(null as {{ dbt.type_string() }}) as raw__{{ column.name }},
        {% endfor -%}
        {% for column in columns -%}
        {%- set raw_value = adapter.quote(column.name) if column.name in present else 'cast(null as ' ~ dbt.type_string() ~ ')' -%}
        {{ read_raw_table__normalised(column, raw_value) }} as {{ column.name }}__text{{ ',' if not loop.last }}
        {% endfor -%}
        {%- if columns | length == 0 %}1 as raw__placeholder{% endif %}
    from source
),

raw_parsed as {{ not_materialized() }} (
    select
        raw_read.*
        {%- for column in columns %}
        {%- if column.type == 'timestamp' %},
        {%- set fast = timestamp_fast_path(column.name ~ '__text') | trim %}
        {%- if fast %}
        {{ fast }} as {{ column.name }}__fast,
        case when {{ fast }} is null then {{ timestamp_parts(column.name ~ '__text') }} end
            as {{ column.name }}__parts
        {%- else %}
        {{ timestamp_parts(column.name ~ '__text') }} as {{ column.name }}__parts
        {%- endif %}
        {%- elif column.type == 'country' %},
        {{ column.name }}__country.country_code as {{ column.name }}__country_code
        {%- elif column.references == 'companies' %},
        {{ column.name }}__company.company_id as {{ column.name }}__company_id
        {%- endif %}
        {%- endfor %}
    from raw_read
    {%- for column in columns %}
    {%- if column.type == 'country' %}
    left join {{ ref('country_names') }} as {{ column.name }}__country
        on raw_read.{{ column.name }}__text = upper(trim({{ column.name }}__country.country_name))
    {%- elif column.references == 'companies' %}
    left join (
        select distinct company_id from {{ ref('base_raw__companies') }}
        where disposition = 'staged'
    ) as {{ column.name }}__company
        on raw_read.{{ column.name }}__text = {{ column.name }}__company.company_id
    {%- endif %}
    {%- endfor %}
),

raw_typed as {{ not_materialized() }} (
    select
        *
        {%- for column in columns %},
        {{ read_raw_table__typed(column) }} as {{ column.name }}__value
        {%- endfor %}
    from raw_parsed
),

raw_issues as {{ not_materialized() }} (
    select
        *
        {%- for column in columns %},
        {{ read_raw_table__issue(column) }} as {{ column.name }}__issue
        {%- endfor %}
    from raw_typed
),

raw_checked as {{ not_materialized() }} (
    select
        *,
        {% for column in columns -%}
        case when {{ column.name }}__issue is null then {{ column.name }}__value end as {{ column.name }},
        {% endfor -%}
        {%- set required = columns | selectattr('required') | list -%}
        {%- set optional = columns | rejectattr('required') | list -%}
        {% if required | length > 0 -%}
        coalesce(
            {% for column in required | selectattr('key') -%}
            case when {{ column.name }}__issue = 'missing_key' then 'missing_key' end,
            {% endfor -%}
            {% for column in required -%}
            case when {{ column.name }}__issue = 'missing_required' then 'missing_required' end,
            {% endfor -%}
            {% for column in required -%}
            {{ column.name }}__issue{{ ',' if not loop.last }}
            {% endfor -%}
        ) as contract_rejection,
        {%- else -%}
        cast(null as {{ dbt.type_string() }}) as contract_rejection,
        {%- endif %}
        {% if optional | length > 0 -%}
        ({% for column in optional %}{{ column.name }}__issue is not null{{ ' or ' if not loop.last }}{% endfor %})
            as has_field_issues
        {%- else -%}
        false as has_field_issues
        {%- endif %}
    from raw_issues
)
{%- endmacro %}


{#- How a column's raw text is normalised before it is read. -#}
{% macro read_raw_table__normalised(column, expr) -%}
    {%- if column.type in ('code', 'email') -%}
        {{ normalise_lower(expr) }}
    {%- elif column.type == 'domain' -%}
        {{ normalise_domain(normalise_text(expr)) }}
    {%- elif column.type == 'country' -%}
        upper({{ normalise_text(expr) }})
    {%- else -%}
        {{ normalise_text(expr) }}
    {%- endif -%}
{%- endmacro %}


{#- The typed value of a column, from its normalised text. -#}
{% macro read_raw_table__typed(column) -%}
    {%- set text = column.name ~ '__text' -%}
    {%- if column.type == 'email' -%}
        case when {{ is_valid_email(text) }} then {{ text }} end
    {%- elif column.type == 'country' -%}
        {{ column.name }}__country_code
    {%- elif column.type == 'number' -%}
        {{ parse_number(text, whole=column.whole) }}
    {%- elif column.type == 'boolean' -%}
        {{ parse_boolean(text) }}
    {%- elif column.type == 'timestamp' and timestamp_fast_path(text) | trim -%}
        case
            when {{ column.name }}__fast is not null then {{ column.name }}__fast
            else {{ timestamp_from_parts(column.name ~ '__parts') }}
        end
    {%- elif column.type == 'timestamp' -%}
        {{ timestamp_from_parts(column.name ~ '__parts') }}
    {%- elif column.references == 'companies' -%}
        {{ column.name }}__company_id
    {%- else -%}
        {{ text }}
    {%- endif -%}
{%- endmacro %}


{#- Why a column's value cannot be used, or null. -#}
{% macro read_raw_table__issue(column) -%}
    {%- set text = column.name ~ '__text' -%}
    {%- set value = column.name ~ '__value' -%}
    {%- set is_placeholder = 'lower(' ~ text ~ ') in ' ~ missing_value_tokens() -%}
    case
        {% if column.required -%}
        when {{ text }} is null then '{{ 'missing_key' if column.key else 'missing_required' }}'
        {% endif -%}
        when {{ text }} is null then null
        {% if column.type == 'email' -%}
        when {{ value }} is null then 'malformed_email'
        {%- elif column.type == 'country' -%}
        when {{ value }} is null then 'unknown_country'
        {%- elif column.type == 'number' -%}
        when {{ value }} is null and {{ is_placeholder }} then null
        when {{ value }} is null then 'invalid_number'
        {% if column.min is not none %}when {{ value }} < {{ column.min }} then 'out_of_range'{% endif %}
        {% if column.max is not none %}when {{ value }} > {{ column.max }} then 'out_of_range'{% endif %}
        {%- elif column.type == 'boolean' -%}
        when {{ value }} is null and {{ is_placeholder }} then null
        when {{ value }} is null then 'invalid_boolean'
        {%- elif column.type == 'timestamp' -%}
        when {{ value }} is null then 'invalid_timestamp'
        {% if not column.future_ok %}when {{ value }} > {{ build_started_at() }} then 'future_timestamp'{% endif %}
        {%- elif column.references == 'companies' -%}
        when {{ value }} is null then 'unknown_company'
        {%- endif %}
    end
{%- endmacro %}
