-- Every staged event with the lead it belongs to and the content it touched:
-- anonymous events are stitched to the lead their visitor later became (retroactively,
-- from identities), and content is found by content_id, else by the URL's path.
with

events as (
    select * from {{ ref('stg_raw__events') }}
),

identities as (
    select * from {{ ref('stg_raw__identities') }}
),

catalog as (
    select * from {{ ref('stg_scorecard__content_catalog') }}
),

stitched as (
    select
        events.*,
        coalesce(events.lead_id, identities.lead_id) as attributed_lead_id,
        events.lead_id is null and identities.lead_id is not null as is_stitched,
        nullif(
            {{ regex_replace_all(
                regex_replace_all('lower(events.url)', "'^[a-z]+://[^/]+'", "''"),
                "'[?#].*$'",
                "''"
            ) }},
            ''
        ) as url_path
    from events
    left join identities
        on events.anonymous_id = identities.anonymous_id
),

final as (
    select
        stitched.event_id,
        stitched.attributed_lead_id as lead_id,
        stitched.anonymous_id,
        coalesce(by_id.content_id, by_path.content_id) as content_id,
        stitched.campaign_id,
        stitched.event_type,
        stitched.url_path,
        coalesce(by_id.content_type, by_path.content_type) as content_type,
        coalesce(by_id.proposition, by_path.proposition) as content_proposition,
        coalesce(by_id.buyer_stage, by_path.buyer_stage) as content_stage,
        case
            when stitched.attributed_lead_id is null then 'anonymous'
            when {{ is_after_as_of('stitched.occurred_at') }} then 'after_as_of'
            else 'scored'
        end as scoring_status,
        stitched.is_stitched,
        stitched.occurred_at
    from stitched
    left join catalog as by_id
        on stitched.content_id = by_id.content_id
    left join catalog as by_path
        on stitched.url_path = by_path.url_path
            and by_id.content_id is null
)

select * from final
