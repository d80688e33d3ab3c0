"""Tests of the demo data generator on small worlds (``leadscore.demo``)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from leadscore.contract import RAW_SCHEMA, raw_tables
from leadscore.demo import DEMO_AS_OF, DIRT_CLASSES, generate
from leadscore.demo.sql import CUSTOM_COLUMNS

PROJECT = Path(__file__).resolve().parents[2]
SMALL = 200
TS = "try_strptime({0}, '%Y-%m-%d %H:%M:%S')"
EMAIL = r"^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$"


def known_event_types() -> list[str]:
    """Event types of the seed file."""
    with (PROJECT / "seeds" / "scorecard" / "event_types.csv").open(newline="") as handle:
        return [row[0] for row in list(csv.reader(handle))[1:] if row]


KNOWN_TYPES = ", ".join(f"'{name}'" for name in known_event_types())

# One or more queries per dirt class; each counts rows showing that class.
DIRT_CHECKS: dict[str, list[str]] = {
    "duplicate_keys": [
        "select count(*) from (select event_id from raw.events where event_id is not null"
        " group by 1 having count(*) > 1)",
        "select count(*) from (select lead_id from raw.leads where lead_id is not null"
        " group by 1 having count(distinct updated_at) > 1)",
        "select count(*) from (select company_id from raw.companies where company_id is not null"
        " group by 1 having count(distinct updated_at) > 1)",
        "select count(*) from (select activity_id from raw.sales_activities group by 1 having count(*) > 1)",
    ],
    "orphan_references": [
        "select count(*) from raw.events where lead_id not in"
        " (select lead_id from raw.leads where lead_id is not null)",
        "select count(*) from raw.sales_activities where lead_id not in"
        " (select lead_id from raw.leads where lead_id is not null)",
        "select count(*) from raw.sales_qualifications where lead_id not in"
        " (select lead_id from raw.leads where lead_id is not null)",
    ],
    "future_timestamps": [
        f"select count(*) from raw.events where year({TS.format('occurred_at')}) >= 2050",
    ],
    "unknown_event_types": [
        f"select count(*) from raw.events where lower(trim(event_type)) not in ({KNOWN_TYPES})",
    ],
    "malformed_emails": [
        f"select count(*) from raw.leads where not regexp_full_match(lower(trim(email)), '{EMAIL}')",
        "select count(*) from raw.leads where email like '%@' or email like '%(at)%'"
        " or email like '@%' or email like '%@@%' or trim(email) like '% %'",
    ],
    "text_in_numeric_columns": [
        "select count(*) from raw.companies where employee_count like '%,%' or employee_count like '%-%'",
        "select count(*) from raw.companies where annual_revenue like '%,%' or annual_revenue like '$%'",
        "select count(*) from raw.companies where"
        " try_cast(replace(employee_count, ',', '') as integer) is null"
        " and not regexp_full_match(employee_count, '[0-9]+-[0-9]+|[0-9]+\\+')",
    ],
    "mixed_case_and_spaces": [
        "select count(*) from raw.leads where email <> lower(trim(email))",
        "select count(*) from raw.companies where domain <> lower(trim(domain))",
        "select count(*) from raw.companies where industry <> lower(trim(industry))",
        "select count(*) from raw.events where event_type <> lower(trim(event_type))",
        "select count(*) from raw.leads where country <> upper(trim(country))",
        "select count(*) from raw.companies where country <> upper(trim(country))",
    ],
    "null_keys": [
        "select count(*) from raw.companies where company_id is null",
        "select count(*) from raw.leads where lead_id is null",
        "select count(*) from raw.events where event_id is null",
        "select count(*) from raw.events where lead_id is null and anonymous_id is null",
    ],
    "invalid_timestamps": [
        f"select count(*) from raw.events where {TS.format('occurred_at')} is null",
        f"select count(*) from raw.leads where {TS.format('created_at')} is null",
    ],
}


def scalar(database: Path, query: str) -> object:
    """First value of a query on a read-only connection."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(query).fetchone()[0]
    finally:
        con.close()


def fingerprint(database: Path) -> dict[str, str]:
    """md5 over every table's rows in a canonical order."""
    return {
        table: str(
            scalar(
                database,
                f"select md5(string_agg(t::varchar, chr(10) order by t::varchar))"
                f" from {RAW_SCHEMA}.{table} t",
            )
        )
        for table in raw_tables()
    }


def world(tmp_path_factory: pytest.TempPathFactory, name: str, **kwargs: object) -> Path:
    """Generate a world into a fresh file and return its path."""
    path = tmp_path_factory.mktemp(name) / "demo.duckdb"
    generate(path, project_dir=PROJECT, **kwargs)
    return path


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield world(tmp_path_factory, "dirty", leads=SMALL, seed=7)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield world(tmp_path_factory, "clean", leads=SMALL, seed=7, dirt_rate=0.0)


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield world(tmp_path_factory, "medium", leads=8_000, seed=11, events_per_lead=10.0)


def test_raw_tables_and_columns_follow_the_contract(dirty: Path) -> None:
    con = duckdb.connect(str(dirty), read_only=True)
    try:
        rows = con.execute(
            "select table_name, column_name, data_type from information_schema.columns"
            " where table_schema = ? order by table_name, ordinal_position",
            [RAW_SCHEMA],
        ).fetchall()
    finally:
        con.close()
    found: dict[str, list[str]] = {}
    for table, column, data_type in rows:
        assert data_type == "VARCHAR", (table, column)
        found.setdefault(table, []).append(column)
    # The contract's columns, then the demo export's custom attribute (team_size on leads).
    assert found == {table: [*cols, *CUSTOM_COLUMNS.get(table, ())] for table, cols in raw_tables().items()}


def test_returns_row_counts_of_every_table(tmp_path: Path) -> None:
    path = tmp_path / "counts.duckdb"
    counts = generate(path, leads=SMALL, seed=3, project_dir=PROJECT)
    assert set(counts) == set(raw_tables())
    assert all(counts[table] > 0 for table in raw_tables()), counts
    for table, count in counts.items():
        assert scalar(path, f"select count(*) from raw.{table}") == count
    assert counts["leads"] >= SMALL
    assert 0.6 * 20 * SMALL < counts["events"] < 1.4 * 20 * SMALL


def test_regenerating_replaces_the_tables(tmp_path: Path) -> None:
    path = tmp_path / "again.duckdb"
    generate(path, leads=100, seed=5, project_dir=PROJECT)
    counts = generate(path, leads=100, seed=5, project_dir=PROJECT)
    assert scalar(path, "select count(*) from raw.leads") == counts["leads"]


def test_same_seed_gives_the_same_world(dirty: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.duckdb"
    generate(again, leads=SMALL, seed=7, project_dir=PROJECT)
    assert fingerprint(again) == fingerprint(dirty)


def test_another_seed_gives_another_world(dirty: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    generate(other, leads=SMALL, seed=8, project_dir=PROJECT)
    first, second = fingerprint(dirty), fingerprint(other)
    assert all(first[table] != second[table] for table in raw_tables())


def test_every_dirt_class_is_checked() -> None:
    assert set(DIRT_CHECKS) == set(DIRT_CLASSES)


@pytest.mark.parametrize("dirt_class", DIRT_CLASSES)
def test_every_dirt_class_appears_at_the_default_rate(dirty: Path, dirt_class: str) -> None:
    for query in DIRT_CHECKS[dirt_class]:
        assert scalar(dirty, query) > 0, query


@pytest.mark.parametrize("dirt_class", DIRT_CLASSES)
def test_no_dirt_at_rate_zero(clean: Path, dirt_class: str) -> None:
    for query in DIRT_CHECKS[dirt_class]:
        assert scalar(clean, query) == 0, query


def test_clean_ids_and_values_have_the_documented_formats(clean: Path) -> None:
    patterns = {
        ("companies", "company_id"): "CMP[0-9]{6}",
        ("leads", "lead_id"): "L[0-9]{7}",
        ("events", "event_id"): "E[0-9]{12}",
        ("events", "anonymous_id"): "A[0-9]{8}",
        ("events", "campaign_id"): "CMPGN-20[0-9]{2}-[0-9]{2}-[A-Z]{2}",
        ("events", "url"): r"https://www\.example-vendor\.com/[a-z0-9/-]*(\?utm_source=.*)?",
        ("opportunities", "opportunity_id"): "OPP[0-9]{5}",
        ("opportunities", "amount"): r"[0-9]+\.[0-9]{2}",
        ("sales_activities", "activity_id"): "SA[0-9]{6}",
        ("companies", "employee_count"): "[0-9]+",
        ("companies", "annual_revenue"): "[0-9]+",
    }
    for (table, column), pattern in patterns.items():
        bad = scalar(
            clean,
            f"select count(*) from raw.{table}"
            f" where {column} is not null and not regexp_full_match({column}, '{pattern}')",
        )
        assert bad == 0, (table, column)
    stamps = [
        ("leads", "created_at"),
        ("leads", "updated_at"),
        ("events", "occurred_at"),
        ("identities", "identified_at"),
        ("sales_activities", "occurred_at"),
    ]
    for table, column in stamps:
        assert scalar(clean, f"select count(*) from raw.{table} where {TS.format(column)} is null") == 0


def test_clean_domains_and_emails_are_unique(tmp_path_factory: pytest.TempPathFactory) -> None:
    crowded = world(tmp_path_factory, "crowded", leads=20_000, events_per_lead=0.5, dirt_rate=0.0)
    namesakes = {
        "companies": r"[0-9]|\.(io|net|co)$",  # namesake companies got another domain
        "leads": r"[a-z][0-9]+@[a-z]+-[a-z-]+\.",  # namesake colleagues got a number
    }
    for table, column, key in (
        ("companies", "domain", "company_id"),
        ("leads", "email", "lead_id"),
    ):
        pattern = namesakes[table]
        renamed = f"select count(*) from raw.{table} where regexp_matches({column}, '{pattern}')"
        assert scalar(crowded, renamed) > 0, table
        repeated = (
            f"select count(distinct {key}) - count(distinct {column})"
            f" from raw.{table} where {key} is not null"
        )
        assert scalar(crowded, repeated) == 0, table


def test_booleans_use_mixed_spellings(clean: Path) -> None:
    spellings = scalar(clean, "select list(distinct has_budget) from raw.sales_qualifications")
    assert set(spellings) <= {"true", "false", "yes", "no", "Y", "N", "1", "0"}
    assert len(set(spellings)) >= 3


def test_identities_link_anonymous_browsing_to_known_leads(clean: Path) -> None:
    assert scalar(clean, "select count(*) from raw.identities") > 0
    checks = {
        "identity for a missing lead": "select count(*) from raw.identities"
        " where lead_id not in (select lead_id from raw.leads)",
        "identity without anonymous events": "select count(*) from raw.identities i"
        " where not exists (select 1 from raw.events e"
        " where e.anonymous_id = i.anonymous_id and e.lead_id is null)",
        "anonymous event after identification": "select count(*) from raw.events e"
        " join raw.identities i using (anonymous_id) where e.lead_id is null"
        " and e.occurred_at >= i.identified_at",
        "known event before identification": "select count(*) from raw.events e"
        " join raw.identities i using (lead_id) where e.occurred_at < i.identified_at",
        "no form event at identification": "select count(*) from raw.identities i where not exists"
        " (select 1 from raw.events e where e.lead_id = i.lead_id"
        " and e.occurred_at = i.identified_at and e.event_type in"
        " ('contact_form', 'whitepaper_download', 'demo_request', 'webinar_registered'))",
    }
    for name, query in checks.items():
        assert scalar(clean, query) == 0, name
    never_identified = scalar(
        clean,
        "select count(distinct anonymous_id) from raw.events where anonymous_id not in"
        " (select anonymous_id from raw.identities)",
    )
    assert never_identified > 0


def test_opportunities_reference_existing_companies(dirty: Path) -> None:
    assert scalar(dirty, "select count(*) from raw.opportunities") > 0
    missing = scalar(
        dirty,
        "select count(*) from raw.opportunities where company_id is null or company_id not in"
        " (select company_id from raw.companies where company_id is not null)",
    )
    assert missing == 0
    linked = scalar(dirty, "select avg((lead_id is not null)::int) from raw.opportunities")
    assert linked > 0.7


def test_late_events_after_the_as_of_date(medium: Path) -> None:
    valid = f"{TS.format('occurred_at')} < timestamp '2050-01-01'"
    after = f"{TS.format('occurred_at')} >= timestamp '{DEMO_AS_OF}' + interval 1 day"
    late = scalar(medium, f"select avg(({after})::int) from raw.events where {valid}")
    assert 0.002 < late < 0.03
    last = scalar(medium, f"select max({TS.format('occurred_at')}) from raw.events where {valid}")
    assert str(last) < "2026-09-01"


def test_outcome_rates_are_plausible(medium: Path) -> None:
    with_opportunity = scalar(
        medium,
        "select count(distinct lead_id) / (select count(distinct lead_id) from raw.leads)"
        " from raw.opportunities",
    )
    assert 0.03 <= with_opportunity <= 0.07
    won_share = scalar(
        medium,
        "select avg((is_won = 'true')::int) from raw.opportunities where is_won <> ''",
    )
    assert 0.3 <= won_share <= 0.55


def test_hot_behaviour_converts_far_above_the_base_rate(medium: Path) -> None:
    rates = duckdb.connect(str(medium), read_only=True)
    try:
        base, hot, cold = rates.execute(
            """
            with leads as (select distinct lead_id from raw.leads where lead_id is not null),
            won as (select distinct lead_id from raw.opportunities where is_won = 'true'),
            hot as (select distinct lead_id from raw.events
                    where lower(trim(event_type)) in ('demo_request', 'pricing_view'))
            select avg((w.lead_id is not null)::int),
                   avg((w.lead_id is not null)::int) filter (where h.lead_id is not null),
                   avg((w.lead_id is not null)::int) filter (where h.lead_id is null)
            from leads l left join won w using (lead_id) left join hot h using (lead_id)
            """
        ).fetchone()
    finally:
        rates.close()
    assert base > 0
    assert hot > 4 * base
    assert cold < 0.75 * base


def test_fit_drives_conversion(medium: Path) -> None:
    con = duckdb.connect(str(medium), read_only=True)
    try:
        base, senior, weak = con.execute(
            """
            with leads as (select distinct on (lead_id) * from raw.leads
                           where lead_id is not null order by lead_id, updated_at desc),
            won as (select distinct lead_id from raw.opportunities where is_won = 'true'),
            t as (select l.*, w.lead_id is not null as won
                  from leads l left join won w using (lead_id))
            select avg(won::int),
                   avg(won::int) filter (where seniority in ('c-level', 'vp', 'director')
                       and department in ('sales', 'marketing', 'customer service', 'IT')),
                   avg(won::int) filter (where seniority in ('student', 'intern')
                       or department = 'HR')
            from t
            """
        ).fetchone()
    finally:
        con.close()
    assert senior > 1.4 * base
    assert weak < 0.5 * base


def test_rejects_impossible_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate(tmp_path / "x.duckdb", leads=0, project_dir=PROJECT)
    with pytest.raises(ValueError):
        generate(tmp_path / "x.duckdb", leads=10, dirt_rate=-0.1, project_dir=PROJECT)


def test_generate_creates_the_database_folder(tmp_path):
    database = tmp_path / "new" / "folder" / "warehouse.duckdb"
    counts = generate(database, leads=50, seed=1)
    assert database.exists()
    assert counts["leads"] > 0
