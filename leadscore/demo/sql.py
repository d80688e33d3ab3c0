"""Renders the numeric world into the raw tables with DuckDB.

Python hands over numeric columns (indices, codes, epoch seconds) as Arrow tables; the SQL
here joins them to small lookup tables and builds every string (ids, names, e-mails, urls,
timestamps) in bulk. Column lists follow the raw contract (``leadscore.contract``).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from .. import warehouse
from ..contract import RAW_SCHEMA, create_statements, raw_tables
from .dirt import EV_BAD_TIME, EV_MESSY_TYPE, EV_NULL_ID, EV_UNKNOWN, NULL_KEY
from .people import TEAM_PLACEHOLDER, TEAM_RANGE, TEAM_UNREADABLE
from .vocab import SITE

TS = "strftime(make_timestamp({0} * 1000000), '%Y-%m-%d %H:%M:%S')"
DAY_FIRST = "strftime(make_timestamp({0} * 1000000), '%d/%m/%Y')"
BAD_MONTH = "strftime(make_timestamp({0} * 1000000), '%Y') || '-13-45'"


def connect(database: Path) -> duckdb.DuckDBPyConnection:
    """Open (creating its folder if needed) the database file with the warehouse's settings
    (the dbt profile's memory limit), rows in insertion order and a UTC session."""
    con = warehouse.connect(read_only=False, path=database)
    con.execute("set preserve_insertion_order = true")
    con.execute("set timezone = 'UTC'")
    return con


CUSTOM_COLUMNS = {"leads": ("team_size",)}
"""Columns the demo export has beyond the raw contract: its custom attributes."""


def reset_raw(con: duckdb.DuckDBPyConnection) -> None:
    """Drop and recreate the raw tables (other schemas are left alone)."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    for table in raw_tables():
        con.execute(f"drop table if exists {RAW_SCHEMA}.{table}")
    for statement in create_statements():
        con.execute(statement)
    for table, extra in CUSTOM_COLUMNS.items():
        for column in extra:
            con.execute(f"alter table {RAW_SCHEMA}.{table} add column {column} varchar")


def columns(table: str) -> str:
    """Comma-separated column list of a raw table (contract columns, then custom ones)."""
    return ", ".join((*raw_tables()[table], *CUSTOM_COLUMNS.get(table, ())))


def temp_table(con: duckdb.DuckDBPyConnection, name: str, data: dict[str, object]) -> None:
    """Materialise numpy arrays or lists as a temporary DuckDB table."""
    table = pa.table({key: pa.array(value) for key, value in data.items()})
    con.register("incoming", table)
    con.execute(f"create or replace temp table {name} as select * from incoming")
    con.unregister("incoming")


def run_over(con: duckdb.DuckDBPyConnection, data: dict[str, np.ndarray], statement: str) -> None:
    """Run ``statement`` with the numeric rows ``data`` registered as ``src``."""
    arrow = pa.table({key: pa.array(value) for key, value in data.items()})
    con.register("src", arrow)
    try:
        con.execute(statement)
    finally:
        con.unregister("src")


def insert(con: duckdb.DuckDBPyConnection, table: str, data: dict[str, np.ndarray], select: str) -> None:
    """Insert ``select`` over the numeric rows ``data`` (as ``src``) into a raw table."""
    data = {**data, "pos": np.arange(len(next(iter(data.values()))), dtype=np.int64)}
    run_over(con, data, f"insert into {RAW_SCHEMA}.{table} ({columns(table)}) {select}")


COMPANY_BASE = """
create or replace temp table company_base as
with parts as (
    select c.idx, c.number, c.employees, c.revenue, c.created, c.with_noun,
           p.word || s.word as stem, n.word as noun, k.code as country, k.legal,
           case when c.local_tld then k.tld else 'com' end as top
    from src c
    join lk_prefix p on p.idx = c.prefix
    join lk_suffix s on s.idx = c.suffix
    join lk_noun n on n.idx = c.noun
    join lk_country k on k.idx = c.country
), named as (
    select *,
           case when with_noun then stem || ' ' || noun else stem end as name,
           lower(case when with_noun then stem || '-' || noun else stem end) as base
    from parts
), ranked as (
    -- namesakes: the first keeps base.top, the next ones get .io/.net/.co, then a number
    -- (bases have no digits, so every domain is unique)
    select *, row_number() over (partition by base order by number) as rn from named
)
select idx, number, printf('CMP%06d', number) as company_id, name,
       case rn when 1 then base || '.' || top when 2 then base || '.io' when 3 then base || '.net'
               when 4 then base || '.co' else base || (rn - 3)::varchar || '.' || top end as domain,
       country, legal, employees, revenue, created
from ranked
"""

EMPLOYEE_RANGE = """case when b.employees <= 10 then '1-10' when b.employees <= 50 then '11-50'
    when b.employees <= 200 then '51-200' when b.employees <= 500 then '201-500'
    when b.employees <= 1000 then '501-1000' when b.employees <= 5000 then '1001-5000'
    when b.employees <= 10000 then '5001-10000' else '10001+' end"""

MONEY = """case when b.revenue >= 1000000 then printf('$%.1fM', b.revenue / 1e6)
    else printf('$%dK', b.revenue // 1000) end"""

COUNTRY_CASE = """case r.country_case when 0 then lower({0}) || ' ' when 1 then ' ' || {0}
    when 2 then lower({0}) else {0} end"""

COMPANY_ROWS = f"""
select case when r.kind = {NULL_KEY} then null else b.company_id end,
       b.name,
       case r.domain_case
           when 0 then upper(b.domain) || ' '
           when 1 then ' ' || upper(left(b.domain, 1)) || substr(b.domain, 2)
           when 2 then upper(left(b.domain, 1)) || substr(split_part(b.domain, '.', 1), 2) || '.'
                       || upper(substr(b.domain, length(split_part(b.domain, '.', 1)) + 2)) || ' '
           else b.domain end,
       case r.industry_case when 0 then ' ' || i.title when 1 then upper(i.name)
           when 2 then i.name || '  ' else i.name end,
       case r.numbers
           when 0 then format('{{:,}}', b.employees)
           when 1 then {EMPLOYEE_RANGE}
           when 2 then format('{{:,}}', b.employees)
           when 3 then 'approx ' || case when b.employees < 20 then b.employees
                                         else round(b.employees / 10) * 10 end::bigint
           when 4 then 'lots'
           else b.employees::varchar end,
       case r.numbers
           when 0 then format('{{:,}}', b.revenue)
           when 1 then {MONEY}
           when 2 then {MONEY}
           when 4 then 'unknown'
           else b.revenue::varchar end,
       {COUNTRY_CASE.format("b.country")},
       {TS.format("b.created")},
       {TS.format("r.updated")}
from src r
join company_base b on b.idx = r.src
join lk_industry i on i.idx = r.industry
order by r.pos
"""

LEAD_BASE = """
create or replace temp table lead_base as
with parts as (
    select l.idx, l.number, l.kind, l.name_style, l.email_style, l.digits, l.created, l.team, l.team_style,
           f.name as first_name, s.name as last_name, k.code as country, o.name as lead_source,
           regexp_replace(lower(strip_accents(f.name)), '[^a-z]', '', 'g') as fe,
           regexp_replace(lower(strip_accents(s.name)), '[^a-z]', '', 'g') as le,
           c.company_id, c.name as company, c.legal, coalesce(m.domain, c.domain) as mail_domain,
           m.domain is not null as free
    from src l
    join lk_first f on f.idx = l.first
    join lk_last s on s.idx = l.last
    join lk_country k on k.idx = l.country
    join lk_source o on o.idx = l.source
    left join company_base c on c.idx = l.company
    left join lk_free m on m.idx = l.free_mail
), locals as (
    select *,
           case email_style when 0 then fe || '.' || le when 1 then left(fe, 1) || le
                when 2 then fe || '_' || le else fe end
           || case when digits >= 0 then digits::varchar else '' end as local_part
    from parts
), ranked as (
    -- namesakes on one domain get a number; on free-mail after a dot, because free-mail
    -- local parts may already end in digits (every address is unique)
    select *, row_number() over (partition by local_part, mail_domain order by number) as rn
    from locals
)
select idx, printf('L%07d', number) as lead_id,
       local_part || case when rn = 1 then '' when free then '.' || rn else rn::varchar end
       || '@' || mail_domain as email,
       first_name, last_name, country,
       case when kind = 0 then company_id end as company_id,
       case name_style when 1 then company when 2 then lower(company)
            when 3 then company || ' ' || legal when 4 then 'Self-employed' end as company_name,
       lead_source, created, team, team_style
from ranked
"""

LOCAL = "split_part(b.email, '@', 1)"
DOMAIN = "split_part(b.email, '@', 2)"

LEAD_ROWS = f"""
select case when r.kind = {NULL_KEY} then null else b.lead_id end,
       case r.email
           when 0 then {LOCAL} || '@'
           when 1 then replace(b.email, '@', '(at)')
           when 2 then '@' || {DOMAIN}
           when 3 then lower(strip_accents(b.first_name)) || ' '
                       || lower(strip_accents(b.last_name)) || '@' || {DOMAIN}
           when 4 then replace({LOCAL}, '.', '..') || '@@' || {DOMAIN}
           when 5 then '  ' || b.email || ' '
           when 6 then upper(b.email)
           when 7 then upper(left(b.email, 1)) || substr({LOCAL}, 2) || '@' || upper({DOMAIN})
           when 8 then ' ' || {LOCAL} || '@' || upper(left({DOMAIN}, 1)) || substr({DOMAIN}, 2)
                       || '  '
           else b.email end,
       b.first_name, b.last_name, t.title, t.department, t.seniority,
       {COUNTRY_CASE.format("b.country")},
       b.company_id, b.company_name, b.lead_source,
       case r.bad_created when 0 then 'not a date' when 1 then {DAY_FIRST.format("b.created")}
            when 2 then {BAD_MONTH.format("b.created")} else {TS.format("b.created")} end,
       {TS.format("r.updated")},
       case when b.team < 0 then null
            when b.team_style = {TEAM_RANGE}
                then greatest(b.team - 2, 1)::varchar || '-' || (b.team + 3)::varchar
            when b.team_style = {TEAM_PLACEHOLDER} then 'n/a'
            when b.team_style = {TEAM_UNREADABLE} then 'about ' || b.team::varchar
            else b.team::varchar end
from src r
join lead_base b on b.idx = r.src
join lk_title t on t.idx = r.title
order by r.pos
"""

EVENT_ROWS = f"""
select case when c.dirt = {EV_NULL_ID} then null else printf('E%012d', c.eid) end,
       case when c.lead >= 0 then printf('L%07d', c.lead) end,
       case when c.anon >= 0 then printf('A%08d', c.anon) end,
       case c.dirt when {EV_UNKNOWN} then u.name when {EV_MESSY_TYPE} then t.messy[c.var + 1]
            else t.name end,
       case when c.dirt = {EV_BAD_TIME} then case c.var when 0 then 'not a date'
                                     when 1 then {DAY_FIRST.format("c.ts")}
                                     else {BAD_MONTH.format("c.ts")} end
            else {TS.format("c.ts")} end,
       case when c.content >= 0 then '{SITE}' || k.url_path || coalesce(q.query, '') end,
       case when c.with_id then k.content_id end,
       case when c.country >= 0
            then 'CMPGN-' || strftime(make_timestamp(c.ts * 1000000), '%Y-%m') || '-' || co.code
       end
from src c
join lk_etype t on t.idx = c.etype
left join lk_unknown u on u.idx = c.var and c.dirt = {EV_UNKNOWN}
left join lk_content k on k.idx = c.content
left join lk_utm q on q.idx = c.utm
left join lk_country co on co.idx = c.country
order by c.pos
"""

IDENTITY_ROWS = f"""
select printf('A%08d', anon), printf('L%07d', lead), {TS.format("ts")} from src order by ts, anon
"""

ACTIVITY_ROWS = f"""
select printf('SA%06d', s.number), printf('L%07d', s.lead), a.name, {TS.format("s.ts")}
from src s join lk_activity a on a.idx = s.kind
order by s.pos
"""

QUALIFICATION_ROWS = f"""
select printf('L%07d', q.lead), {TS.format("q.ts")},
       case when q.budget then b.yes else b.no end,
       case when q.authority then b.yes else b.no end,
       case when q.need then b.yes else b.no end,
       case when q.timeline then b.yes else b.no end,
       case when q.accepted then b.yes else b.no end,
       r.reason
from src q join lk_bool b on b.idx = q.spelling join lk_reason r on r.idx = q.reason
order by q.pos
"""

OPPORTUNITY_ROWS = f"""
select printf('OPP%05d', o.number), printf('CMP%06d', o.company),
       case when o.lead >= 0 then printf('L%07d', o.lead) end,
       p.name, {TS.format("o.created")}, s.name,
       case o.won when 1 then 'true' when 0 then 'false' else '' end,
       case when o.closed >= 0 then {TS.format("o.closed")} else '' end,
       printf('%d.00', o.amount)
from src o join lk_product p on p.idx = o.product join lk_stage s on s.idx = o.stage
order by o.number
"""

ERASURE_ROWS = f"""
with addresses as (
    select e.pos, e.style, e.ts,
           coalesce(b.email,
                    regexp_replace(lower(strip_accents(f.name)), '[^a-z]', '', 'g') || '.'
                    || regexp_replace(lower(strip_accents(s.name)), '[^a-z]', '', 'g') || '@'
                    || d.domain) as email
    from src e
    left join lead_base b on b.idx = e.lead
    join lk_first f on f.idx = e.first
    join lk_last s on s.idx = e.last
    join lk_gone d on d.idx = e.domain
)
select case style when 1 then upper(email) when 2 then ' ' || email || ' '
            when 3 then upper(left(email, 1)) || substr(email, 2) else email end,
       {TS.format("ts")}
from addresses
order by ts, pos
"""


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per raw table."""
    return {
        table: int(warehouse.scalar(con, f"select count(*) from {RAW_SCHEMA}.{table}"))
        for table in raw_tables()
    }
