-- depends_on: {{ ref('base_scorecard__problems') }}
with

source as (
    select * from {{ ref('engagement_rules') }}
),

cleaned as (
    select
        {{ normalise_text('rule_id') }} as rule_id,
        {{ normalise_lower('scoring_model_id') }} as scoring_model_id,
        {{ normalise_lower('event_type') }} as event_type,
        {{ normalise_text('content_id') }} as content_id,
        -- A pattern is kept as written and matched ignoring case (lower-casing it would turn \S into \s).
        {{ normalise_text('url_pattern') }} as url_pattern,
        {{ normalise_lower('content_type') }} as content_type,
        {{ normalise_lower('content_proposition') }} as content_proposition,
        {{ normalise_lower('content_stage') }} as content_stage,
        {{ seed_number(normalise_text('points')) }} as points,
        {{ seed_whole_number(normalise_text('max_occurrences')) }} as max_occurrences,
        {{ seed_whole_number(normalise_text('window_days')) }} as window_days,
        {{ seed_number(normalise_text('half_life_days')) }} as half_life_days,
        coalesce({{ seed_whole_number(normalise_text('priority')) }}, 0) as priority,
        {{ normalise_text('description') }} as rule_description
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
