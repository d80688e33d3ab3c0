"""Measured, not asserted: how long each step of the job takes at a named size, and how much
memory it needs.

`leadscore benchmark --size S|M|L|XL` (or `--leads N`) generates a demo world into its own
DuckDB file (warehouse/benchmark.duckdb by default, never the main warehouse), times
`leadscore load` reading it back from CSV exports, and with --build: the build up to the scores
(seeds and models of `+fct_lead_scores`, without tests) and the full `dbt build` (every model,
snapshot and test), both from scratch (--full-refresh) as of the day before the world's last day,
whose events are held back; then a plain `dbt build` as of the last day once its events are
delivered (the daily incremental build); and `leadscore validate` on the built warehouse (the
Great Expectations suites, in batches of LEADSCORE_VALIDATE_BATCH_ROWS rows).
Each step runs as a child process, so its peak memory is its own (resident set size of the
process and everything it started). The table is printed and written as JSON beside the
database, with the machine it ran on.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from leadscore.contract import RAW_SCHEMA, raw_tables
from leadscore.demo import DEMO_AS_OF
from leadscore.project import project_dir
from leadscore.summary import format_table
from leadscore.warehouse import dbt_environment

DEFAULT_DATABASE = Path("warehouse") / "benchmark.duckdb"
EVENTS_PER_LEAD = 20.0
SIZES = {"S": 20_000, "M": 200_000, "L": 1_000_000, "XL": 5_000_000}
"""Named sizes: leads of the generated world (about 20 events each, so S has 400k events)."""
LAST_DAY = dt.date.fromisoformat(DEMO_AS_OF)
HELD_BACK = "benchmark_held_back_events"
"""Where the last day's events wait (in the benchmark database) for the incremental build."""
FULL_BUILD = "dbt build, full refresh (every model, snapshot and test)"
INCREMENTAL_BUILD = "dbt build, one more day of events (incremental)"


@dataclass(frozen=True)
class Step:
    """One measured step."""

    step: str
    size: str
    seconds: float
    throughput: str
    peak_mib: int
    exit_code: int


def measure(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Run a command; return (seconds, peak resident MiB of it and its descendants, exit code).

    os.wait4 gives the rusage of that one child, which on Linux includes the largest resident
    set of its own children (dbt is the grandchild of `leadscore`)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=project_dir())
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, round(usage.ru_maxrss / 1024), process.returncode


def _tool(name: str) -> str:
    """An executable of this environment (leadscore, dbt)."""
    return str(Path(sys.executable).with_name(name))


def _raw_counts(database: Path) -> dict[str, int]:
    with duckdb.connect(str(database), read_only=True) as con:
        return {
            table: int(con.execute(f"select count(*) from {RAW_SCHEMA}.{table}").fetchone()[0])  # type: ignore[index]
            for table in raw_tables()
        }


def _rate(count: int, seconds: float, unit: str) -> str:
    return f"{count / seconds:,.0f} {unit}/s" if seconds > 0 else "—"


def run(leads: int, build: bool, database: Path | None = None, load: bool = True) -> list[Step]:
    """Generate a world of `leads` leads and measure each step on it."""
    database = database or project_dir() / DEFAULT_DATABASE
    database.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (database, database.with_name(database.name + ".wal")):
        leftover.unlink(missing_ok=True)
    env = dbt_environment({"LEADSCORE_DUCKDB": str(database), "LEADSCORE_TARGET": "duckdb"})
    steps = []

    command = [_tool("leadscore"), "demo", "--leads", str(leads), "--events-per-lead", str(EVENTS_PER_LEAD)]
    seconds, peak, code = measure(command, env)
    if code != 0:
        raise SystemExit(f"Generating the world failed (exit code {code}).")
    counts = _raw_counts(database)
    raw_rows = sum(counts.values())
    world = f"{counts['leads']:,} leads, {counts['events']:,} events"
    steps.append(Step("generate demo data", f"{raw_rows:,} raw rows", round(seconds, 1),
                      _rate(raw_rows, seconds, "rows"), peak, code))  # fmt: skip
    if load:
        steps.append(_load_step(database, raw_rows, env))
    if build:
        steps.extend(_build_steps(database, counts, env))
        steps.append(_validate_step(world, counts["events"], env))
    return steps


def _as_of(day: dt.date) -> list[str]:
    return ["--vars", f'{{as_of: "{day.isoformat()}"}}']


def _build_steps(database: Path, counts: dict[str, int], env: dict[str, str]) -> list[Step]:
    """The builds from scratch as of the day before the last, then the last day's incremental
    build once its events are delivered."""
    held_back = hold_back_last_day(database)
    events = counts["events"] - held_back
    world = f"{counts['leads']:,} leads, {events:,} events"
    dbt, day_before = _tool("dbt"), _as_of(LAST_DAY - dt.timedelta(days=1))
    steps = []
    for label, args in (
        (
            "dbt build up to the scores (+fct_lead_scores, full refresh, no tests)",
            ["--select", "+fct_lead_scores", "--exclude-resource-type", "test", "unit_test"],
        ),
        (FULL_BUILD, []),
    ):
        seconds, peak, code = measure([dbt, "build", "--full-refresh", *args, *day_before, "--quiet"], env)
        steps.append(Step(label, world, round(seconds, 1), _rate(events, seconds, "events"), peak, code))
    deliver_held_back(database)
    seconds, peak, code = measure([dbt, "build", *_as_of(LAST_DAY), "--quiet"], env)
    rate = _rate(held_back, seconds, "events")
    steps.append(Step(INCREMENTAL_BUILD, f"+{held_back:,} events", round(seconds, 1), rate, peak, code))
    return steps


def hold_back_last_day(database: Path) -> int:
    """Move the events of the world's last day out of raw.events; return how many."""
    last_day = f"cast(try_cast(occurred_at as timestamp) as date) = date '{LAST_DAY}'"
    with duckdb.connect(str(database)) as con:
        con.execute(
            f"create or replace table main.{HELD_BACK} as select * from {RAW_SCHEMA}.events where {last_day}"
        )
        con.execute(f"delete from {RAW_SCHEMA}.events where {last_day}")
        return int(con.execute(f"select count(*) from main.{HELD_BACK}").fetchone()[0])  # type: ignore[index]


def deliver_held_back(database: Path) -> None:
    """Put the held-back events back into raw.events: the next day's delivery."""
    with duckdb.connect(str(database)) as con:
        con.execute(f"insert into {RAW_SCHEMA}.events select * from main.{HELD_BACK}")
        con.execute(f"drop table main.{HELD_BACK}")


def ratios(steps: list[Step]) -> dict[str, float]:
    """The incremental day as a share of the full build."""
    seconds = {step.step: step.seconds for step in steps}
    if seconds.get(FULL_BUILD) and INCREMENTAL_BUILD in seconds:
        return {"incremental_day_over_full_build": round(seconds[INCREMENTAL_BUILD] / seconds[FULL_BUILD], 3)}
    return {}


def _validate_step(world: str, events: int, env: dict[str, str]) -> Step:
    """Time `leadscore validate` on the built warehouse, at the batch size of the setting."""
    from leadscore.quality import batch_rows  # Great Expectations loads only when it is measured

    rows = batch_rows(env)
    seconds, peak, code = measure([_tool("leadscore"), "validate"], env)
    return Step(
        "leadscore validate (Great Expectations)",
        f"{world}, batches of {rows:,} rows",
        round(seconds, 1),
        _rate(events, seconds, "events"),
        peak,
        code,
    )


def _load_step(database: Path, raw_rows: int, env: dict[str, str]) -> Step:
    """Export the generated raw tables as CSV files and time `leadscore load` reading them back
    into a fresh warehouse (DuckDB's CSV reader, one transaction)."""
    with tempfile.TemporaryDirectory(prefix="leadscore-load-", dir=database.parent) as folder:
        export = Path(folder) / "export"
        export.mkdir()
        with duckdb.connect(str(database), read_only=True) as con:
            for table in raw_tables():
                con.execute(f"copy {RAW_SCHEMA}.{table} to '{export / table}.csv' (header)")
        size = sum(path.stat().st_size for path in export.iterdir())
        load_env = {**env, "LEADSCORE_DUCKDB": str(Path(folder) / "loaded.duckdb")}
        seconds, peak, code = measure([_tool("leadscore"), "load", str(export)], load_env)
    return Step(
        "leadscore load (CSV exports)",
        f"{raw_rows:,} raw rows, {size / 2**20:,.0f} MiB of CSV",
        round(seconds, 1),
        _rate(raw_rows, seconds, "rows"),
        peak,
        code,
    )


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "duckdb_memory_limit": os.environ.get("LEADSCORE_DUCKDB_MEMORY_LIMIT", "8GB"),
    }


def main(size: str | None, leads: int | None, build: bool, output: Path | None = None) -> None:
    """Print the benchmark table and write it as JSON (default: beside the database)."""
    label = size or f"{leads:,} leads"
    leads = SIZES[size] if size else leads
    if not leads:
        raise SystemExit(f"Give --size ({', '.join(SIZES)}) or --leads N.")
    steps = run(leads, build)
    rows = [(s.step, s.size, s.seconds, s.throughput, s.peak_mib) for s in steps]
    print(f"Benchmark {label} on {machine()['cores']} cores, {machine()['memory_gib']} GiB:")
    print(format_table(("step", "size", "seconds", "throughput", "peak MiB"), rows))
    for name, value in ratios(steps).items():
        print(f"{name.replace('_', ' ')}: {value:.1%}")
    output = output or project_dir() / "warehouse" / f"benchmark-{(size or str(leads)).lower()}.json"
    output.write_text(
        json.dumps(
            {
                "size": label,
                "leads": leads,
                "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "machine": machine(),
                "steps": [asdict(step) for step in steps],
                "ratios": ratios(steps),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"Written to {output}")
    failed = [step.step for step in steps if step.exit_code != 0]
    if failed:
        raise SystemExit(f"Failed: {', '.join(failed)} (the figures above include the failed step).")
