-- depends_on: {{ ref('base_scorecard__problems') }}
with

source as (
    select * from {{ ref('fit_attributes') }}
),

final as (
    select
        {{ normalise_lower('attribute') }} as attribute,
        {{ normalise_lower('data_type') }} as data_type,
        {{ normalise_lower('describes') }} as describes,
        {{ normalise_text('description') }} as attribute_description
    from source
)

select * from final
