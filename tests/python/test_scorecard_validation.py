"""A broken scorecard fails the build at the seed tests, naming each rule and problem; a
rule value that looks like SQL is only ever compared as text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from leadscore.evaluate import copy_project, run_dbt_in
from leadscore.loader import load_duckdb

from conftest import FIXTURE_VARS, FIXTURES, duckdb_env, query

SEEDS = Path("seeds") / "scorecard"


def _edit(project: Path, seed: str, edit) -> None:
    """Rewrite a seed CSV through edit(rows) -> rows (rows are dicts)."""
    path = project / SEEDS / f"{seed}.csv"
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows = edit(rows)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _set(rows: list[dict], key: str, match: str, **changes: str) -> list[dict]:
    for row in rows:
        if row[key] == match:
            row.update(changes)
    return rows


def _break_everything(project: Path) -> None:
    def fit(rows):
        _set(rows, "rule_id", "F002", rule_id="F001")  # duplicate id
        _set(rows, "rule_id", "F003", operator="equalz")
        _set(rows, "rule_id", "F004", attribute="shoe_size")
        _set(rows, "rule_id", "F005", scoring_model_id="crmx")
        _set(rows, "rule_id", "F006", points="ten")
        _set(rows, "rule_id", "F013", value="2000", value_to="50")  # bounds reversed
        _set(rows, "rule_id", "F014", operator="between", value="2000", value_to="")
        _set(rows, "rule_id", "F020", value="(head|chief")  # unbalanced parenthesis
        _set(rows, "rule_id", "F021", operator="gt", value="5")  # numbers vs a text attribute
        return rows

    def engagement(rows):
        _set(rows, "rule_id", "R001", event_type="chat_started")
        _set(rows, "rule_id", "R002", scoring_model_id="erp")
        _set(rows, "rule_id", "R003", points="2 points")
        _set(rows, "rule_id", "R012", url_pattern="^/crm/[pricing")
        _set(rows, "rule_id", "R004", max_occurrences="0")
        return rows

    def bands(rows):
        for row in rows:
            key = (row["scoring_model_id"], row["dimension"], row["band"])
            if key == ("crm", "fit", "B"):
                row["lower_bound"] = "30"  # overlaps C (15 to 35)
            if key == ("call_centre", "engagement", "3"):
                row["upper_bound"] = "45"  # leaves 45 to 50 uncovered
        return rows

    def models(rows):
        _set(rows, "scoring_model_id", "crm", mql_min_grade="E", decay_policy="linear")
        return rows

    def stages(rows):
        rows.append(dict(rows[-1], buyer_stage="purchase", stage_order="3", entry_points="lots"))
        return rows

    _edit(project, "fit_rules", fit)
    _edit(project, "engagement_rules", engagement)
    _edit(project, "score_bands", bands)
    _edit(project, "scoring_models", models)
    _edit(project, "buyer_stages", stages)


EXPECTED_MESSAGES = [
    "rule F001: duplicate rule_id (used 2 times across fit_rules and engagement_rules)",
    'fit_rules F003: unknown operator "equalz" (see rule_operators)',
    'fit_rules F004: unknown attribute "shoe_size" (see fit_attributes)',
    'fit_rules F005: unknown scoring model "crmx" (scoring_models, or all)',
    'fit_rules F006: points "ten" is not a number',
    'fit_rules F013: between bounds are not ordered: "2000" > "50"',
    "fit_rules F014: between needs two bounds: value and value_to",
    'fit_rules F020: invalid regular expression "(head|chief"',
    "fit_rules F021: operator gt compares numbers but attribute job_title is text",
    'engagement_rules R001: unknown event type "chat_started" (see event_types)',
    'engagement_rules R002: unknown scoring model "erp" (scoring_models, or all)',
    'engagement_rules R003: points "2 points" is not a number',
    'engagement_rules R012: invalid regular expression "^/crm/[pricing"',
    'engagement_rules R004: max_occurrences "0" is not a whole number of at least 1',
    "score_bands crm/fit/C: overlap with the next band from 30 up to 35",
    "score_bands call_centre/engagement/3: gap: nothing covers 45 up to 50",
    'scoring_models crm: mql_min_grade "E" is not one of A, B, C, D',
    'scoring_models crm: decay_policy "linear" is not none or half_life',
    "buyer_stages all/purchase: a stage no content in content_catalog is tagged with can never be reached",
    'buyer_stages all/purchase: entry_points "lots" is not a number',
    "buyer_stages all/choice: two stages of one scoring model share a stage_order",
]


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory: pytest.TempPathFactory):
    project = copy_project(tmp_path_factory.mktemp("broken_scorecard") / "project")
    _break_everything(project)
    database = project / "warehouse.duckdb"
    load_duckdb(FIXTURES / "raw", database)
    return run_dbt_in(project, ["build", "--vars", FIXTURE_VARS], duckdb_env(database))


def test_broken_scorecard_fails_the_build(broken_build) -> None:
    assert broken_build.returncode != 0
    assert "The scorecard seed fit_rules has" in broken_build.stdout


@pytest.mark.parametrize("message", EXPECTED_MESSAGES)
def test_each_problem_is_named(broken_build, message: str) -> None:
    assert message in broken_build.stdout


def test_nothing_is_scored_from_a_broken_scorecard(broken_build) -> None:
    out = broken_build.stdout
    assert "SKIP relation marts.fct_lead_scores" in out
    assert "OK created sql table model marts.fct_lead_scores" not in out


def test_a_value_that_looks_like_sql_is_plain_text(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    injection = "x'); drop table leads; --"

    def fit(rows):
        rows.append(
            {
                "rule_id": "F900",
                "scoring_model_id": "all",
                "attribute": "job_title",
                "operator": "equals",
                "value": injection,
                "value_to": "",
                "points": "1",
                "description": "A value that would break pasted SQL",
            }
        )
        return rows

    _edit(project, "fit_rules", fit)
    database = project / "warehouse.duckdb"
    load_duckdb(FIXTURES / "raw", database)
    result = run_dbt_in(project, ["build", "--vars", FIXTURE_VARS], duckdb_env(database))
    assert result.returncode == 0, result.stdout[-4000:]
    assert query(database, "select count(*) from staging.stg_raw__leads") == [(4,)]
    assert query(
        database, "select count(*) from marts.fct_lead_score_contributions where rule_id = 'F900'"
    ) == [(0,)]
