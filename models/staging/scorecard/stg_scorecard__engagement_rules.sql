with

source as (
    select * from {{ ref('engagement_rules') }}
),

cleaned as (
    select
        {{ clean_text('rule_id') }} as rule_id,
        {{ clean_lower('scoring_model_id') }} as scoring_model_id,
        {{ clean_lower('event_type') }} as event_type,
        {{ clean_text('content_id') }} as content_id,
        {{ clean_lower('url_pattern') }} as url_pattern,
        {{ clean_lower('content_type') }} as content_type,
        {{ clean_lower('content_proposition') }} as content_proposition,
        {{ clean_lower('content_stage') }} as content_stage,
        {{ parse_number('points') }} as points,
        cast({{ parse_number('max_occurrences') }} as {{ dbt.type_bigint() }}) as max_occurrences,
        cast({{ parse_number('window_days') }} as {{ dbt.type_bigint() }}) as window_days,
        {{ parse_number('half_life_days') }} as half_life_days,
        coalesce(cast({{ parse_number('priority') }} as {{ dbt.type_bigint() }}), 0) as priority,
        {{ clean_text('description') }} as rule_description
    from source
),

final as (
    select
        *,
        -- How narrowly the rule selects: a content id 4, a URL pattern 2, each content tag 1.
        (case when content_id is not null then 4 else 0 end)
        + (case when url_pattern is not null then 2 else 0 end)
        + (case when content_type is not null then 1 else 0 end)
        + (case when content_proposition is not null then 1 else 0 end)
        + (case when content_stage is not null then 1 else 0 end) as specificity
    from cleaned
)

select * from final
