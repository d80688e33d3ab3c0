"""Measured, not asserted: how long the demo generator and the build take at a given size.

Writes to its own DuckDB file (warehouse/benchmark.duckdb by default), never the main
warehouse, and prints rows, seconds, throughput and peak memory.
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

import duckdb

from leadscore.contract import RAW_SCHEMA, raw_tables
from leadscore.demo import generate
from leadscore.loader import load
from leadscore.project import project_dir
from leadscore.summary import format_table
from leadscore.warehouse import run_dbt

DEFAULT_DATABASE = Path("warehouse") / "benchmark.duckdb"


def _peak_mib(who: int) -> float:
    """Peak resident memory of this process or of its finished children, in MiB (Linux: KiB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def run(leads: int, events_per_lead: float, build: bool, database: Path | None = None) -> list[tuple]:
    """Generate (and optionally build) a world; return the measurements as table rows."""
    database = database or project_dir() / DEFAULT_DATABASE
    database.parent.mkdir(parents=True, exist_ok=True)
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    counts = generate(database, leads=leads, seed=7, events_per_lead=events_per_lead)
    generate_seconds = time.perf_counter() - started
    raw_rows = sum(counts.values())
    rows = [
        (
            "generate demo data",
            f"{counts['leads']:,} leads, {counts['events']:,} events, {raw_rows:,} raw rows",
            round(generate_seconds, 1),
            f"{raw_rows / generate_seconds:,.0f} rows/s",
            round(_peak_mib(resource.RUSAGE_SELF)),
        )
    ]
    rows.append(_load_row(database, raw_rows))
    if build:
        started = time.perf_counter()
        run_dbt(["build", "--quiet"], env={"LEADSCORE_DUCKDB": str(database), "LEADSCORE_TARGET": "duckdb"})
        build_seconds = time.perf_counter() - started
        rows.append(
            (
                "dbt build (models + tests)",
                f"{counts['events']:,} events scored in 2 models",
                round(build_seconds, 1),
                f"{counts['events'] / build_seconds:,.0f} events/s",
                round(_peak_mib(resource.RUSAGE_CHILDREN)),
            )
        )
    return rows


def _load_row(database: Path, raw_rows: int) -> tuple:
    """Export the generated raw tables as CSV files and time `leadscore load` reading them back
    into a fresh warehouse (DuckDB's CSV reader, one transaction)."""
    with tempfile.TemporaryDirectory(prefix="leadscore-load-") as folder:
        export = Path(folder) / "export"
        export.mkdir()
        with duckdb.connect(str(database), read_only=True) as con:
            for table in raw_tables():
                con.execute(f"copy {RAW_SCHEMA}.{table} to '{export / table}.csv' (header)")
        size = sum(path.stat().st_size for path in export.iterdir())
        started = time.perf_counter()
        load(export, database=Path(folder) / "loaded.duckdb")
        seconds = time.perf_counter() - started
    return (
        "leadscore load (CSV exports)",
        f"{raw_rows:,} raw rows, {size / 2**20:,.0f} MiB of CSV",
        round(seconds, 1),
        f"{raw_rows / seconds:,.0f} rows/s",
        round(_peak_mib(resource.RUSAGE_SELF)),
    )


def main(leads: int, events_per_lead: float, build: bool) -> None:
    """Print the benchmark table."""
    rows = run(leads, events_per_lead, build)
    print(format_table(("step", "size", "seconds", "throughput", "peak MiB"), rows))
