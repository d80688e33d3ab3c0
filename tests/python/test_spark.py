"""Portability to Apache Spark, and the three engines agreeing on the fixtures' scores.

conftest's `spark_build` loads the fixtures into a local Spark session (dbt-spark's session
method, Parquet tables in a temporary folder) and runs the whole `dbt build` there: seeds,
models, snapshots, unit tests and data tests. The Spark tables are plain Parquet files, read
here with DuckDB (no second Spark process: the embedded metastore admits one at a time).

The cross-engine test compares the Spark build with the DuckDB (`fixture_warehouse`) and
PostgreSQL (`postgres_build`) builds of the same fixtures, column by column."""

from __future__ import annotations

import math
import re
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import psycopg2
import pytest

from leadscore.loader import postgres_dsn

from conftest import (
    FIXTURE_VARS,
    dbt,
    expected_field_issues,
    expected_quarantine,
    expected_reconciliation,
    query,
)

LEAD_SCORE_COLUMNS = (
    "lead_id",
    "scoring_model_id",
    "fit_score",
    "fit_grade",
    "engagement_score",
    "engagement_level",
    "rating",
    "total_score",
    "score",
    "buyer_stage",
    "lifecycle_stage",
    "is_mql",
    "mql_at",
    "is_sql",
    "sql_at",
)
ACCOUNT_SCORE_COLUMNS = (
    "company_id",
    "scoring_model_id",
    "top_lead_id",
    "best_fit_grade",
    "company_fit_score",
    "contacts_engagement_score",
    "account_score",
    "contacts",
    "engaged_contacts",
    "departments_engaged",
    "buyer_stage",
    "is_mqa",
)


def spark_query(env: dict[str, str], sql: str) -> list[tuple]:
    """Run DuckDB SQL over the Spark warehouse: `spark.<schema>.<table>` names a Spark table's
    Parquet files."""
    tables = Path(env["LEADSCORE_SPARK_DIR"]) / "tables"

    def files(match: re.Match[str]) -> str:
        return f"read_parquet('{tables / f'{match[1]}.db' / match[2]}/*.parquet')"

    rendered = re.sub(r"spark\.(\w+)\.(\w+)", files, sql)
    with duckdb.connect() as con:
        return con.execute(rendered).fetchall()


def postgres_query(settings: dict[str, str], sql: str) -> list[tuple]:
    with psycopg2.connect(postgres_dsn(settings)) as con, con.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


@pytest.fixture(scope="module")
def spark_env(spark_build) -> dict[str, str]:
    result, env, _, _ = spark_build
    assert result.returncode == 0, result.stdout[-6000:]
    return env


def test_dbt_build_passes_on_spark(spark_build) -> None:
    result, _, _, seconds = spark_build
    assert result.returncode == 0, result.stdout[-6000:]
    assert "Completed successfully" in result.stdout
    print(f"Spark: the fixtures loaded and built in {seconds:.0f} s")


def test_spark_reconciles_like_duckdb(spark_env) -> None:
    rows = spark_query(
        spark_env,
        "select source_table, raw_rows, staged_rows, quarantined_rows, superseded_rows, erased_rows "
        "from spark.data_quality.rpt_source_reconciliation",
    )
    assert {row[0]: tuple(row[1:]) for row in rows} == expected_reconciliation()


def test_spark_quarantines_and_nulls_like_duckdb(spark_env) -> None:
    rows = spark_query(
        spark_env, "select source_table, record_key, reason from spark.data_quality.fct_quarantined_rows"
    )
    assert Counter(rows) == expected_quarantine()
    rows = spark_query(
        spark_env,
        "select source_table, record_key, column_name, raw_value, reason "
        "from spark.data_quality.fct_field_issues",
    )
    assert Counter(rows) == expected_field_issues()


def test_a_second_snapshot_on_spark_keeps_the_history(spark_build, spark_env) -> None:
    """The second snapshot takes the path that merges into an existing table (rewritten on
    Parquet, macros/spark/snapshot_spark.sql) and runs the erasure hooks on it: nothing changed
    since the build, so every row stays, and stays current."""
    _, _, workdir, _ = spark_build
    sql = "select count(*), count(dbt_valid_to) from spark.snapshots.snap_lead_scores"
    before = spark_query(spark_env, sql)
    result = dbt(["snapshot", "--vars", FIXTURE_VARS], workdir, spark_env)
    assert result.returncode == 0, result.stdout[-6000:]
    assert spark_query(spark_env, sql) == before
    assert before[0][0] == 14 and before[0][1] == 0


def test_a_changed_score_closes_its_snapshot_row_on_spark(spark_build, spark_env, tmp_path: Path) -> None:
    """A snapshot after a build whose scores changed: on Parquet the snapshot is rewritten with
    the rows a MERGE would leave. The changed build is stood in for by rewriting the mart's
    Parquet files (two leads' engagement and total +1); they are put back afterwards."""
    _, _, workdir, _ = spark_build
    mart = Path(spark_env["LEADSCORE_SPARK_DIR"]) / "tables" / "marts.db" / "fct_lead_scores"
    saved = tmp_path / "fct_lead_scores"
    shutil.copytree(mart, saved)
    columns = "lead_score_id, engagement_score, total_score, dbt_valid_from, dbt_valid_to"
    snapshot = f"select {columns} from spark.snapshots.snap_lead_scores"
    before = {row[0]: row for row in spark_query(spark_env, snapshot)}
    changed = sorted(before)[:2]
    try:
        for path in mart.iterdir():
            if path.name.startswith(("part-", ".part-")):
                path.unlink()
        with duckdb.connect() as con:
            con.execute(
                f"""copy (
                    select * replace (
                        case when lead_score_id in (?, ?) then engagement_score + 1
                            else engagement_score end as engagement_score,
                        case when lead_score_id in (?, ?) then total_score + 1
                            else total_score end as total_score
                    )
                    from read_parquet('{saved}/*.parquet')
                ) to '{mart}/part-00000-changed.parquet' (format parquet)""",
                [*changed, *changed],
            )
        result = dbt(["snapshot", "--vars", FIXTURE_VARS], workdir, spark_env)
    finally:
        shutil.rmtree(mart)
        shutil.copytree(saved, mart)
    assert result.returncode == 0, result.stdout[-6000:]
    after = spark_query(spark_env, snapshot)
    closed = [row for row in after if row[4] is not None]
    current = {row[0]: row for row in after if row[4] is None}
    # Worked by hand: 14 rows before, two of them closed with their old values, two new
    # versions 1 point higher, the other twelve untouched.
    assert len(after) == len(before) + 2
    assert sorted(row[:4] for row in closed) == sorted(before[key][:4] for key in changed)
    for key in changed:
        assert current[key][1:3] == (before[key][1] + 1, before[key][2] + 1)
        assert current[key][3] > before[key][3]
    assert {key: row for key, row in current.items() if key not in changed} == {
        key: row for key, row in before.items() if key not in changed
    }


def _keyed(rows: list[tuple], key_width: int = 2) -> dict[tuple, tuple]:
    return {tuple(row[:key_width]): tuple(row[key_width:]) for row in rows}


def _agree(left: dict[tuple, tuple], right: dict[tuple, tuple], columns: tuple[str, ...]) -> list[str]:
    """Differences between two engines' rows: keys, then every value (doubles to 1e-9)."""
    if left.keys() != right.keys():
        return [f"keys differ: {sorted(left.keys() ^ right.keys())}"]
    problems = []
    for key, values in left.items():
        for name, a, b in zip(columns[len(key) :], values, right[key], strict=True):
            same = (
                math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
                if isinstance(a, float) and isinstance(b, float)
                else a == b
            )
            if not same:
                problems.append(f"{key} {name}: {a!r} != {b!r}")
    return problems


def test_duckdb_postgres_and_spark_agree_on_the_fixture_scores(
    fixture_warehouse: Path, postgres_build, spark_env
) -> None:
    _, pg_settings, _ = postgres_build
    compared = {}
    for table, columns in (
        ("fct_lead_scores", LEAD_SCORE_COLUMNS),
        ("fct_account_scores", ACCOUNT_SCORE_COLUMNS),
    ):
        select = f"select {', '.join(columns)} from {{}}marts.{table}"
        duckdb_rows = _keyed(query(fixture_warehouse, select.format("")))
        engines = {
            "postgres": _keyed(postgres_query(pg_settings, select.format(""))),
            "spark": _keyed(spark_query(spark_env, select.format("spark."))),
        }
        for engine, rows in engines.items():
            assert _agree(duckdb_rows, rows, columns) == [], f"{table}: duckdb vs {engine}"
        compared[table] = list(duckdb_rows.values())
    # Agreement on something: 14 lead scores, some MQLs and SQLs with their dates, scored accounts.
    scores = compared["fct_lead_scores"]
    assert len(scores) == 14
    mql_at = LEAD_SCORE_COLUMNS.index("mql_at") - 2
    sql_at = LEAD_SCORE_COLUMNS.index("sql_at") - 2
    assert any(row[mql_at] is not None for row in scores)
    assert any(row[sql_at] is not None for row in scores)
    assert compared["fct_account_scores"]
