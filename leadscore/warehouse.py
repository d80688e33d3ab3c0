"""Where the warehouse lives and how to reach it: paths, connections, dbt invocations."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb

from leadscore.contract import RAW_SCHEMA, raw_tables
from leadscore.project import project_dir

DEFAULT_DUCKDB = "warehouse/leadscore.duckdb"


def read_seed(name: str) -> list[dict[str, str]]:
    """The rows of a seed CSV (any folder under seeds/), as the scorecard's editors wrote them."""
    path = next(project_dir().joinpath("seeds").rglob(f"{name}.csv"))
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def duckdb_path() -> Path:
    """The DuckDB file of the default target; LEADSCORE_DUCKDB overrides it."""
    path = Path(os.environ.get("LEADSCORE_DUCKDB", DEFAULT_DUCKDB))
    return path if path.is_absolute() else project_dir() / path


def connect(read_only: bool = True, path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A connection to the DuckDB warehouse. Readers open it read-only (one writer per file)."""
    path = path or duckdb_path()
    if read_only and not path.exists():
        raise FileNotFoundError(f"No warehouse at {path}: run `make build` first.")
    path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)


def raw_row_counts(present_only: bool = False) -> dict[str, int]:
    """Rows per raw table of the DuckDB warehouse (0 for a table that does not exist, or with
    present_only only the tables that do)."""
    if not duckdb_path().exists():
        return {} if present_only else dict.fromkeys(raw_tables(), 0)
    with connect(read_only=True) as con:
        present = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = ?",
                [RAW_SCHEMA],
            ).fetchall()
        }
        return {
            table: con.execute(f"select count(*) from {RAW_SCHEMA}.{table}").fetchone()[0]
            if table in present
            else 0
            for table in raw_tables()
            if table in present or not present_only
        }


def dbt_environment(overrides: dict[str, str] | None = None) -> dict[str, str]:
    """The environment dbt runs with: this project's profiles, no usage tracking."""
    env = {**os.environ, **(overrides or {})}
    env.setdefault("DBT_PROFILES_DIR", str(project_dir()))
    env.setdefault("DBT_PROJECT_DIR", str(project_dir()))
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    if "LEADSCORE_DUCKDB" not in env:
        env["LEADSCORE_DUCKDB"] = str(duckdb_path())
    return env


def run_dbt(
    args: Sequence[str],
    check: bool = True,
    env: dict[str, str] | None = None,
    capture: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run a dbt command in the project (output streamed, or captured); raise when it fails."""
    dbt = Path(sys.executable).with_name("dbt")
    command = [str(dbt), *args]
    completed = subprocess.run(
        command,
        cwd=project_dir(),
        env=dbt_environment(env),
        text=True,
        check=False,
        capture_output=capture,
    )
    if check and completed.returncode != 0:
        if capture:
            print(completed.stdout[-5000:])
        raise SystemExit(f"`dbt {' '.join(args)}` failed with exit code {completed.returncode}")
    return completed
