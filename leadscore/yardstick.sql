-- The yardstick: fct_lead_scores' fit_score, engagement_score, total_score, is_mql and mql_at,
-- computed by one plain DuckDB script straight from the raw tables, to measure the dbt build
-- against (README, "Performance"). Not product code: no explanations, no quarantine, no data
-- quality report, only the values.
--
-- Run on a built warehouse, after `set variable as_of = date 'YYYY-MM-DD';`. Reads raw.*
-- (leads, companies, events, identities, erasure_requests), the scorecard seeds as dbt
-- loaded them (scorecard.*) and reference.country_names; writes yardstick.lead_scores, one
-- row per lead and scoring model.
--
-- Semantics reproduced (SPEC sections 3-4, as the staging, scoring, engagement and journey
-- models implement them):
-- * Raw text is trimmed and an empty text is missing; codes are lower-cased (event types,
--   departments, industries, ...), countries are mapped through reference.country_names.
-- * A timestamp is `YYYY-MM-DD hh:mm:ss` or `YYYY-MM-DD`; anything else, or a time after now,
--   is missing.
-- * Erasure: a lead whose (trimmed, lower-cased) email is in erasure_requests is erased with
--   every row of it, and so are its events and those of the visitors identified as it.
-- * Leads and companies: of several rows of one key the latest (updated_at, else created_at)
--   wins, ties broken by the raw row; a lead's company_id must be a staged company. Events:
--   the earliest copy of an event_id wins (among the copies with a usable timestamp, a known
--   type, a lead or visitor, and no unknown lead). Identities: a visitor's first
--   identification (of a known lead) wins.
-- * A lead belongs to its company_id, else to the company whose domain is its email's (the
--   lowest company_id of that domain; never a free-mail domain).
-- * Fit: every fit rule of the model whose attribute matches (text trimmed and case ignored;
--   numbers compared as numbers, and as whole-number text for the text operators); grades
--   from score_bands.
-- * Engagement: events stitched to the lead a visitor became; content found by content_id,
--   else by the URL's path; per model each event is scored by its most specific matching
--   rule (then priority, the model's own rule before an `all` rule, then rule_id); a rule
--   counts only its window and its max_occurrences most recent events; points decay by
--   0.5^(age_days / half_life). Sums are exact to 12 decimals.
-- * MQL: is_mql when the total (to the millionth) meets the threshold and the grade the
--   minimum; mql_at the first moment it did, from the event history: every moment a rule's
--   counted events change (an event, a newer event displacing one, a window closing).
--
-- Limits (each one is checked below: the script stops with an error rather than give a
-- different answer):
-- * Custom attributes: number columns of raw.leads declared in fit_attributes (the demo's
--   team_size); no custom text columns, none of raw.companies.
-- * Per scoring model at most one half-life other than 0 (the shipped scorecard: the model's
--   own, 0 for the negative rules), and negative rules do not decay.
-- * No lead's fit alone meets its model's MQL threshold (then its first MQL moment could be a
--   sales assessment or a deal, which this script does not read).
-- * Events less than 1000 half-lives old.
-- Not reproduced (the demo data never needs it): Unicode (NFKC) normalisation, other
-- timestamp forms (offsets, epochs, day-first dates), custom attributes of other types.

set variable ys_now = make_timestamp(epoch_us(now()));

-- Helpers -------------------------------------------------------------------------------------

create or replace temp macro ys_text(x) as nullif(trim(x), '');

create or replace temp macro ys_ts(x) as (
    case
        when try_strptime(ys_text(x), ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d']) <= getvariable('ys_now')
            then try_strptime(ys_text(x), ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d'])
    end
);

create or replace temp macro ys_domain(x) as nullif(
    regexp_replace(
        regexp_replace(lower(ys_text(x)), '^([a-z]+://)?(www[.])?', ''), '[/?#:].*$|[.]$', ''
    ),
    ''
);

-- Numbers as exports write them: "1,200", "$3.5M", "12k", "10000+"; a range is its middle.
create or replace temp macro ys_bare(x) as regexp_replace(lower(ys_text(x)), '[$€£¥'' ]|usd|eur|gbp|chf', '', 'g');

create or replace temp macro ys_is_range(s) as regexp_matches(
    s, '^([0-9]{1,15}|[0-9]{1,3}(,[0-9]{3}){1,4})-([0-9]{1,15}|[0-9]{1,3}(,[0-9]{3}){1,4})$'
);

create or replace temp macro ys_range_sum(s) as
    cast(split_part(replace(s, ',', ''), '-', 1) as double) + cast(split_part(replace(s, ',', ''), '-', 2) as double);

create or replace temp macro ys_single(s) as (
    case
        when regexp_matches(s, '^-?[0-9]{1,30}([.][0-9]{1,12})?$')
            or regexp_matches(s, '^-?[0-9]{1,3}([.][0-9]{1,12})?e[+-]?[0-9]{1,2}$')
            then cast(s as double)
        when regexp_matches(s, '^-?[0-9]{1,3}(,[0-9]{3}){1,9}([.][0-9]{1,12})?$')
            then cast(replace(s, ',', '') as double)
        when regexp_matches(s, '^[0-9]{1,15}([.][0-9]{1,6})?(k|m|mm|mn|b|bn)$')
            then cast(regexp_replace(s, '[a-z]+$', '') as double)
            * (case regexp_replace(s, '^[0-9.]+', '') when 'k' then 1000 when 'b' then 1000000000
                when 'bn' then 1000000000 else 1000000 end)
        when regexp_matches(s, '^([0-9]{1,30}|[0-9]{1,3}(,[0-9]{3}){1,9})[+]$')
            then cast(replace(replace(s, ',', ''), '+', '') as double)
    end
);

create or replace temp macro ys_number(x) as (
    case when ys_is_range(ys_bare(x)) then ys_range_sum(ys_bare(x)) / 2 else ys_single(ys_bare(x)) end
);

-- A whole number: a range's middle rounded, else the number when it is whole (to 1e-6).
create or replace temp macro ys_whole(x) as (
    case
        when ys_is_range(ys_bare(x)) then floor(ys_range_sum(ys_bare(x)) / 2 + 0.5)
        when abs(ys_single(ys_bare(x)) - floor(ys_single(ys_bare(x)) + 0.5)) < 0.000001
            then floor(ys_single(ys_bare(x)) + 0.5)
    end
);

create or replace temp macro ys_seed_number(x) as (
    case when regexp_matches(ys_text(x), '^-?[0-9]{1,15}([.][0-9]{1,9})?$') then cast(ys_text(x) as double) end
);

create or replace temp macro ys_seed_whole(x) as (
    case when regexp_matches(ys_text(x), '^-?[0-9]{1,9}$') then cast(ys_text(x) as integer) end
);

-- Whole numbers without a decimal point: how a number is compared as text.
create or replace temp macro ys_number_text(x) as (
    case
        when x = floor(x) and abs(x) < 1e15 then cast(cast(x as bigint) as varchar)
        else cast(x as varchar)
    end
);

-- The scorecard ---------------------------------------------------------------------------------

create or replace temp table ys_models as
select
    lower(ys_text(scoring_model_id)) as scoring_model_id,
    ys_seed_number(mql_threshold) as mql_threshold,
    upper(ys_text(mql_min_grade)) as mql_min_grade,
    case when lower(ys_text(decay_policy)) = 'half_life' then ys_seed_number(half_life_days) end as half_life_days
from scorecard.scoring_models;

create or replace temp table ys_fit_bands as
select
    lower(ys_text(scoring_model_id)) as scoring_model_id,
    upper(ys_text(band)) as band,
    ys_seed_number(lower_bound) as lower_bound,
    ys_seed_number(upper_bound) as upper_bound
from scorecard.score_bands
where lower(ys_text(dimension)) = 'fit';

create or replace temp table ys_fit_rules as
with rules as (
    select
        lower(ys_text(scoring_model_id)) as rule_model_id,
        lower(ys_text(attribute)) as attribute,
        lower(ys_text(operator)) as operator,
        case
            when lower(ys_text(operator)) = 'regex' then ys_text(value)
            else regexp_replace(lower(ys_text(value)), ' *[|] *', '|', 'g')
        end as rule_value,
        ys_seed_number(value) as value_number,
        ys_seed_number(value_to) as value_to_number,
        ys_seed_number(points) as points
    from scorecard.fit_rules
)
select ys_models.scoring_model_id, rules.*
from rules
inner join ys_models on rules.rule_model_id in (ys_models.scoring_model_id, 'all')
-- Only declared attributes score.
where rules.attribute in (select lower(ys_text(attribute)) from scorecard.fit_attributes);

create or replace temp table ys_engagement_rules as
with rules as (
    select
        ys_text(rule_id) as rule_id,
        lower(ys_text(scoring_model_id)) as rule_model_id,
        lower(ys_text(event_type)) as event_type,
        ys_text(content_id) as content_id,
        ys_text(url_pattern) as url_pattern,
        lower(ys_text(content_type)) as content_type,
        lower(ys_text(content_proposition)) as content_proposition,
        lower(ys_text(content_stage)) as content_stage,
        ys_seed_number(points) as points,
        ys_seed_whole(max_occurrences) as max_occurrences,
        ys_seed_whole(window_days) as window_days,
        ys_seed_number(half_life_days) as half_life_days,
        coalesce(ys_seed_whole(priority), 0) as priority
    from scorecard.engagement_rules
)
select
    ys_models.scoring_model_id,
    rules.* exclude (half_life_days),
    coalesce(rules.half_life_days, ys_models.half_life_days, 0) as half_life_days,
    (case when rules.content_id is not null then 4 else 0 end)
    + (case when rules.url_pattern is not null then 2 else 0 end)
    + (case when rules.content_type is not null then 1 else 0 end)
    + (case when rules.content_proposition is not null then 1 else 0 end)
    + (case when rules.content_stage is not null then 1 else 0 end) as specificity,
    rules.rule_model_id <> 'all' as is_model_specific
from rules
inner join ys_models on rules.rule_model_id in (ys_models.scoring_model_id, 'all');

select error('yardstick: a scoring model has more than one non-zero half-life, or a negative rule decays')
from ys_engagement_rules
group by scoring_model_id
having count(distinct half_life_days) filter (where half_life_days <> 0) > 1
    or count(*) filter (where points < 0 and half_life_days <> 0) > 0;

-- Leads and their companies -------------------------------------------------------------------------

create or replace temp table ys_countries as
select upper(trim(country_name)) as country_name, any_value(country_code) as country_code
from reference.country_names
group by all;

create or replace temp table ys_companies as
with rows as (
    select
        ys_text(company_id) as company_id,
        ys_text(name) as company_name,
        ys_domain(domain) as domain,
        lower(ys_text(industry)) as industry,
        upper(ys_text(country)) as country_text,
        ys_whole(employee_count) as employee_count,
        ys_number(annual_revenue) as annual_revenue,
        row_number() over (
            partition by ys_text(company_id)
            order by coalesce(ys_ts(updated_at), ys_ts(created_at)) desc nulls last,
                company_id, name, domain, industry, employee_count, annual_revenue, country,
                created_at, updated_at
        ) as version_rank
    from raw.companies
    where ys_text(company_id) is not null
)
select
    rows.company_id,
    rows.company_name,
    rows.domain,
    rows.industry,
    ys_countries.country_code as country,
    case when rows.employee_count between 0 and 100000000 then rows.employee_count end as employee_count,
    case when rows.annual_revenue between 0 and 1e15 then rows.annual_revenue end as annual_revenue
from rows
left join ys_countries on rows.country_text = ys_countries.country_name
where rows.version_rank = 1;

create or replace temp table ys_free_mail as
select distinct ys_domain(domain) as domain from scorecard.free_mail_domains;

create or replace temp table ys_erased_emails as
select distinct lower(ys_text(email)) as email from raw.erasure_requests where ys_text(email) is not null;

-- Every lead id of raw.leads, and whether it is erased (a row of it has an erased email).
create or replace temp table ys_lead_keys as
select
    ys_text(lead_id) as lead_id,
    bool_or(coalesce(lower(ys_text(email)) in (select email from ys_erased_emails), false)) as is_erased
from raw.leads
where ys_text(lead_id) is not null
group by 1;

-- The staged version of each lead: the raw row (custom columns included) that wins.
create or replace temp table ys_lead_rows as
select * exclude (version_rank)
from (
    select
        raw_leads.*,
        row_number() over (
            partition by ys_text(raw_leads.lead_id)
            order by coalesce(ys_ts(raw_leads.updated_at), ys_ts(raw_leads.created_at)) desc nulls last,
                raw_leads.lead_id, raw_leads.email, raw_leads.first_name, raw_leads.last_name,
                raw_leads.job_title, raw_leads.department, raw_leads.seniority, raw_leads.country,
                raw_leads.company_id, raw_leads.company_name, raw_leads.lead_source,
                raw_leads.created_at, raw_leads.updated_at
        ) as version_rank
    from raw.leads as raw_leads
    where ys_text(raw_leads.lead_id) is not null
        and ys_text(raw_leads.lead_id) in (select lead_id from ys_lead_keys where not is_erased)
)
where version_rank = 1;

create or replace temp table ys_leads as
with leads as (
    select
        ys_text(lead_id) as lead_id,
        case
            when regexp_matches(lower(ys_text(email)), '^[^@ ]+@[^@ ]+[.][^@ .]+$')
                and lower(ys_text(email)) not like '%..%'
                then split_part(lower(ys_text(email)), '@', 2)
        end as email_domain,
        lower(ys_text(job_title)) as job_title,
        lower(ys_text(department)) as department,
        lower(ys_text(seniority)) as seniority,
        upper(ys_text(country)) as country_text,
        ys_text(company_id) as company_id,
        ys_text(company_name) as company_name,
        lower(ys_text(lead_source)) as lead_source
    from ys_lead_rows
),

company_domains as (
    select domain, min(company_id) as company_id
    from ys_companies
    where domain is not null and domain not in (select domain from ys_free_mail where domain is not null)
    group by domain
)

select
    leads.lead_id,
    leads.job_title,
    leads.department,
    leads.seniority,
    lower(ys_countries.country_code) as country,
    leads.lead_source,
    leads.email_domain,
    case when free.domain is not null then 'true' else 'false' end as is_free_mail,
    case when companies.company_id is not null then 'true' else 'false' end as has_company,
    lower(coalesce(companies.company_name, leads.company_name)) as company_name,
    lower(companies.industry) as industry,
    lower(companies.country) as company_country,
    cast(companies.employee_count as double) as employee_count,
    companies.annual_revenue
from leads
left join ys_countries on leads.country_text = ys_countries.country_name
left join ys_free_mail as free on leads.email_domain = free.domain
left join ys_companies as by_id on leads.company_id = by_id.company_id
left join company_domains as by_domain on leads.email_domain = by_domain.domain and free.domain is null
left join ys_companies as companies on companies.company_id = coalesce(by_id.company_id, by_domain.company_id);

-- Fit -----------------------------------------------------------------------------------------------

create or replace temp table ys_fit as
with attributes as (
    select *
    from (
        select lead_id, job_title, department, seniority, country, lead_source, email_domain, is_free_mail,
            has_company, company_name, industry, company_country
        from ys_leads
    ) unpivot include nulls (text_value for attribute in (columns(* exclude (lead_id))))
),

numbers as (
    select *
    from (select lead_id, employee_count, annual_revenue from ys_leads)
        unpivot include nulls (number_value for attribute in (columns(* exclude (lead_id))))
),

-- The columns of raw.leads beyond the contract (ys_none: so that the list is never empty).
custom_columns as (
    select *
    from (
        select * exclude (email, first_name, last_name, job_title, department, seniority, country,
            company_id, company_name, lead_source, created_at, updated_at), cast(null as varchar) as ys_none
        from ys_lead_rows
    ) unpivot include nulls (raw_value for attribute in (columns(* exclude (lead_id))))
),

custom_numbers as (
    select ys_text(custom_columns.lead_id) as lead_id, custom_columns.attribute, ys_number(custom_columns.raw_value) as number_value
    from custom_columns
    inner join scorecard.fit_attributes as declared
        on custom_columns.attribute = lower(ys_text(declared.attribute))
            and lower(ys_text(declared.describes)) = 'lead'
            and lower(ys_text(declared.data_type)) = 'number'
),

values_of_leads as (
    select lead_id, attribute, text_value, cast(null as double) as number_value from attributes
    union all
    select lead_id, attribute, ys_number_text(number_value), number_value from numbers
    union all
    select lead_id, attribute, ys_number_text(number_value), number_value from custom_numbers
),

distinct_values as (
    select distinct attribute, text_value, number_value from values_of_leads
),

-- Materialised: each rule is tested once per distinct value, not once per lead.
value_matches as materialized (
    select
        distinct_values.attribute,
        distinct_values.text_value,
        rules.scoring_model_id,
        rules.points
    from distinct_values
    inner join ys_fit_rules as rules on distinct_values.attribute = rules.attribute
    where coalesce(
        case rules.operator
            when 'is_missing' then distinct_values.text_value is null and distinct_values.number_value is null
            when 'equals' then distinct_values.text_value = rules.rule_value
            when 'not_equals' then distinct_values.text_value <> rules.rule_value
            when 'in' then position('|' || distinct_values.text_value || '|' in '|' || rules.rule_value || '|') > 0
                and position('|' in distinct_values.text_value) = 0
            when 'not_in' then not (position('|' || distinct_values.text_value || '|' in '|' || rules.rule_value || '|') > 0
                and position('|' in distinct_values.text_value) = 0)
            when 'contains' then position(rules.rule_value in distinct_values.text_value) > 0
            when 'starts_with' then starts_with(distinct_values.text_value, rules.rule_value)
            when 'ends_with' then ends_with(distinct_values.text_value, rules.rule_value)
            when 'regex' then regexp_matches(distinct_values.text_value, rules.rule_value, 'i')
            when 'between' then distinct_values.number_value between rules.value_number and rules.value_to_number
            when 'gt' then distinct_values.number_value > rules.value_number
            when 'gte' then distinct_values.number_value >= rules.value_number
            when 'lt' then distinct_values.number_value < rules.value_number
            when 'lte' then distinct_values.number_value <= rules.value_number
        end,
        false
    )
),

fit_sums as (
    select
        values_of_leads.lead_id,
        value_matches.scoring_model_id,
        cast(sum(cast(value_matches.points as decimal(38, 12))) as double) as fit_score
    from values_of_leads
    inner join value_matches
        on values_of_leads.attribute = value_matches.attribute
            and coalesce(values_of_leads.text_value, '') = coalesce(value_matches.text_value, '')
    group by all
),

lead_models as (
    select
        ys_leads.lead_id,
        ys_models.scoring_model_id,
        coalesce(fit_sums.fit_score, 0) as fit_score
    from ys_leads
    cross join ys_models
    left join fit_sums
        on ys_leads.lead_id = fit_sums.lead_id and ys_models.scoring_model_id = fit_sums.scoring_model_id
)

select
    lead_models.*,
    bands.band as fit_grade,
    coalesce(bands.band <= ys_models.mql_min_grade, false) as meets_grade,
    ys_models.mql_threshold
from lead_models
inner join ys_models on lead_models.scoring_model_id = ys_models.scoring_model_id
left join ys_fit_bands as bands
    on lead_models.scoring_model_id = bands.scoring_model_id
        and (bands.lower_bound is null or lead_models.fit_score >= bands.lower_bound)
        and (bands.upper_bound is null or lead_models.fit_score < bands.upper_bound);

select error('yardstick: a lead''s fit alone meets its model''s MQL threshold')
from ys_fit
where meets_grade and cast(fit_score as decimal(28, 6)) >= mql_threshold
limit 1;

-- Events ---------------------------------------------------------------------------------------------

-- Visitors identified as an erased lead take their events with them.
create or replace temp table ys_identities as
with rows as (
    select
        ys_text(anonymous_id) as anonymous_id,
        ys_text(lead_id) as lead_id,
        ys_ts(identified_at) as identified_at,
        anonymous_id as raw_anonymous_id,
        lead_id as raw_lead_id,
        identified_at as raw_identified_at
    from raw.identities
),

checked as (
    select
        rows.*,
        keys.is_erased,
        keys.lead_id is not null and rows.anonymous_id is not null and rows.identified_at is not null as is_usable
    from rows
    left join ys_lead_keys as keys on rows.lead_id = keys.lead_id
)

select
    anonymous_id,
    lead_id,
    is_erased,
    is_usable and row_number() over (
        partition by anonymous_id, is_usable
        order by identified_at, raw_anonymous_id, raw_lead_id, raw_identified_at
    ) = 1 as is_first
from checked;

-- The scored events (on or before as_of, of a staged lead, of a known type) with their content.
create or replace temp table ys_events as
with rows as (
    select
        ys_text(event_id) as event_id,
        ys_text(lead_id) as lead_id,
        ys_text(anonymous_id) as anonymous_id,
        lower(ys_text(event_type)) as event_type,
        ys_ts(occurred_at) as occurred_at,
        ys_text(content_id) as content_id,
        nullif(
            regexp_replace(regexp_replace(lower(ys_text(url)), '^[a-z]+://[^/]+', ''), '[?#].*$', ''), ''
        ) as url_path,
        event_id as raw_event_id, lead_id as raw_lead_id, anonymous_id as raw_anonymous_id,
        event_type as raw_event_type, occurred_at as raw_occurred_at, url as raw_url,
        content_id as raw_content_id, campaign_id as raw_campaign_id
    from raw.events
),

usable as (
    select rows.*, coalesce(keys.is_erased, false) or erased_visitors.anonymous_id is not null as is_erased
    from rows
    left join ys_lead_keys as keys on rows.lead_id = keys.lead_id
    left join (select distinct anonymous_id from ys_identities where is_erased and anonymous_id is not null)
        as erased_visitors on rows.anonymous_id = erased_visitors.anonymous_id
    where rows.event_id is not null
        and rows.occurred_at is not null
        and (rows.lead_id is not null or rows.anonymous_id is not null)
        and rows.event_type in (select lower(ys_text(event_type)) from scorecard.event_types)
        and (rows.lead_id is null or keys.lead_id is not null)
        -- The earliest copy wins, so copies after as_of never beat one before it.
        and cast(rows.occurred_at as date) <= getvariable('as_of')
),

-- Only ids with several copies need ranking (a hash aggregate finds them; most ids have one).
copied_ids as (
    select event_id from usable group by event_id having count(*) > 1
),

firsts as (
    select * from usable anti join copied_ids using (event_id)
    union all
    select * from (
        select * from usable semi join copied_ids using (event_id)
        qualify row_number() over (
            partition by event_id
            order by occurred_at, raw_event_id, raw_lead_id, raw_anonymous_id, raw_event_type,
                raw_occurred_at, raw_url, raw_content_id, raw_campaign_id
        ) = 1
    )
),

catalog as (
    select
        ys_text(content_id) as content_id,
        lower(ys_text(url_path)) as url_path,
        lower(ys_text(content_type)) as content_type,
        lower(ys_text(proposition)) as proposition,
        lower(ys_text(buyer_stage)) as buyer_stage
    from scorecard.content_catalog
)

select
    firsts.event_id,
    coalesce(firsts.lead_id, identities.lead_id) as lead_id,
    firsts.event_type,
    firsts.occurred_at,
    firsts.url_path,
    coalesce(by_id.content_id, by_path.content_id) as content_id,
    coalesce(by_id.content_type, by_path.content_type) as content_type,
    coalesce(by_id.proposition, by_path.proposition) as content_proposition,
    coalesce(by_id.buyer_stage, by_path.buyer_stage) as content_stage
from firsts
left join (select anonymous_id, lead_id from ys_identities where is_first and not is_erased) as identities
    on firsts.lead_id is null and firsts.anonymous_id = identities.anonymous_id
left join catalog as by_id on firsts.content_id = by_id.content_id
left join catalog as by_path on firsts.url_path = by_path.url_path and by_id.content_id is null
where not firsts.is_erased
    and coalesce(firsts.lead_id, identities.lead_id) is not null;

-- Engagement -----------------------------------------------------------------------------------------

-- The rule of each event per model, chosen once per distinct event signature.
create or replace temp table ys_matches as
with signatures as (
    select distinct event_type, content_id, url_path, content_type, content_proposition, content_stage
    from ys_events
),

chosen as (
    select signatures.*, rules.scoring_model_id, rules.rule_id, rules.points, rules.max_occurrences,
        rules.window_days, rules.half_life_days
    from signatures
    inner join ys_engagement_rules as rules on signatures.event_type = rules.event_type
    where (rules.content_id is null or lower(rules.content_id) = lower(signatures.content_id))
        and (rules.url_pattern is null or coalesce(regexp_matches(signatures.url_path, rules.url_pattern, 'i'), false))
        and (rules.content_type is null or rules.content_type = signatures.content_type)
        and (rules.content_proposition is null or rules.content_proposition = signatures.content_proposition)
        and (rules.content_stage is null or rules.content_stage = signatures.content_stage)
    qualify row_number() over (
        partition by rules.scoring_model_id, signatures.event_type, signatures.content_id, signatures.url_path,
            signatures.content_type, signatures.content_proposition, signatures.content_stage
        order by rules.specificity desc, rules.priority desc, rules.is_model_specific desc, rules.rule_id
    ) = 1
)

select
    events.lead_id,
    chosen.scoring_model_id,
    chosen.rule_id,
    events.event_id,
    events.occurred_at,
    chosen.points,
    chosen.max_occurrences,
    chosen.window_days,
    chosen.half_life_days,
    date_diff('day', cast(events.occurred_at as date), getvariable('as_of')) as age_days,
    -- The newest first, per lead, model and rule.
    row_number() over recent as recency,
    -- When a newer event pushes this one out of the rule's max_occurrences.
    lag(events.occurred_at, chosen.max_occurrences) over recent as displaced_at
from ys_events as events
inner join chosen
    on events.event_type = chosen.event_type
        and events.content_id is not distinct from chosen.content_id
        and events.url_path is not distinct from chosen.url_path
        and events.content_type is not distinct from chosen.content_type
        and events.content_proposition is not distinct from chosen.content_proposition
        and events.content_stage is not distinct from chosen.content_stage
window recent as (
    partition by events.lead_id, chosen.scoring_model_id, chosen.rule_id
    order by events.occurred_at desc, events.event_id desc
);

select error('yardstick: an event is more than 1000 half-lives old')
from ys_matches
where half_life_days > 0 and age_days / half_life_days > 1000
limit 1;

-- The score as of the as_of date: in-window events are the newest of a rule, so the newest
-- max_occurrences of them are those of recency <= max_occurrences.
create or replace temp table ys_engagement as
select
    lead_id,
    scoring_model_id,
    cast(sum(cast(
        points * case when half_life_days = 0 then 1.0 else power(0.5, age_days / half_life_days) end
        as decimal(38, 12)
    )) as double) as engagement_score
from ys_matches
where (window_days is null or age_days <= window_days)
    and (max_occurrences is null or recency <= max_occurrences)
group by all;

-- The first MQL moment. A rule's counted events only change when an event happens, when a newer
-- one displaces one, or when a window closes; between those moments points only decay. Decay
-- factorises, points x 0.5^(age at m / h) = 0.5^((m - as_of) / h) x points x 0.5^(age / h), so
-- one running sum per lead and model (and one for the points that do not decay) gives the score
-- at every such moment. Lead-models that cannot reach the threshold (wrong grade, or too few
-- positive points even if all counted at once without decay) are skipped.
create or replace temp table ys_mql as
with candidates as (
    select ys_fit.lead_id, ys_fit.scoring_model_id, ys_fit.fit_score, ys_fit.mql_threshold
    from ys_fit
    inner join ys_matches using (lead_id, scoring_model_id)
    where ys_fit.meets_grade
    group by all
    having ys_fit.fit_score + coalesce(sum(greatest(ys_matches.points, 0)) filter (
        where ys_matches.max_occurrences is null or ys_matches.recency <= ys_matches.max_occurrences
    ), 0) >= ys_fit.mql_threshold - 0.000001
),

spans as (
    select
        matches.lead_id,
        matches.scoring_model_id,
        matches.occurred_at,
        least(
            matches.displaced_at,
            cast(cast(matches.occurred_at as date) as timestamp) + to_days(matches.window_days + 1)
        ) as left_at,
        case when matches.half_life_days = 0 then matches.points else 0 end as flat,
        case when matches.half_life_days > 0
            then matches.points * power(0.5, matches.age_days / matches.half_life_days) else 0 end as decaying,
        half_lives.half_life_days
    from ys_matches as matches
    semi join candidates using (lead_id, scoring_model_id)
    -- The model's one non-zero half-life (checked above).
    left join (
        select scoring_model_id, max(half_life_days) as half_life_days from ys_engagement_rules group by all
    ) as half_lives using (scoring_model_id)
),

changes as (
    select lead_id, scoring_model_id, half_life_days, occurred_at as moment_at, flat, decaying from spans
    union all
    select lead_id, scoring_model_id, half_life_days, left_at, -flat, -decaying from spans
    where left_at <= cast(getvariable('as_of') as timestamp) + interval 86399 second
),

moments as (
    select
        lead_id,
        scoring_model_id,
        moment_at,
        sum(sum(flat)) over running as flat_sum,
        sum(sum(decaying)) over running as decaying_sum,
        any_value(half_life_days) as half_life_days
    from changes
    group by lead_id, scoring_model_id, moment_at
    window running as (partition by lead_id, scoring_model_id order by moment_at)
)

select
    moments.lead_id,
    moments.scoring_model_id,
    min(moments.moment_at) as mql_at
from moments
inner join candidates using (lead_id, scoring_model_id)
where cast(
    candidates.fit_score + moments.flat_sum + case
        when moments.decaying_sum = 0 then 0
        else moments.decaying_sum * power(
            2.0,
            date_diff('day', cast(moments.moment_at as date), getvariable('as_of')) / moments.half_life_days
        )
    end
    as decimal(28, 6)
) >= candidates.mql_threshold
group by all;

-- The scores -----------------------------------------------------------------------------------------

create schema if not exists yardstick;

create or replace table yardstick.lead_scores as
select
    ys_fit.lead_id,
    ys_fit.scoring_model_id,
    ys_fit.fit_score,
    coalesce(ys_engagement.engagement_score, 0) as engagement_score,
    ys_fit.fit_score + coalesce(ys_engagement.engagement_score, 0) as total_score,
    ys_fit.meets_grade
    and cast(ys_fit.fit_score + coalesce(ys_engagement.engagement_score, 0) as decimal(28, 6))
    >= ys_fit.mql_threshold as is_mql,
    ys_mql.mql_at
from ys_fit
left join ys_engagement using (lead_id, scoring_model_id)
left join ys_mql using (lead_id, scoring_model_id);
