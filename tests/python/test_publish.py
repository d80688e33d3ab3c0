"""Publishing while dashboards read: `leadscore build` swaps a fresh copy of the marts into the
published file only after a successful build. A reader connected to the published file stays
connected through the next build and keeps a consistent view; a new connection sees the new
build; a failed build publishes nothing."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from leadscore.loader import load_duckdb

from conftest import FIXTURES, WITHOUT_UNIT_TESTS

LEADSCORE = str(Path(sys.executable).with_name("leadscore"))
LIFTED_BUDGETS = "{loss_budgets: {default: {warn: 1, error: 1}}}"


def build(database: Path, *args: str, dbt_args: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEADSCORE_DUCKDB": str(database), "LEADSCORE_TARGET": "duckdb"}
    return subprocess.run(
        [LEADSCORE, "build", *args, "--", *WITHOUT_UNIT_TESTS, *dbt_args],
        env=env,
        text=True,
        capture_output=True,
        check=False,
    )


def as_of(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("select distinct as_of from marts.fct_lead_scores").fetchall()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixtures built and published (with Parquet copies in parquet/ beside them)."""
    database = tmp_path_factory.mktemp("publish") / "warehouse.duckdb"
    load_duckdb(FIXTURES / "raw", database)
    parquet = database.with_name("parquet")
    first = build(
        database, "--as-of", "2025-01-31", "--vars", LIFTED_BUDGETS, "--publish-parquet", str(parquet)
    )
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr
    return database


def test_a_build_publishes_the_marts(warehouse: Path) -> None:
    published = warehouse.with_name("warehouse_published.duckdb")
    with duckdb.connect(str(published), read_only=True) as con:
        assert as_of(con) == [(dt.date(2025, 1, 31),)]
        rows = con.execute("select distinct table_schema from information_schema.tables").fetchall()
    schemas = {row[0] for row in rows}
    assert {"marts", "data_quality", "snapshots"} <= schemas
    assert "staging" not in schemas and "raw" not in schemas


def test_a_reader_stays_connected_through_a_build(warehouse: Path) -> None:
    published = warehouse.with_name("warehouse_published.duckdb")
    reader = duckdb.connect(str(published), read_only=True)
    try:
        before = reader.execute("select count(*), sum(total_score) from marts.fct_lead_scores").fetchall()
        second = build(warehouse, "--as-of", "2025-01-15", "--vars", LIFTED_BUDGETS)
        assert second.returncode == 0, second.stdout[-4000:] + second.stderr
        # Only the date changed since the module's first build: --as-of reaches dbt as an
        # environment variable, so dbt re-parses only the files that read it.
        assert "Unable to do partial parsing" not in second.stdout
        assert "Partial parse save file not found" not in second.stdout
        # The connected reader still reads the build it opened, whole.
        assert as_of(reader) == [(dt.date(2025, 1, 31),)]
        assert (
            reader.execute("select count(*), sum(total_score) from marts.fct_lead_scores").fetchall()
            == before
        )
    finally:
        reader.close()
    with duckdb.connect(str(published), read_only=True) as fresh:
        assert as_of(fresh) == [(dt.date(2025, 1, 15),)]


def test_a_failed_build_leaves_the_last_good_publication(warehouse: Path) -> None:
    published = warehouse.with_name("warehouse_published.duckdb")
    with duckdb.connect(str(published), read_only=True) as con:
        good = as_of(con)
    # The default loss budgets are broken by the dirty fixtures: the build fails (and stops at its
    # first failure: what follows could not change the outcome).
    failed = build(warehouse, "--as-of", "2025-01-20", dbt_args=("--fail-fast",))
    assert failed.returncode != 0
    assert "Nothing was published" in failed.stderr
    with duckdb.connect(str(published), read_only=True) as con:
        assert as_of(con) == good


def test_marts_can_be_published_as_parquet(warehouse: Path) -> None:
    # The module's first build published them (--publish-parquet); the later builds did not ask.
    current = warehouse.with_name("parquet") / "current"
    assert current.is_symlink()
    rows = duckdb.sql(f"select count(*) from '{current / 'marts.fct_lead_scores.parquet'}'").fetchall()
    assert rows == [(14,)]  # 7 staged leads x 2 scoring models
