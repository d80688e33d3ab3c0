-- depends_on: {{ ref('stg_scorecard__fit_attributes') }}
-- Every value staging had to null in a row it staged: the table, the row's key, the column,
-- the value as it arrived and why. The row itself (and everything that refers to it) is
-- staged; only the one value is lost, and it is kept here.
{% set branches = [] %}
{% for table in raw_tables() %}
    {% for column in raw_contract_columns(table) if not column.required %}
        {% do branches.append((table, column.name)) %}
    {% endfor %}
{% endfor %}

with

{% for table in raw_tables() %}
    {{ table }} as (
        select * from {{ ref('base_raw__' ~ table) }}
        where disposition = 'staged' and has_field_issues
    ),
{% endfor %}

reasons as (
    select * from {{ ref('data_quality_reasons') }}
),

issues as (
    {% for table, column in branches -%}
        select
            '{{ table }}' as source_table,
            record_key,
            '{{ column }}' as column_name,
            {{ raw_record_value('raw_record', column) }} as raw_value,
            {{ column }}__issue as reason
        from {{ table }}
        where {{ column }}__issue is not null
        union all
    {% endfor -%}
    select
        cast(null as {{ dbt.type_string() }}) as source_table,
        cast(null as {{ dbt.type_string() }}) as record_key,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as raw_value,
        cast(null as {{ dbt.type_string() }}) as reason
    where 1 = 0
),

final as (
    select
        {{ surrogate_key(['issues.source_table', 'issues.record_key', 'issues.column_name']) }}
            as field_issue_id,
        issues.source_table,
        issues.record_key,
        issues.column_name,
        issues.raw_value,
        issues.reason,
        reasons.description as reason_description
    from issues
    left join reasons
        on issues.reason = reasons.reason
)

select * from final
