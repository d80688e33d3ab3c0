"""The reconciliation test is honest: it passes on a correct build and fails as soon as a
single row goes missing from a staged model or from the quarantine."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import dbt, duckdb_env

TEST = "assert_raw_rows_are_all_accounted_for"


def _copy(fixture_warehouse: Path, tmp_path: Path) -> Path:
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(fixture_warehouse, database)
    return database


def test_passes_when_nothing_is_lost(fixture_warehouse: Path, tmp_path: Path) -> None:
    database = _copy(fixture_warehouse, tmp_path)
    result = dbt(["test", "--select", TEST], tmp_path, duckdb_env(database))
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize(
    ("table", "condition", "source_table"),
    [
        ("staging.stg_raw__events", "event_id = 'E4'", "events"),
        ("staging.stg_raw__leads", "lead_id = 'L3'", "leads"),
        ("data_quality.fct_quarantined_rows", "record_key = 'C3'", "companies"),
    ],
)
def test_fails_when_one_row_is_dropped(
    fixture_warehouse: Path, tmp_path: Path, table: str, condition: str, source_table: str
) -> None:
    database = _copy(fixture_warehouse, tmp_path)
    with duckdb.connect(str(database)) as con:
        deleted = con.execute(f"delete from {table} where {condition}").fetchone()[0]
    assert deleted == 1
    result = dbt(["test", "--select", TEST, "--store-failures"], tmp_path, duckdb_env(database))
    assert result.returncode != 0
    assert f"Failure in test {TEST}" in result.stdout
    with duckdb.connect(str(database), read_only=True) as con:
        failing = con.execute(
            f"select source_table, unaccounted_rows from dbt_test__audit.{TEST}"
        ).fetchall()
    assert failing == [(source_table, 1)]
