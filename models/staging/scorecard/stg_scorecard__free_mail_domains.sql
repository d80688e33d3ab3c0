with

source as (
    select * from {{ ref('free_mail_domains') }}
),

final as (
    select {{ normalise_domain('domain') }} as domain
    from source
)

select * from final
