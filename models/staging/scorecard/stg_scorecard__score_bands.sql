with

source as (
    select * from {{ ref('score_bands') }}
),

final as (
    select
        {{ clean_lower('scoring_model_id') }} as scoring_model_id,
        {{ clean_lower('dimension') }} as dimension,
        upper({{ clean_text('band') }}) as band,
        {{ parse_number('lower_bound') }} as lower_bound,
        {{ parse_number('upper_bound') }} as upper_bound
    from source
)

select * from final
