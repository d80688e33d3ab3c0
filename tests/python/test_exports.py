"""A hand-made marketing-tool export (tests/fixtures/exports/hubspot, its mapping next to it)
with every timestamp form staging reads and three custom attributes, loaded and built end to
end: each timestamp staged as the UTC moment worked out by hand (README.md next to the
export), day-first dates read only under the declared date_order, and the custom attributes'
rules giving their points in fct_lead_score_contributions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from leadscore.loader import load
from leadscore.project import copy_project
from leadscore.warehouse import run_dbt

from conftest import FIXTURES, WITHOUT_UNIT_TESTS, duckdb_env, query

EXPORT = FIXTURES / "exports"

# The export's own columns, declared as the team's custom attributes, and a rule on each.
ATTRIBUTES = [
    ("industry_vertical", "text", "lead"),
    ("company_size", "number", "lead"),
    ("last_activity_date", "date", "lead"),
]
RULES = [
    ("F022", "industry_vertical", "in", "software|telecommunications", "", "7"),
    ("F023", "company_size", "between", "50", "1000", "4"),
    ("F024", "last_activity_date", "lte", "30", "", "3"),  # active in the 30 days before as_of
]


def _project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project")
    seeds = project / "seeds" / "scorecard"
    attributes = (seeds / "fit_attributes.csv").read_text().splitlines()
    attributes = [line for line in attributes if not line.startswith("team_size,")]
    attributes += [f"{name},{kind},{describes},From the export" for name, kind, describes in ATTRIBUTES]
    (seeds / "fit_attributes.csv").write_text("\n".join(attributes) + "\n")
    rules = [
        line for line in (seeds / "fit_rules.csv").read_text().splitlines() if not line.startswith("F022,")
    ]
    rules += [
        f"{rid},all,{attr},{op},{value},{value_to},{points},From the export"
        for rid, attr, op, value, value_to, points in RULES
    ]
    (seeds / "fit_rules.csv").write_text("\n".join(rules) + "\n")
    return project


def _build(tmp_path: Path, date_order: str) -> Path:
    project = _project(tmp_path)
    database = tmp_path / "warehouse.duckdb"
    load(EXPORT / "hubspot", mapping=EXPORT / "hubspot.yml", database=database)
    # One unreadable event time in twelve events is more than the default loss budget allows.
    variables = f'{{as_of: "2026-06-30", date_order: {date_order}, loss_budgets: {{events: {{error: 0.2}}}}}}'
    result = run_dbt(
        ["build", "--vars", variables, *WITHOUT_UNIT_TESTS],
        check=False,
        env=duckdb_env(database),
        capture=True,
        project=project,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    return database


@pytest.fixture(scope="module")
def iso_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("ymd"), "ymd")


@pytest.fixture(scope="module")
def day_first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("dmy"), "dmy")


T = dt.datetime
CREATED_AT_UTC = {
    "101": T(2026, 5, 4, 9, 15),  # T separator, no zone: UTC
    "102": T(2026, 5, 5, 10, 20, 30),  # space separator
    "103": T(2026, 5, 6, 11, 0),  # Z
    "104": T(2026, 5, 7, 11, 0),  # 16:30 at +05:30
    "105": T(2026, 5, 8, 9, 45),  # 01:45 at -0800
    "106": T(2026, 5, 9, 8, 0, 0, 500000),  # .5
    "107": T(2026, 5, 10, 12, 34, 56, 123000),  # .123
    "108": T(2026, 5, 11, 13, 14, 15, 123456),  # .123456
    "109": T(2026, 5, 12, 7, 8, 9, 123456),  # .123456789 kept to the microsecond
    "110": T(2026, 5, 13),  # date only
    "111": T(2026, 5, 14, 8, 0),  # epoch seconds 1778745600
    "112": T(2026, 5, 15, 9, 30),  # epoch milliseconds 1778837400000
}


def test_every_timestamp_form_is_staged_as_its_utc_moment(iso_only: Path) -> None:
    rows = dict(query(iso_only, "select lead_id, created_at from staging.stg_raw__leads"))
    assert rows == CREATED_AT_UTC


def test_a_day_first_date_is_unreadable_unless_declared(iso_only: Path, day_first: Path) -> None:
    # Contact 110's last activity is 31/05/2026: with the default date_order (ymd) the event is
    # quarantined (its time is required) and the custom attribute nulled; with dmy both read it.
    assert query(
        iso_only,
        "select record_key, reason from data_quality.fct_quarantined_rows where source_table = 'events'",
    ) == [("110-last-activity", "invalid_timestamp")]
    assert query(
        iso_only,
        "select record_key, column_name, raw_value, reason from data_quality.fct_field_issues "
        "where source_table = 'leads'",
    ) == [("110", "last_activity_date", "31/05/2026", "invalid_timestamp")]
    assert query(
        day_first, "select occurred_at from staging.stg_raw__events where event_id = '110-last-activity'"
    ) == [(T(2026, 5, 31),)]
    assert query(day_first, "select count(*) from data_quality.fct_quarantined_rows") == [(0,)]


def _rule_hits(database: Path, rule_id: str) -> list[str]:
    return [
        lead
        for (lead,) in query(
            database,
            "select lead_id from marts.fct_lead_score_contributions "
            f"where rule_id = '{rule_id}' and scoring_model_id = 'crm' order by lead_id",
        )
    ]


def test_custom_attribute_rules_give_their_points(iso_only: Path, day_first: Path) -> None:
    # Industry Vertical: Software (101, 108), Telecommunications (102, 107).
    assert _rule_hits(iso_only, "F022") == ["101", "102", "107", "108"]
    # Company Size as a number, ranges at their midpoint: 51-200 -> 125.5 (101, 107),
    # 201-500 -> 350.5 (103, 111), 501-1000 -> 750.5 (105); "1,200", 11-50, 1-10, 10,000+,
    # 1001-5000, 5001-10000 and the empty one fall outside 50-1000.
    assert _rule_hits(iso_only, "F023") == ["101", "103", "105", "107", "111"]
    # Last Activity Date as a date, its age in days before 2026-06-30 at most 30: every contact
    # with one (not 102, 106, 109), 110's day-first one only when dmy is declared.
    assert _rule_hits(iso_only, "F024") == ["101", "103", "104", "105", "107", "108", "111", "112"]
    assert _rule_hits(day_first, "F024") == ["101", "103", "104", "105", "107", "108", "110", "111", "112"]
    assert query(
        iso_only,
        "select points from marts.fct_lead_score_contributions where rule_id = 'F022' and lead_id = '101' "
        "and scoring_model_id = 'crm'",
    ) == [(7.0,)]


def test_deals_and_their_product_lines_are_staged(iso_only: Path) -> None:
    rows = query(
        iso_only,
        "select opportunity_id, lead_id, proposition, is_won, closed_at, amount "
        "from staging.stg_raw__opportunities order by opportunity_id",
    )
    assert rows == [
        ("D-1", "101", "crm", True, T(2026, 6, 12, 15, 30), 25_000.0),
        ("D-2", "102", "call_centre", False, T(2026, 6, 15, 9, 0), 8_000.0),
        ("D-3", "103", "crm", None, None, 12_000.0),
        ("D-4", "104", "call_centre", True, T(2026, 6, 30, 17, 45), 4_500.5),
        ("D-5", "105", "crm", None, None, None),  # close date "not set": nulled, reported
    ]
