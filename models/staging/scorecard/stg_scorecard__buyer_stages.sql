with

source as (
    select * from {{ ref('buyer_stages') }}
),

final as (
    select
        {{ clean_lower('scoring_model_id') }} as scoring_model_id,
        {{ clean_lower('buyer_stage') }} as buyer_stage,
        {{ clean_text('description') }} as buyer_stage_description,
        cast({{ parse_number('stage_order') }} as {{ dbt.type_int() }}) as stage_order,
        {{ parse_number('entry_points') }} as entry_points
    from source
)

select * from final
