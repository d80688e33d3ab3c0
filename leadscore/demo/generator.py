"""Builds the demo world and writes it to the ``raw`` schema of a DuckDB file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

from . import sql
from .crm import Crm, Erasures, make_crm, make_erasures
from .dirt import activity_rows, company_rows, event_rows, lead_rows, qualification_rows
from .firms import Companies, make_companies, stamp_companies
from .journeys import (
    ChunkContext,
    EventTypes,
    Plan,
    chunk_bounds,
    chunk_context,
    expand_chunk,
    make_plan,
)
from .lookups import create_lookups
from .people import Leads, make_leads, name_pools, stamp_leads, team_sizes
from .rand import stream
from .seeds import Seeds, load_seeds
from .vocab import ERASED_ELSEWHERE_DOMAINS

DEFAULT_DIRT_RATE = 0.015
"""Share of rows per dirt class: enough of every class to see, and (with six event classes)
under the default loss budget of events (10 %), though above its warning level (1 %)."""
CHUNK_ROWS = 3_000_000
"""Clean events expanded and written per chunk."""
EXTRA_EVENT_CLASSES = 6
"""Event dirt classes that add rows (duplicates, orphans, future, unknown, null keys, bad times)."""

COMPANIES, LEADS, JOURNEYS, STAMPS, CRM, ERASURES, TEAMS = 1, 2, 3, 4, 5, 6, 7
COMPANY_DIRT, LEAD_DIRT, CRM_DIRT, EVENTS, EVENT_DIRT = 11, 12, 13, 100, 101
"""Random stream keys of the world's parts."""


@dataclass
class World:
    companies: Companies
    leads: Leads
    plan: Plan
    crm: Crm
    erasures: Erasures
    context: ChunkContext


def build_world(seeds: Seeds, n_leads: int, seed: int, clean_events: int) -> World:
    """Draw companies, leads, journeys and CRM outcomes (all numeric)."""
    types = EventTypes(seeds.event_types)
    companies = make_companies(stream(seed, COMPANIES), max(5, round(n_leads / 8)))
    leads = make_leads(stream(seed, LEADS), n_leads, companies, len(seeds.free_mail_domains))
    plan = make_plan(stream(seed, JOURNEYS), leads, types, clean_events)
    stamps = stream(seed, STAMPS)
    stamp_leads(stamps, leads, plan.created[:n_leads].copy())
    plan.lead_number[:n_leads] = leads.number
    stamp_companies(stamps, companies, leads.company, leads.created)
    crm = make_crm(stream(seed, CRM), leads, plan, companies)
    firsts, lasts, _ = name_pools()
    erasures = make_erasures(
        stream(seed, ERASURES), leads, len(firsts), len(lasts), len(ERASED_ELSEWHERE_DOMAINS)
    )
    return World(companies, leads, plan, crm, erasures, chunk_context(types, seeds.content))


def write_companies(con: duckdb.DuckDBPyConnection, world: World, seed: int, rate: float) -> None:
    """company_base (clean, with unique domains) and raw.companies with dirt."""
    c = world.companies
    sql.run_over(
        con,
        {
            "idx": np.arange(len(c)),
            "number": c.number,
            "employees": c.employees,
            "revenue": c.revenue,
            "created": c.created,
            "with_noun": c.with_noun,
            "local_tld": c.local_tld,
            "prefix": c.prefix,
            "suffix": c.suffix,
            "noun": c.noun,
            "country": c.country,
        },
        sql.COMPANY_BASE,
    )
    sql.insert(con, "companies", company_rows(stream(seed, COMPANY_DIRT), c, rate), sql.COMPANY_ROWS)


def write_leads(con: duckdb.DuckDBPyConnection, world: World, seed: int, rate: float) -> None:
    """lead_base (clean, with unique e-mails) and raw.leads with dirt, and the custom attribute
    team_size as an extra column (the demo scorecard declares it in fit_attributes)."""
    leads = world.leads
    team, team_style = team_sizes(stream(seed, TEAMS), leads, world.companies)
    sql.run_over(
        con,
        {
            "idx": np.arange(len(leads)),
            "number": leads.number,
            "kind": leads.kind,
            "name_style": leads.name_style,
            "email_style": leads.email_style,
            "digits": leads.email_digits,
            "created": leads.created,
            "first": leads.first,
            "last": leads.last,
            "country": leads.country,
            "source": leads.source,
            "company": leads.company,
            "free_mail": leads.free_mail,
            "team": team,
            "team_style": team_style,
        },
        sql.LEAD_BASE,
    )
    sql.insert(con, "leads", lead_rows(stream(seed, LEAD_DIRT), leads, rate), sql.LEAD_ROWS)


def write_events(con: duckdb.DuckDBPyConnection, world: World, seed: int, rate: float) -> None:
    """raw.events, expanded and written chunk by chunk."""
    plan = world.plan
    rows = plan.rows()
    first_fresh = int(rows.sum()) + 1
    first_event = 1
    for k, (a0, a1) in enumerate(chunk_bounds(rows, CHUNK_ROWS)):
        clean = expand_chunk(stream(seed, EVENTS, k), plan, world.context, a0, a1, first_event)
        first_event += len(clean["eid"])
        dirty, used = event_rows(
            stream(seed, EVENT_DIRT, k), clean, rate, first_fresh, plan.n_leads, guarantee=k == 0
        )
        first_fresh += used
        sql.insert(con, "events", dirty, sql.EVENT_ROWS)


def write_identities(con: duckdb.DuckDBPyConnection, world: World) -> None:
    """raw.identities: one row per lead that browsed anonymously before a form."""
    plan = world.plan
    lead = np.flatnonzero(plan.identified[: plan.n_leads] >= 0)
    sql.insert(
        con,
        "identities",
        {"anon": plan.anon[lead], "lead": plan.lead_number[lead], "ts": plan.identified[lead]},
        sql.IDENTITY_ROWS,
    )


def write_crm(con: duckdb.DuckDBPyConnection, world: World, seed: int, rate: float) -> None:
    """raw.sales_activities, raw.sales_qualifications and raw.opportunities."""
    crm, number = world.crm, world.leads.number
    dirt = stream(seed, CRM_DIRT)
    acts = crm.activities
    activities = {
        "number": acts.number,
        "lead": number[acts.lead],
        "kind": acts.kind,
        "ts": acts.ts,
    }
    sql.insert(
        con,
        "sales_activities",
        activity_rows(dirt, activities, rate, len(number)),
        sql.ACTIVITY_ROWS,
    )
    q = crm.qualifications
    answers = {
        name: q.answers[:, i]
        for i, name in enumerate(("budget", "authority", "need", "timeline", "accepted"))
    }
    quals = {
        "lead": number[q.lead],
        "ts": q.ts,
        **answers,
        "spelling": q.spelling,
        "reason": q.reason,
    }
    sql.insert(
        con,
        "sales_qualifications",
        qualification_rows(dirt, quals, rate, len(number)),
        sql.QUALIFICATION_ROWS,
    )
    o = crm.opportunities
    sql.insert(
        con,
        "opportunities",
        {
            "number": o.number,
            "company": world.companies.number[o.company],
            "lead": np.where(o.lead >= 0, number[o.lead], -1),
            "product": o.product,
            "created": o.created,
            "stage": o.stage,
            "won": o.won,
            "closed": o.closed,
            "amount": o.amount,
        },
        sql.OPPORTUNITY_ROWS,
    )


def write_erasures(con: duckdb.DuckDBPyConnection, world: World) -> None:
    """raw.erasure_requests."""
    e = world.erasures
    sql.insert(
        con,
        "erasure_requests",
        {
            "lead": e.lead,
            "style": e.style,
            "first": e.first,
            "last": e.last,
            "domain": e.domain,
            "ts": e.ts,
        },
        sql.ERASURE_ROWS,
    )


def validate(leads: int, dirt_rate: float, events_per_lead: float) -> None:
    """Reject arguments that cannot describe a world."""
    if leads < 1:
        raise ValueError("leads must be at least 1")
    if not 0.0 <= dirt_rate < 0.5:
        raise ValueError("dirt_rate must be in [0, 0.5)")
    if events_per_lead < 0:
        raise ValueError("events_per_lead must not be negative")


def generate(
    database: Path,
    leads: int = 20_000,
    seed: int = 7,
    dirt_rate: float = DEFAULT_DIRT_RATE,
    events_per_lead: float = 20.0,
    project_dir: Path | None = None,
) -> dict[str, int]:
    """(Re)create the raw tables in `database` and return {table: row_count}."""
    validate(leads, dirt_rate, events_per_lead)
    seeds = load_seeds(Path(project_dir) if project_dir else None)
    clean_events = round(events_per_lead * leads / (1 + EXTRA_EVENT_CLASSES * dirt_rate))
    world = build_world(seeds, leads, seed, clean_events)
    con = sql.connect(Path(database))
    try:
        sql.reset_raw(con)
        create_lookups(con, seeds)
        write_companies(con, world, seed, dirt_rate)
        write_leads(con, world, seed, dirt_rate)
        write_events(con, world, seed, dirt_rate)
        write_identities(con, world)
        write_crm(con, world, seed, dirt_rate)
        write_erasures(con, world)
        return sql.row_counts(con)
    finally:
        con.close()
