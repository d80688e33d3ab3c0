"""Where the warehouse lives and how to reach it: the DuckDB file and its settings, and the
one way the tooling runs dbt."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import jinja2
import yaml

from leadscore.contract import RAW_SCHEMA, raw_tables
from leadscore.project import project_dir, read_seed

__all__ = [
    "connect",
    "dbt_environment",
    "duckdb_path",
    "duckdb_settings",
    "raw_row_counts",
    "read_seed",
    "run_dbt",
    "scalar",
    "spark_dir",
    "spark_session",
    "spark_settings",
]

DEFAULT_DUCKDB = "warehouse/leadscore.duckdb"
DEFAULT_SPARK_DIR = "warehouse/spark"


def duckdb_path() -> Path:
    """The DuckDB file of the default target; LEADSCORE_DUCKDB overrides it."""
    path = Path(os.environ.get("LEADSCORE_DUCKDB", DEFAULT_DUCKDB))
    return path if path.is_absolute() else project_dir() / path


@cache
def _profile_settings(output: str, key: str) -> dict[str, str]:
    profiles = yaml.safe_load((project_dir() / "profiles.yml").read_text(encoding="utf-8"))
    return dict(profiles["leadscore"]["outputs"][output].get(key) or {})


def _rendered_settings(output: str, key: str, env: dict[str, str] | None = None) -> dict[str, str]:
    """One settings mapping of a profile output, rendered with the environment as dbt renders it."""
    environment = {**os.environ, **(env or {})}

    def env_var(name: str, default: str | None = None) -> str:
        value = environment.get(name, default)
        if value is None:
            raise KeyError(f"profiles.yml needs the environment variable {name}")
        return value

    return {
        name: jinja2.Template(str(value)).render(env_var=env_var)
        for name, value in _profile_settings(output, key).items()
    }


def duckdb_settings() -> dict[str, str]:
    """The DuckDB settings of the dbt profile (profiles.yml): the one source of the memory limit
    and friends, for dbt and the tooling."""
    return _rendered_settings("duckdb", "settings")


def spark_dir(env: dict[str, str] | None = None) -> Path:
    """The folder of the local Spark warehouse (tables and metastore); LEADSCORE_SPARK_DIR
    overrides it, relative to the project as dbt reads it."""
    path = Path({**os.environ, **(env or {})}.get("LEADSCORE_SPARK_DIR", DEFAULT_SPARK_DIR))
    return path if path.is_absolute() else project_dir() / path


def spark_settings(env: dict[str, str] | None = None) -> dict[str, str]:
    """The Spark session settings of the dbt profile's `spark` output (profiles.yml): the loader
    starts its session with exactly these, so it writes where dbt reads."""
    return _rendered_settings(
        "spark", "server_side_parameters", {**(env or {}), "LEADSCORE_SPARK_DIR": str(spark_dir(env))}
    )


def spark_session(env: dict[str, str] | None = None, name: str = "leadscore") -> Any:
    """A Spark session (pyspark, in this process) with the profile's settings and its metastore."""
    from pyspark.sql import SparkSession  # a dev dependency, imported only for Spark

    builder = SparkSession.builder.appName(name).enableHiveSupport()
    for key, value in spark_settings(env).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def scalar(
    con: duckdb.DuckDBPyConnection, sql: str, parameters: list[object] | dict[str, Any] | None = None
) -> Any:
    """The one value a query returns (a count, a maximum)."""
    row = con.execute(sql, parameters or []).fetchone()
    if row is None:
        raise ValueError(f"no row from: {sql}")
    return row[0]


def connect(read_only: bool = True, path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A connection to the DuckDB warehouse with the profile's settings. Readers open it
    read-only (one writer per file)."""
    path = path or duckdb_path()
    if read_only and not path.exists():
        raise FileNotFoundError(f"No warehouse at {path}: run `make build` first.")
    path.parent.mkdir(parents=True, exist_ok=True)
    config: dict[str, str | bool | int | float | list[str]] = {
        key: value for key, value in duckdb_settings().items() if key == "memory_limit"
    }
    return duckdb.connect(str(path), read_only=read_only, config=config)


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
            table: scalar(con, f"select count(*) from {RAW_SCHEMA}.{table}") if table in present else 0
            for table in raw_tables()
            if table in present or not present_only
        }


def dbt_environment(overrides: dict[str, str] | None = None, project: Path | None = None) -> dict[str, str]:
    """The environment dbt runs with: the project's profiles, no usage tracking."""
    project = project or project_dir()
    env = {**os.environ, **(overrides or {})}
    env["DBT_PROJECT_DIR"] = str(project)
    env.setdefault("DBT_PROFILES_DIR", str(project))
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    if "LEADSCORE_DUCKDB" not in env:
        env["LEADSCORE_DUCKDB"] = str(duckdb_path())
    return env


def run_dbt(
    args: Sequence[str],
    check: bool = True,
    env: dict[str, str] | None = None,
    capture: bool = False,
    project: Path | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a dbt command in the project (or a copy of it: project), output streamed or
    captured; with check, raise when it fails. dbt runs in the project's folder unless cwd says
    otherwise (relative paths in the profile, such as the DuckDB file's, are read from there)."""
    project = project or project_dir()
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), *args],
        cwd=cwd or project,
        env=dbt_environment(env, project),
        text=True,
        check=False,
        capture_output=capture,
    )
    if check and completed.returncode != 0:
        if capture:
            print(completed.stdout[-5000:])
        raise SystemExit(f"`dbt {' '.join(args)}` failed with exit code {completed.returncode}")
    return completed
