"""Measured, not asserted: how long the demo generator and the build take at a given size.

Writes to its own DuckDB file (warehouse/benchmark.duckdb by default), never the main
warehouse, and prints rows, seconds, throughput and peak memory.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

from leadscore.demo import generate
from leadscore.summary import format_table
from leadscore.warehouse import project_dir, run_dbt

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


def main(leads: int, events_per_lead: float, build: bool) -> None:
    """Print the benchmark table."""
    rows = run(leads, events_per_lead, build)
    print(format_table(("step", "size", "seconds", "throughput", "peak MiB"), rows))
