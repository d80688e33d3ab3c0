with

source as (
    select * from {{ ref('scoring_models') }}
),

final as (
    select
        {{ clean_lower('scoring_model_id') }} as scoring_model_id,
        {{ clean_text('name') }} as scoring_model_name,
        {{ clean_text('description') }} as scoring_model_description,
        upper({{ clean_text('mql_min_grade') }}) as mql_min_grade,
        {{ clean_lower('decay_policy') }} as decay_policy,
        {{ clean_lower('account_rollup_method') }} as account_rollup_method,
        {{ parse_number('mql_threshold') }} as mql_threshold,
        case
            when {{ clean_lower('decay_policy') }} = 'half_life' then {{ parse_number('half_life_days') }}
        end as half_life_days,
        {{ parse_number('score_cap') }} as score_cap,
        cast({{ parse_number('sql_min_bant') }} as {{ dbt.type_int() }}) as sql_min_bant,
        cast({{ parse_number('mql_sla_hours') }} as {{ dbt.type_int() }}) as mql_sla_hours,
        cast({{ parse_number('account_top_n') }} as {{ dbt.type_int() }}) as account_top_n,
        {{ parse_number('engaged_contact_min_points') }} as engaged_contact_min_points,
        {{ parse_number('mqa_threshold') }} as mqa_threshold,
        cast({{ parse_number('mqa_min_engaged_contacts') }} as {{ dbt.type_int() }})
            as mqa_min_engaged_contacts
    from source
)

select * from final
