-- depends_on: {{ ref('base_scorecard__problems') }}
with

source as (
    select * from {{ ref('scoring_models') }}
),

final as (
    select
        {{ normalise_lower('scoring_model_id') }} as scoring_model_id,
        {{ normalise_text('name') }} as scoring_model_name,
        {{ normalise_text('description') }} as scoring_model_description,
        upper({{ normalise_text('mql_min_grade') }}) as mql_min_grade,
        {{ normalise_lower('decay_policy') }} as decay_policy,
        {{ normalise_lower('account_rollup_method') }} as account_rollup_method,
        {{ seed_number(normalise_text('mql_threshold')) }} as mql_threshold,
        case
            when {{ normalise_lower('decay_policy') }} = 'half_life'
                then {{ seed_number(normalise_text('half_life_days')) }}
        end as half_life_days,
        {{ seed_number(normalise_text('score_cap')) }} as score_cap,
        {{ seed_whole_number(normalise_text('sql_min_bant')) }} as sql_min_bant,
        {{ seed_whole_number(normalise_text('mql_sla_hours')) }} as mql_sla_hours,
        {{ seed_whole_number(normalise_text('account_top_n')) }} as account_top_n,
        {{ seed_number(normalise_text('engaged_contact_min_points')) }} as engaged_contact_min_points,
        {{ seed_number(normalise_text('mqa_threshold')) }} as mqa_threshold,
        {{ seed_whole_number(normalise_text('mqa_min_engaged_contacts')) }}
            as mqa_min_engaged_contacts
    from source
)

select * from final
