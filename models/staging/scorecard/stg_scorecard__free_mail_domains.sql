-- depends_on: {{ ref('base_scorecard__problems') }}
with

source as (
    select * from {{ ref('free_mail_domains') }}
),

final as (
    select {{ normalise_domain(normalise_text('domain')) }} as domain
    from source
)

select * from final
