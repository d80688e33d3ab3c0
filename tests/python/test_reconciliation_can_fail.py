"""The reconciliation tests are honest: all eight pass on a correct build, and the one of
the table that loses a single row, from a staged model or from the disposition ledger, fails."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import dbt, duckdb_env

SELECT = "test_name:raw_rows_are_accounted_for"
PASSED = re.compile(r" PASS raw_(\w+)_rows_are_accounted_for ")
FAILED = re.compile(r" FAIL \d+ raw_(\w+)_rows_are_accounted_for ")


def _copy(fixture_warehouse: Path, tmp_path: Path) -> Path:
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(fixture_warehouse, database)
    return database


def _drop_row(con: duckdb.DuckDBPyConnection, table: str, condition: str) -> int:
    """Lose the row: deleted from a table; from a view (stg_raw__events), the view is put on
    top of a copy of itself that filters the row out. Returns how many rows went."""
    schema, name = table.split(".")
    kind = con.execute(
        "select table_type from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    assert kind is not None, table
    if kind[0] != "VIEW":
        return int(con.execute(f"delete from {table} where {condition}").fetchone()[0])  # type: ignore[index]
    before = int(con.execute(f"select count(*) from {table}").fetchone()[0])  # type: ignore[index]
    con.execute(f"alter view {table} rename to {name}_whole")
    con.execute(f"create view {table} as select * from {schema}.{name}_whole where not ({condition})")
    return before - int(con.execute(f"select count(*) from {table}").fetchone()[0])  # type: ignore[index]


def test_passes_when_nothing_is_lost(fixture_warehouse: Path, tmp_path: Path) -> None:
    database = _copy(fixture_warehouse, tmp_path)
    result = dbt(["test", "--select", SELECT], tmp_path, duckdb_env(database))
    assert result.returncode == 0, result.stdout[-3000:]
    assert len(PASSED.findall(result.stdout)) == 8  # one test per raw table
    assert FAILED.findall(result.stdout) == []


@pytest.mark.parametrize(
    ("table", "condition", "source_table"),
    [
        ("staging.stg_raw__events", "event_id = 'E4'", "events"),
        ("staging.stg_raw__leads", "lead_id = 'L3'", "leads"),
        (
            "intermediate.int_raw_row_dispositions",
            "source_table = 'companies' and disposition = 'quarantined' and record_key = 'C1'",
            "companies",
        ),
    ],
)
def test_fails_when_one_row_is_dropped(
    fixture_warehouse: Path, tmp_path: Path, table: str, condition: str, source_table: str
) -> None:
    database = _copy(fixture_warehouse, tmp_path)
    with duckdb.connect(str(database)) as con:
        deleted = _drop_row(con, table, condition)
    assert deleted == 1
    result = dbt(["test", "--select", SELECT, "--store-failures"], tmp_path, duckdb_env(database))
    assert result.returncode != 0
    # Exactly the test of the table that lost a row fails, and it counts the lost row.
    assert f"Failure in test raw_{source_table}_rows_are_accounted_for" in result.stdout
    assert FAILED.findall(result.stdout) == [source_table]
    assert len(PASSED.findall(result.stdout)) == 7
    with duckdb.connect(str(database), read_only=True) as con:
        failing = con.execute(
            "select source_table, unaccounted_rows "
            f"from dbt_test__audit.raw_{source_table}_rows_are_accounted_for"
        ).fetchall()
    assert failing == [(source_table, 1)]
