-- depends_on: {{ ref('base_scorecard__problems') }}
with

source as (
    select * from {{ ref('content_catalog') }}
),

final as (
    select
        {{ normalise_text('content_id') }} as content_id,
        {{ normalise_lower('url_path') }} as url_path,
        {{ normalise_text('title') }} as content_title,
        {{ normalise_lower('content_type') }} as content_type,
        {{ normalise_lower('proposition') }} as proposition,
        {{ normalise_lower('buyer_stage') }} as buyer_stage
    from source
)

select * from final
