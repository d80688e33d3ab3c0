"""Shared helpers: isolated warehouses built from the hand-made fixtures."""

from __future__ import annotations

import csv
import hashlib
import re
import subprocess
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from leadscore.loader import load_duckdb
from leadscore.warehouse import project_dir, run_dbt

FIXTURES = project_dir() / "tests" / "fixtures"
# The fixtures' events happen in January 2025; they are scored as of its last day. They are
# made of dirt on purpose, so their loss budget is lifted (test_loss_budgets tests budgets).
FIXTURE_AS_OF = "2025-01-31"
FIXTURE_VARS = f'{{as_of: "{FIXTURE_AS_OF}", loss_budgets: {{default: {{warn: 1, error: 1}}}}}}'


def dbt(args: list[str], workdir: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run dbt with its own target and log folders, so runs never share state."""
    return run_dbt(
        [*args, "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs")],
        check=False,
        env=env,
        capture=True,
    )


def duckdb_env(database: Path) -> dict[str, str]:
    return {"LEADSCORE_TARGET": "duckdb", "LEADSCORE_DUCKDB": str(database)}


def query(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def expected_quarantine() -> Counter:
    """(source_table, record_key, reason) of the hand-written expectation, as a multiset.

    `<hash of x>` stands for the md5 of the normalised email x (erasure requests keep only
    the hash)."""
    rows = Counter()
    with (FIXTURES / "expected_quarantine.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            key = row["record_key"] or None
            if key and (match := re.fullmatch(r"<hash of (.+)>", key)):
                key = md5(match.group(1))
            rows[(row["source_table"], key, row["reason"])] += 1
    return rows


def expected_field_issues() -> Counter:
    """(source_table, record_key, column_name, raw_value, reason) of the hand-written expectation."""
    with (FIXTURES / "expected_field_issues.csv").open(newline="") as handle:
        return Counter(
            (row["source_table"], row["record_key"], row["column_name"], row["raw_value"], row["reason"])
            for row in csv.DictReader(handle)
        )


def expected_reconciliation() -> dict[str, tuple[int, ...]]:
    with (FIXTURES / "expected_reconciliation.csv").open(newline="") as handle:
        return {
            row["source_table"]: tuple(
                int(row[c])
                for c in (
                    "raw_rows",
                    "staged_rows",
                    "quarantined_rows",
                    "superseded_rows",
                    "erased_rows",
                )
            )
            for row in csv.DictReader(handle)
        }


@pytest.fixture(scope="session")
def fixture_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB warehouse built (dbt build, all tests) from tests/fixtures/raw."""
    workdir = tmp_path_factory.mktemp("fixture_warehouse")
    database = workdir / "warehouse.duckdb"
    load_duckdb(FIXTURES / "raw", database)
    result = dbt(["build", "--vars", FIXTURE_VARS], workdir, duckdb_env(database))
    assert result.returncode == 0, result.stdout[-6000:]
    return database
