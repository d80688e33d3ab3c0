-- The disposition ledger: one row per raw row of every raw table, where it ended up (staged,
-- quarantined or erased) and why. The quarantine, reconciliation and erasure marts read it,
-- and the loss budgets are measured on it.
with

{% for table in raw_tables() %}
    {{ table }} as (
        select * from {{ ref('base_raw__' ~ table) }}
    ),
{% endfor %}

unioned as (
    {% for table in raw_tables() -%}
        select
            source_table,
            record_key,
            disposition,
            quarantine_reason as reason,
            case when disposition = 'quarantined' then raw_record end as raw_record,
            {% if table == 'leads' -%}
                case when disposition = 'erased' then email_hash end
            {%- else -%}
                cast(null as {{ dbt.type_string() }})
            {%- endif %} as erased_email_hash
        from {{ table }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select * from unioned
)

select * from final
