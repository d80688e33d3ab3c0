with

source as (
    select * from {{ ref('fit_attributes') }}
),

final as (
    select
        {{ clean_lower('attribute') }} as attribute,
        {{ clean_lower('data_type') }} as data_type,
        {{ clean_lower('describes') }} as describes,
        {{ clean_text('description') }} as attribute_description
    from source
)

select * from final
