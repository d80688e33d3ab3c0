"""The staging layer on the hand-made fixtures: every expectation here was worked out by
hand from tests/fixtures/raw (row by row in tests/fixtures/expected_*.csv)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from conftest import expected_field_issues, expected_quarantine, expected_reconciliation, md5, query


def test_every_raw_row_is_staged_quarantined_or_erased(fixture_warehouse: Path) -> None:
    rows = query(
        fixture_warehouse,
        "select source_table, raw_rows, staged_rows, quarantined_rows, superseded_rows, "
        "erased_rows, unaccounted_rows from data_quality.rpt_source_reconciliation",
    )
    actual = {row[0]: tuple(row[1:6]) for row in rows}
    assert actual == expected_reconciliation()
    assert all(row[6] == 0 for row in rows)


def test_quarantine_holds_each_bad_row_with_its_reason(fixture_warehouse: Path) -> None:
    rows = query(
        fixture_warehouse,
        "select source_table, record_key, reason from data_quality.fct_quarantined_rows",
    )
    assert Counter(rows) == expected_quarantine()


def test_quarantine_keeps_the_raw_values(fixture_warehouse: Path) -> None:
    (record,) = query(
        fixture_warehouse,
        "select raw_record from data_quality.fct_quarantined_rows "
        "where source_table = 'identities' and record_key = 'A3'",
    )[0]
    assert json.loads(record) == {"anonymous_id": "A3", "lead_id": "L99", "identified_at": "2025-01-11"}


def test_a_bad_optional_value_is_nulled_and_reported_not_the_row(fixture_warehouse: Path) -> None:
    rows = query(
        fixture_warehouse,
        "select source_table, record_key, column_name, raw_value, reason from data_quality.fct_field_issues",
    )
    assert Counter(rows) == expected_field_issues()


def test_companies_numbers_and_domains_are_parsed(fixture_warehouse: Path) -> None:
    rows = query(
        fixture_warehouse,
        "select company_id, domain, industry, country, employee_count, "
        "cast(annual_revenue as double) from staging.stg_raw__companies order by company_id",
    )
    assert rows == [
        # Latest version of C1 wins (updated 2025-03-01 over 2024-01-01).
        ("C1", "acme.com", "software", "US", 1200, 12_500_000.0),
        # "51-200" -> midpoint 125.5, rounded 126; "$3.5M" -> 3,500,000.
        ("C2", "betacalls.io", "telecommunications", "GB", 126, 3_500_000.0),
        # "approx 300" is no number: nulled (a field issue), the company staged.
        ("C3", "gamma-retail.com", "retail", "DE", None, None),
        # "n/a" is a placeholder: missing, not wrong; "2bn" -> 2,000,000,000.
        ("C4", "delta-bank.com", "financial services", "FR", None, 2_000_000_000.0),
        # "10000+" -> 10000; "12k" -> 12000.
        ("C5", "epsilon-care.org", "healthcare", "SE", 10000, 12_000.0),
    ]


def test_leads_are_normalised_and_latest_version_wins(fixture_warehouse: Path) -> None:
    rows = query(
        fixture_warehouse,
        "select lead_id, email, email_domain, job_title, department, seniority, country, "
        "lead_source from staging.stg_raw__leads order by lead_id",
    )
    assert rows[0] == (
        "L1",
        "ann.lee@acme.com",
        "acme.com",
        "VP Sales",
        "sales",
        "vp",
        "US",
        "organic search",
    )
    # L4 and L5 have malformed emails and L6 an unreadable created_at: each is staged with the
    # value nulled (a field issue), so none of them loses its events or deals.
    assert [row[0] for row in rows] == ["L1", "L2", "L3", "L4", "L5", "L6", "L8"]
    assert [row[1] for row in rows if row[0] in ("L4", "L5")] == [None, None]


def test_events_types_are_trimmed_and_lower_cased(fixture_warehouse: Path) -> None:
    rows = query(
        fixture_warehouse,
        "select event_id, event_type from staging.stg_raw__events order by event_id",
    )
    assert rows == [
        ("E1", "blog_read"),
        ("E14", "page_view"),
        ("E15", "careers_view"),
        ("E2", "pricing_view"),
        ("E3", "demo_request"),
        ("E4", "webinar_attended"),
        ("E6", "blog_read"),  # L4's event: its lead is staged despite the malformed email
    ]


def test_crm_booleans_and_amounts_are_parsed(fixture_warehouse: Path) -> None:
    opportunities = query(
        fixture_warehouse,
        "select opportunity_id, lead_id, is_won, cast(amount as double), is_lead_erased "
        "from staging.stg_raw__opportunities order by opportunity_id",
    )
    assert opportunities == [
        ("O1", "L1", True, 25_000.0, False),  # the closed copy wins over the open one
        ("O2", "L2", False, 8_000.0, False),
        ("O3", None, None, 1_000.0, False),  # unknown company C9: nulled, deal staged
        ("O4", "L1", None, 1_000.0, False),  # no company (a B2C-style deal): staged
        ("O5", None, None, 5_000.0, True),  # erased contact detached, deal kept
        ("O6", "L2", None, 100.0, False),  # is_won "maybe": nulled
        ("O7", "L2", True, None, False),  # amount "lots": nulled
    ]
    qualifications = query(
        fixture_warehouse,
        "select lead_id, has_budget, has_authority, has_need, has_timeline, is_sales_accepted, "
        "disqualified_reason from staging.stg_raw__sales_qualifications order by lead_id, assessed_at",
    )
    assert qualifications == [
        ("L1", True, True, True, True, True, None),
        ("L2", False, False, True, False, False, "no budget"),
        ("L2", None, True, True, True, True, None),  # has_budget "perhaps": nulled
        ("L3", False, False, False, False, False, "student"),
    ]


def test_erased_lead_leaves_only_a_hash(fixture_warehouse: Path) -> None:
    # L7 asked to be forgotten (as " Erase.Me@ACME.com "): none of its rows, its events,
    # its visitor's events or its email survive anywhere; the audit holds the hash.
    for schema, table in query(
        fixture_warehouse,
        "select table_schema, table_name from information_schema.tables "
        "where table_schema not in ('raw', 'information_schema', 'pg_catalog') "
        "and table_type = 'BASE TABLE'",
    ):
        text = query(fixture_warehouse, f'select cast(columns(*) as varchar) from "{schema}"."{table}"')
        flat = " ".join(str(value) for row in text for value in row).lower()
        assert "erase.me" not in flat, f"{schema}.{table} holds the erased email"
        assert "erin@acme.com" not in flat, f"{schema}.{table} holds the erased lead's other email"
        assert "senior sales rep" not in flat, f"{schema}.{table} holds the erased lead's profile"
    assert query(
        fixture_warehouse,
        "select leads_erased, lead_rows_erased from data_quality.rpt_erasure_audit "
        f"where email_hash = '{md5('erase.me@acme.com')}'",
    ) == [(1, 2)]
    staged_ids = query(fixture_warehouse, "select event_id from staging.stg_raw__events")
    assert ("E11",) not in staged_ids and ("E12",) not in staged_ids
