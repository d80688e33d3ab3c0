-- Rows in = staged + quarantined + erased, per raw table, and the share of rows lost to the
-- quarantine against the table's loss budget (var loss_budgets). Superseded duplicates are
-- quarantined but not lost (another copy of the row was staged): they are counted apart and
-- left out of the lost share.
{% set budgets = var('loss_budgets', {}) %}
{% set default = budgets.get('default', {}) %}

with

dispositions as (
    select * from {{ ref('int_raw_row_dispositions') }}
),

field_issues as (
    select * from {{ ref('fct_field_issues') }}
),

disposition_counts as (
    select
        source_table,
        count(*) as raw_rows,
        sum(case when disposition = 'quarantined' then 1 else 0 end) as quarantined_rows,
        sum(case when reason = 'duplicate_superseded' then 1 else 0 end) as superseded_rows,
        sum(case when disposition = 'erased' then 1 else 0 end) as erased_rows
    from dispositions
    group by source_table
),

-- Staged rows are counted in the staged models themselves: a model that dropped a row would
-- show here as unaccounted.
staged_counts as (
    {% for table in raw_tables() -%}
        select
            '{{ table }}' as source_table,
            (select count(*) from {{ ref('stg_raw__' ~ table) }}) as staged_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

field_issue_counts as (
    select
        source_table,
        count(*) as field_issues
    from field_issues
    group by source_table
),

budgets as (
    {% for table in raw_tables() -%}
        {%- set budget = budgets.get(table, {}) -%}
        select
            '{{ table }}' as source_table,
            {{ budget.get('warn', default.get('warn', 0.01)) }} as loss_budget_warn,
            {{ budget.get('error', default.get('error', 0.10)) }} as loss_budget_error
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

counted as (
    select
        staged_counts.source_table,
        cast(coalesce(disposition_counts.raw_rows, 0) as {{ dbt.type_bigint() }}) as raw_rows,
        cast(staged_counts.staged_rows as {{ dbt.type_bigint() }}) as staged_rows,
        cast(coalesce(disposition_counts.quarantined_rows, 0) as {{ dbt.type_bigint() }}) as quarantined_rows,
        cast(coalesce(disposition_counts.superseded_rows, 0) as {{ dbt.type_bigint() }}) as superseded_rows,
        cast(coalesce(disposition_counts.erased_rows, 0) as {{ dbt.type_bigint() }}) as erased_rows,
        cast(coalesce(field_issue_counts.field_issues, 0) as {{ dbt.type_bigint() }}) as field_issues,
        budgets.loss_budget_warn,
        budgets.loss_budget_error
    from staged_counts
    inner join budgets
        on staged_counts.source_table = budgets.source_table
    left join disposition_counts
        on staged_counts.source_table = disposition_counts.source_table
    left join field_issue_counts
        on staged_counts.source_table = field_issue_counts.source_table
),

final as (
    select
        source_table,
        raw_rows,
        staged_rows,
        quarantined_rows,
        superseded_rows,
        erased_rows,
        raw_rows - staged_rows - quarantined_rows - erased_rows as unaccounted_rows,
        quarantined_rows - superseded_rows as lost_rows,
        case
            when raw_rows > 0
                then cast(quarantined_rows - superseded_rows as {{ type_double() }}) / raw_rows
            else 0
        end as lost_share,
        field_issues,
        cast(loss_budget_warn as {{ type_double() }}) as loss_budget_warn,
        cast(loss_budget_error as {{ type_double() }}) as loss_budget_error
    from counted
)

select * from final
