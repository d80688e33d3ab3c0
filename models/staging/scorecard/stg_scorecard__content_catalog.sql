with

source as (
    select * from {{ ref('content_catalog') }}
),

final as (
    select
        {{ clean_text('content_id') }} as content_id,
        {{ clean_lower('url_path') }} as url_path,
        {{ clean_text('title') }} as content_title,
        {{ clean_lower('content_type') }} as content_type,
        {{ clean_lower('proposition') }} as proposition,
        {{ clean_lower('buyer_stage') }} as buyer_stage
    from source
)

select * from final
