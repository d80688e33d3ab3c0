"""A broken scorecard fails the build at the scorecard gate, naming each seed, row, column and
problem, first causes first, and leaves every mart as it was; a rule value that looks like SQL
is only ever compared as text, and a regular expression is matched as written."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from leadscore.loader import load_duckdb
from leadscore.project import copy_project
from leadscore.warehouse import run_dbt

from conftest import FIXTURE_VARS, FIXTURES, WITHOUT_UNIT_TESTS, duckdb_env, query

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
    "rule F001 [rule_id]: duplicate rule_id (used 2 times across fit_rules and engagement_rules)",
    'fit_rules F003 [operator]: unknown operator "equalz" (see rule_operators)',
    'fit_rules F004 [attribute]: unknown attribute "shoe_size" (see fit_attributes)',
    'fit_rules F005 [scoring_model_id]: unknown scoring model "crmx" (scoring_models, or all)',
    'fit_rules F006 [points]: points "ten" is not a number',
    'fit_rules F013 [value_to]: between bounds are not ordered: "2000" > "50"',
    "fit_rules F014 [value_to]: between needs two bounds: value and value_to",
    'fit_rules F020 [value]: invalid regular expression "(head|chief"',
    "fit_rules F021 [operator]: operator gt compares numbers but attribute job_title is text",
    'engagement_rules R001 [event_type]: unknown event type "chat_started" (see event_types)',
    'engagement_rules R002 [scoring_model_id]: unknown scoring model "erp" (scoring_models, or all)',
    'engagement_rules R003 [points]: points "2 points" is not a number',
    'engagement_rules R012 [url_pattern]: invalid regular expression "^/crm/[pricing"',
    'engagement_rules R004 [max_occurrences]: max_occurrences "0" is not a whole number of at least 1',
    "score_bands crm/fit/C [upper_bound]: overlap with the next band from 30 up to 35",
    "score_bands call_centre/engagement/3 [upper_bound]: gap: nothing covers 45 up to 50",
    'scoring_models crm [mql_min_grade]: mql_min_grade "E" is not one of A, B, C, D',
    'scoring_models crm [decay_policy]: decay_policy "linear" is not none or half_life',
    "buyer_stages all/purchase [buyer_stage]: a stage no content in content_catalog is tagged with can "
    "never be reached",
    'buyer_stages all/purchase [entry_points]: entry_points "lots" is not a number',
    "buyer_stages all/choice [stage_order]: two stages of one scoring model share a stage_order",
]


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory: pytest.TempPathFactory):
    project = copy_project(tmp_path_factory.mktemp("broken_scorecard") / "project")
    _break_everything(project)
    database = project / "warehouse.duckdb"
    load_duckdb(FIXTURES / "raw", database)
    return run_dbt(
        ["build", "--vars", FIXTURE_VARS, *WITHOUT_UNIT_TESTS],
        check=False,
        env=duckdb_env(database),
        capture=True,
        project=project,
    )


def test_broken_scorecard_fails_the_build(broken_build) -> None:
    assert broken_build.returncode != 0
    assert "The scorecard has 21 problem(s); nothing was scored." in broken_build.stdout


@pytest.mark.parametrize("message", EXPECTED_MESSAGES)
def test_each_problem_is_named(broken_build, message: str) -> None:
    assert message in broken_build.stdout


def test_nothing_is_scored_from_a_broken_scorecard(broken_build) -> None:
    out = broken_build.stdout
    assert "SKIP relation marts.fct_lead_scores" in out
    assert "OK created sql table model marts.fct_lead_scores" not in out


def _marts(database: Path) -> dict[str, list[tuple]]:
    """Every table of the marts and snapshots schemas with its rows, sorted."""
    tables = query(
        database,
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema in ('marts', 'snapshots') and table_type = 'BASE TABLE'",
    )
    return {name: sorted(query(database, f"select * from {name}"), key=repr) for (name,) in tables}


def test_a_broken_scorecard_leaves_every_mart_as_it_was(fixture_warehouse: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    # The last good build: the fixtures built with the scorecard as it is.
    database = project / "warehouse.duckdb"
    shutil.copy(fixture_warehouse, database)
    before = _marts(database)
    assert len(before) >= 10

    _edit(project, "fit_rules", lambda rows: _set(rows, "rule_id", "F004", attribute="shoe_size"))
    broken = run_dbt(
        ["build", "--vars", FIXTURE_VARS, *WITHOUT_UNIT_TESTS],
        check=False,
        env=duckdb_env(database),
        capture=True,
        project=project,
    )

    assert broken.returncode != 0
    assert 'fit_rules F004 [attribute]: unknown attribute "shoe_size" (see fit_attributes)' in broken.stdout
    rebuilt = [
        line
        for line in broken.stdout.splitlines()
        if " OK " in line and ("marts." in line or "snapshots." in line)
    ]
    assert rebuilt == []
    assert _marts(database) == before


def _gate(project: Path, tmp_path: Path) -> str:
    """Build the scorecard gate alone on the fixtures; return dbt's output."""
    database = tmp_path / "warehouse.duckdb"
    load_duckdb(FIXTURES / "raw", database)
    result = run_dbt(
        [
            "build",
            "--select",
            "+base_scorecard__problems",
            "--indirect-selection",
            "cautious",
            "--vars",
            FIXTURE_VARS,
        ],
        check=False,
        env=duckdb_env(database),
        capture=True,
        project=project,
    )
    return result.stdout


def _problem_lines(output: str) -> list[str]:
    return [line.strip()[2:] for line in output.splitlines() if line.strip().startswith("- ")]


def test_malformed_values_are_named_not_crashed_on(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _edit(project, "engagement_rules", lambda rows: _set(rows, "rule_id", "R005", window_days="ninety"))
    _edit(
        project,
        "engagement_rules",
        lambda rows: _set(rows, "rule_id", "R006", max_occurrences="99999999999999999999"),
    )
    _edit(project, "fit_rules", lambda rows: _set(rows, "rule_id", "F001", points="1,5"))
    _edit(
        project,
        "rule_operators",
        lambda rows: [*rows, {"operator": "similar_to", "value_kind": "text", "description": "Not real"}],
    )
    _edit(
        project,
        "fit_attributes",
        lambda rows: [
            *rows,
            {"attribute": "industry_vertical", "data_type": "text", "describes": "lead", "description": "x"},
        ],
    )
    problems = _problem_lines(_gate(project, tmp_path))
    assert problems == [
        "fit_attributes industry_vertical [attribute]: no such attribute: raw.leads has no column "
        "industry_vertical and it is no built-in attribute (job_title, department, seniority, country, "
        "lead_source, email_domain, is_free_mail, has_company, company_name, industry, company_country, "
        "employee_count, annual_revenue): load the column, or remove the row and the rules on it",
        'rule_operators similar_to [operator]: operator "similar_to" is not implemented by the rule matcher '
        "(it knows is_missing, equals, not_equals, in, not_in, contains, starts_with, ends_with, regex, "
        "between, gt, gte, lt, lte)",
        'engagement_rules R005 [window_days]: window_days "ninety" is not a whole number of at least 1',
        'engagement_rules R006 [max_occurrences]: max_occurrences "99999999999999999999" is not a whole '
        "number of at least 1",
        'fit_rules F001 [points]: points "1,5" is not a number',
    ]


def test_a_seed_without_a_column_is_named(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / SEEDS / "fit_rules.csv"
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    with path.open("w", newline="") as handle:
        fields = [field for field in rows[0] if field != "value_to"]
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    output = _gate(project, tmp_path)
    assert _problem_lines(output) == [
        "fit_rules [value_to]: the CSV has no column value_to (its columns: rule_id, scoring_model_id, "
        "attribute, operator, value, points, description)"
    ]
    assert "Binder Error" not in output


def test_a_duplicated_scoring_model_is_one_message_not_a_cascade(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _edit(project, "scoring_models", lambda rows: [*rows, dict(rows[0])])
    assert _problem_lines(_gate(project, tmp_path)) == [
        "scoring_models crm [scoring_model_id]: duplicate scoring_model_id (used 2 times)"
    ]


def test_empty_rule_files_stop_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _edit(project, "fit_rules", lambda rows: [])
    _edit(project, "engagement_rules", lambda rows: [])
    assert _problem_lines(_gate(project, tmp_path)) == [
        "fit_rules and engagement_rules [rule_id]: both rule files are empty: nothing would be scored"
    ]


def test_one_empty_rule_file_is_a_warning(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _edit(project, "engagement_rules", lambda rows: [])
    output = _gate(project, tmp_path)
    assert "Warning in test scorecard_has_no_warnings" in output
    assert "ERROR=0" in output


def test_a_value_that_looks_like_sql_is_plain_text_and_a_pattern_is_matched_as_written(
    tmp_path: Path,
) -> None:
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
        rows.append(
            {
                "rule_id": "F901",
                "scoring_model_id": "all",
                "attribute": "job_title",
                "operator": "regex",
                "value": r"^\S+$",
                "value_to": "",
                "points": "1",
                "description": "A one-word title (no whitespace): \\S must not become \\s",
            }
        )
        return rows

    _edit(project, "fit_rules", fit)
    database = project / "warehouse.duckdb"
    load_duckdb(FIXTURES / "raw", database)
    result = run_dbt(
        ["build", "--vars", FIXTURE_VARS, *WITHOUT_UNIT_TESTS],
        check=False,
        env=duckdb_env(database),
        capture=True,
        project=project,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert query(database, "select count(*) from staging.stg_raw__leads") == [(7,)]
    assert query(
        database, "select count(*) from marts.fct_lead_score_contributions where rule_id = 'F900'"
    ) == [(0,)]
    # The staged one-word titles: Student (L3), CTO (L4), Analyst (L5); in both models.
    assert query(
        database,
        "select lead_id, count(*) from marts.fct_lead_score_contributions where rule_id = 'F901' "
        "group by lead_id order by lead_id",
    ) == [("L3", 2), ("L4", 2), ("L5", 2)]
