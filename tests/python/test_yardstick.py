"""The benchmark's yardstick (leadscore/yardstick.sql), one hand-written DuckDB script, computes
the same fit, engagement and total scores, is_mql and mql_at as the dbt build's fct_lead_scores,
row for row: two independent implementations of SPEC section 4 checked against each other."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from leadscore import benchmark

from conftest import FIXTURE_AS_OF

COLUMNS = "lead_id, scoring_model_id, fit_score, engagement_score, total_score, is_mql, mql_at"


@pytest.fixture(scope="module")
def yardstick_warehouse(fixture_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the fixtures warehouse with the yardstick run on it as the benchmark runs it: a
    child process of `python -m leadscore.benchmark DATABASE AS_OF`."""
    database = tmp_path_factory.mktemp("yardstick") / "warehouse.duckdb"
    shutil.copyfile(fixture_warehouse, database)
    subprocess.run(
        [sys.executable, "-m", "leadscore.benchmark", str(database), FIXTURE_AS_OF], check=True, timeout=300
    )
    return database


def rows(database: Path, table: str) -> dict[tuple[str, str], tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        found = con.execute(f"select {COLUMNS} from {table}").fetchall()
    return {(row[0], row[1]): row[2:] for row in found}


def test_the_yardstick_equals_fct_lead_scores_row_for_row(yardstick_warehouse: Path) -> None:
    yardstick = rows(yardstick_warehouse, benchmark.YARDSTICK_TABLE)
    scores = rows(yardstick_warehouse, "marts.fct_lead_scores")
    assert set(yardstick) == set(scores)
    for key, (fit, engagement, total, is_mql, mql_at) in scores.items():
        ys_fit, ys_engagement, ys_total, ys_is_mql, ys_mql_at = yardstick[key]
        assert math.isclose(ys_fit, fit, abs_tol=1e-9), key
        assert math.isclose(ys_engagement, engagement, abs_tol=1e-9), key
        assert math.isclose(ys_total, total, abs_tol=1e-9), key
        assert (ys_is_mql, ys_mql_at) == (is_mql, mql_at), key
    # Not vacuous: the fixtures have scored events, an MQL and its moment.
    assert any(engagement > 0 for _, engagement, *_ in scores.values())
    assert any(is_mql for *_, is_mql, _ in scores.values())
    assert any(mql_at is not None for *_, mql_at in scores.values())
    assert benchmark.yardstick_mismatches(yardstick_warehouse) == 0


def test_the_benchmark_counts_every_row_the_yardstick_gets_wrong(
    yardstick_warehouse: Path, tmp_path: Path
) -> None:
    database = tmp_path / "wrong.duckdb"
    shutil.copyfile(yardstick_warehouse, database)
    with duckdb.connect(str(database)) as con:
        wrong = con.execute(
            f"select lead_id, scoring_model_id from {benchmark.YARDSTICK_TABLE} limit 3"
        ).fetchall()
        con.execute(
            f"update {benchmark.YARDSTICK_TABLE} set engagement_score = engagement_score + 1e-6 "
            "where lead_id = ? and scoring_model_id = ?",
            list(wrong[0]),
        )
        con.execute(
            f"update {benchmark.YARDSTICK_TABLE} set mql_at = coalesce(mql_at, timestamp '2025-01-01') "
            "+ interval 1 second, is_mql = not is_mql where lead_id = ? and scoring_model_id = ?",
            list(wrong[1]),
        )
        con.execute(
            f"delete from {benchmark.YARDSTICK_TABLE} where lead_id = ? and scoring_model_id = ?",
            list(wrong[2]),
        )
    assert benchmark.yardstick_mismatches(database) == 3
    benchmark.drop_yardstick(database)
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute(
            "select count(*) from information_schema.schemata where schema_name = 'yardstick'"
        ).fetchone() == (0,)


def test_the_yardstick_ships_with_the_package() -> None:
    script = benchmark.yardstick_sql()
    assert "create or replace table yardstick.lead_scores" in script
    assert "getvariable('as_of')" in script
