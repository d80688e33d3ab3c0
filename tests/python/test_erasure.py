"""Erasure reaches everything a build persists, also when it arrives after earlier builds:
a lead scored and snapshotted by one build, then asked to be forgotten, leaves no trace in any
table but the raw schema (which is the loader's to purge) after the next build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from leadscore.loader import load_duckdb

from conftest import FIXTURE_VARS, FIXTURES, WITHOUT_UNIT_TESTS, dbt, duckdb_env, query

# L7 ("Erin Rase", Erase.Me@Acme.com / erin@acme.com, "Senior Sales Rep") and what identifies
# her: her emails, her names (as words), her title.
ERASED = re.compile(r"erase\.me|erin@acme\.com|\berin\b|\brase\b|senior sales rep")


def _tables_outside_raw(database: Path) -> list[str]:
    return [
        f'"{schema}"."{table}"'
        for schema, table in query(
            database,
            "select table_schema, table_name from information_schema.tables "
            "where table_schema not in ('raw', 'information_schema', 'pg_catalog') "
            "and table_type = 'BASE TABLE'",
        )
    ]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixtures built once without the erasure requests, snapshotted, then built again with
    them; returns (database after the first build, database after the second)."""
    workdir = tmp_path_factory.mktemp("erasure")
    before_erasure = workdir / "before"
    shutil.copytree(FIXTURES / "raw", before_erasure)
    (before_erasure / "erasure_requests.csv").write_text("email,requested_at\n")
    database = workdir / "warehouse.duckdb"
    load_duckdb(before_erasure, database)
    # The first build only has to score and snapshot the lead: its data tests are those of every
    # fixture build (make test-dbt). The second, the one checked, runs them all.
    first = dbt(
        ["build", "--vars", FIXTURE_VARS, "--exclude-resource-type", "test", "unit_test"],
        workdir,
        duckdb_env(database),
    )
    assert first.returncode == 0, first.stdout[-4000:]
    snapshot = workdir / "first.duckdb"
    shutil.copy(database, snapshot)
    load_duckdb(FIXTURES / "raw", database)
    second = dbt(["build", "--vars", FIXTURE_VARS, *WITHOUT_UNIT_TESTS], workdir, duckdb_env(database))
    assert second.returncode == 0, second.stdout[-4000:]
    return snapshot, database


def test_the_first_build_snapshotted_the_lead(rebuilt: tuple[Path, Path]) -> None:
    first, _ = rebuilt
    assert query(first, "select count(*) > 0 from snapshots.snap_lead_scores where lead_id = 'L7'") == [
        (True,)
    ]


def test_the_next_build_removes_the_lead_from_the_snapshots(rebuilt: tuple[Path, Path]) -> None:
    _, database = rebuilt
    assert query(database, "select count(*) from snapshots.snap_lead_scores where lead_id = 'L7'") == [(0,)]
    assert query(database, "select count(*) from snapshots.snap_account_scores where top_lead_id = 'L7'") == [
        (0,)
    ]


def test_no_persisted_table_holds_the_erased_person(rebuilt: tuple[Path, Path]) -> None:
    _, database = rebuilt
    tables = _tables_outside_raw(database)
    assert any(table.startswith('"snapshots"') for table in tables)
    for table in tables:
        values = query(database, f"select cast(columns(*) as varchar) from {table}")
        text = " ".join(str(value) for row in values for value in row).lower()
        found = ERASED.search(text)
        assert found is None, f"{table} holds {found.group(0)!r}"


def test_no_staged_or_mart_table_names_the_erased_lead(rebuilt: tuple[Path, Path]) -> None:
    # Her key stays only where the erasure is decided and counted: the base models and the
    # disposition ledger.
    _, database = rebuilt
    for table in _tables_outside_raw(database):
        if table.startswith('"staging"."base_') or "int_raw_row_dispositions" in table:
            continue
        columns = [
            name
            for (name,) in query(
                database,
                "select column_name from information_schema.columns "
                f"where '\"' || table_schema || '\".\"' || table_name || '\"' = '{table}'",
            )
            if name.endswith("lead_id")
        ]
        for column in columns:
            assert query(database, f"select count(*) from {table} where {column} = 'L7'") == [(0,)], table
