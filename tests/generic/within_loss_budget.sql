{#- Loss must be loud (on rpt_source_reconciliation): a raw table whose lost share (rows
    quarantined for a reason other than a superseded duplicate, over its rows) is above its
    budget (var loss_budgets) fails here. level error raises with what was lost and why, so
    `dbt build` says it in its own output; level warn lists the tables as a warning. -#}
{% test within_loss_budget(model, level='error') %}
    {%- set quarantine = ref('fct_quarantined_rows') -%}
    {%- set over_budget -%}
        select source_table, raw_rows, lost_rows, lost_share, loss_budget_{{ level }} as loss_budget
        from {{ model }}
        where lost_share > loss_budget_{{ level }}
    {%- endset -%}
    {%- if execute and level == 'error' -%}
        {%- set found = run_query(over_budget ~ ' order by source_table') -%}
        {%- if found.rows | length > 0 -%}
            {%- set lines = [] -%}
            {%- for row in found.rows -%}
                {%- set reasons = run_query(
                    "select reason, count(*) as rows_lost, coalesce(min(record_key), '(no key)') as example_key"
                    ~ " from " ~ quarantine
                    ~ " where source_table = '" ~ row[0] ~ "' and reason <> 'duplicate_superseded'"
                    ~ " group by reason order by count(*) desc, reason limit 5"
                ) -%}
                {%- do lines.append(
                    '  - raw.' ~ row[0] ~ ': ' ~ row[2] ~ ' of ' ~ row[1] ~ ' rows quarantined ('
                    ~ '%.1f' | format(100 * row[3]) ~ ' %, budget ' ~ '%.1f' | format(100 * row[4]) ~ ' %)'
                ) -%}
                {%- for reason in reasons.rows -%}
                    {%- do lines.append('      ' ~ reason[0] ~ ': ' ~ reason[1] ~ ' rows, e.g. key ' ~ reason[2]) -%}
                {%- endfor -%}
            {%- endfor -%}
            {{ exceptions.raise_compiler_error(
                'Loss budget broken: the build quarantined too much of these raw tables '
                ~ '(see data_quality.fct_quarantined_rows for every row and its raw values):\n'
                ~ (lines | join('\n'))
                ~ '\nFix the export or its mapping, or raise the budget (var loss_budgets) if the loss is expected.'
            ) }}
        {%- endif -%}
    {%- endif -%}
    {{ over_budget }}
{% endtest %}
