"""End to end on a generated world: every dirt class the generator injects ends up where it
belongs (an unusable row in the quarantine with its reason, a bad optional value nulled and
listed in the field issues), nothing is lost, and the default scorecard predicts won deals
clearly better than the same rules with their points shuffled."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadscore import summary
from leadscore.demo import generate
from leadscore.evaluate import score_shuffled
from leadscore.warehouse import connect

from conftest import WITHOUT_UNIT_TESTS, dbt, duckdb_env, query


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("demo")
    database = workdir / "warehouse.duckdb"
    generate(database, leads=8_000, seed=7)
    result = dbt(["build", *WITHOUT_UNIT_TESTS], workdir, duckdb_env(database))
    assert result.returncode == 0, result.stdout[-6000:]
    return database


# Dirt class of the generator -> where the staging layer must show it: a quarantined row
# (table, reason) or a nulled value (table, column, reason).
EXPECTED = {
    "duplicate keys": [
        ("companies", "duplicate_superseded"),
        ("leads", "duplicate_superseded"),
        ("events", "duplicate_superseded"),
        ("sales_activities", "duplicate_superseded"),
    ],
    "orphan references": [
        ("events", "unknown_lead"),
        ("sales_activities", "unknown_lead"),
        ("sales_qualifications", "unknown_lead"),
    ],
    "future timestamps": [("events", "future_timestamp")],
    "unknown event types": [("events", "unknown_event_type")],
    "malformed emails": [("leads", "email", "malformed_email")],
    "unparseable text in numeric columns": [
        ("companies", "employee_count", "invalid_number"),
        ("leads", "team_size", "invalid_number"),
    ],
    "null keys": [
        ("companies", "missing_key"),
        ("leads", "missing_key"),
        ("events", "missing_key"),
        ("events", "missing_required"),
    ],
    "invalid timestamps": [("events", "invalid_timestamp"), ("leads", "created_at", "invalid_timestamp")],
}


@pytest.mark.parametrize("dirt_class", sorted(EXPECTED))
def test_every_dirt_class_is_shown_with_its_reason(demo_warehouse: Path, dirt_class: str) -> None:
    quarantined = set(
        query(demo_warehouse, "select distinct source_table, reason from data_quality.fct_quarantined_rows")
    )
    nulled = set(
        query(
            demo_warehouse,
            "select distinct source_table, column_name, reason from data_quality.fct_field_issues",
        )
    )
    missing = [found for found in EXPECTED[dirt_class] if found not in quarantined | nulled]
    assert missing == [], f"{dirt_class}: not shown: {missing}"


def test_no_lead_is_lost_to_a_bad_optional_value(demo_warehouse: Path) -> None:
    # Malformed emails and unreadable dates are field issues: every lead with a key is staged
    # (or erased, or a superseded copy).
    assert query(
        demo_warehouse,
        "select count(*) from data_quality.fct_quarantined_rows where source_table = 'leads' "
        "and reason not in ('missing_key', 'duplicate_superseded')",
    ) == [(0,)]


def test_repairable_dirt_is_repaired_not_quarantined(demo_warehouse: Path) -> None:
    # Mixed case and stray spaces, "1,200" and "51-200": staged, normalised.
    assert query(
        demo_warehouse,
        "select count(*) from staging.stg_raw__leads where email <> lower(trim(email))",
    ) == [(0,)]
    assert query(
        demo_warehouse,
        "select count(*) from staging.stg_raw__companies where country <> upper(trim(country)) "
        "or industry <> lower(trim(industry))",
    ) == [(0,)]
    (repaired,) = query(
        demo_warehouse,
        "select count(*) from raw.companies as r "
        "inner join staging.stg_raw__companies as s on trim(r.company_id) = s.company_id "
        "where s.employee_count is not null "
        "and regexp_matches(r.employee_count, '^[0-9]+(,[0-9]{3})+$|^[0-9]+-[0-9]+$')",
    )[0]
    assert repaired > 0


def test_nothing_is_lost(demo_warehouse: Path) -> None:
    rows = query(
        demo_warehouse,
        "select source_table, unaccounted_rows from data_quality.rpt_source_reconciliation",
    )
    assert len(rows) == 8
    assert all(unaccounted == 0 for _, unaccounted in rows)


def test_erasure_requests_are_carried_out(demo_warehouse: Path) -> None:
    (matched, leads_erased) = query(
        demo_warehouse,
        "select count(*) filter (where has_matched_lead), sum(leads_erased) "
        "from data_quality.rpt_erasure_audit",
    )[0]
    assert matched > 0 and leads_erased >= matched


def test_every_valid_lead_is_scored_in_both_models(demo_warehouse: Path) -> None:
    assert query(
        demo_warehouse,
        "select scoring_model_id, count(*) = (select count(*) from staging.stg_raw__leads) "
        "from marts.fct_lead_scores group by 1 order by 1",
    ) == [("call_centre", True), ("crm", True)]


def test_scorecard_predicts_conversion_and_shuffled_points_do_not(
    demo_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo world is exported two months after its as_of: a handful of wins come after it,
    # too few to judge on, so the judgement is on history (won by as_of).
    window = summary.judged_window(demo_warehouse)
    assert window == "won_by_as_of"
    actual = {model: row[4] for model, row in summary.separation_in(window, demo_warehouse).items()}
    monkeypatch.setenv("LEADSCORE_DUCKDB", str(demo_warehouse))
    shuffled_database = score_shuffled(seed=1, workdir=tmp_path)
    shuffled = {model: row[4] for model, row in summary.separation_in(window, shuffled_database).items()}
    for model in ("crm", "call_centre"):
        assert actual[model] > 0.7, f"{model}: AUC {actual[model]}"
        assert shuffled[model] < actual[model] - 0.1, f"{model}: {shuffled[model]} vs {actual[model]}"
    with connect(read_only=True, path=demo_warehouse) as con:
        top, bottom = con.execute(
            "select max(conversion_rate) filter (where score_decile = 10), "
            "max(conversion_rate) filter (where score_decile = 1) from marts.rpt_score_deciles "
            "where outcome_window = 'won_by_as_of'"
        ).fetchone()
    assert top > 3 * max(bottom, 0.001)


@pytest.mark.parametrize(
    "table",
    [
        "marts.fct_lifecycle_transitions",
        "marts.fct_account_scores",
        "marts.dim_accounts",
        "marts.dim_leads",
        "snapshots.snap_lead_scores",
        "snapshots.snap_account_scores",
    ],
)
def test_journey_and_account_marts_are_filled(demo_warehouse: Path, table: str) -> None:
    assert query(demo_warehouse, f"select count(*) > 0 from {table}") == [(True,)]


def test_the_funnel_narrows(demo_warehouse: Path) -> None:
    rows = query(
        demo_warehouse,
        "select scoring_model_id, count(*), count(mql_at), count(sql_at), "
        "count(*) filter (where lifecycle_stage = 'customer') "
        "from marts.fct_lead_scores group by 1 order by 1",
    )
    for model, leads, mqls, sqls, customers in rows:
        assert leads > mqls > sqls > 0, model
        assert customers > 0, model
    (mqas,) = query(demo_warehouse, "select count(*) from marts.fct_account_scores where is_mqa")[0]
    assert mqas > 0
