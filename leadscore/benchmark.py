"""Measured, not asserted: how long each step of the job takes at a named size, and how much
memory it needs.

`leadscore benchmark --size S|M|L|XL` (or `--leads N`) generates a demo world into its own
DuckDB file (warehouse/benchmark.duckdb by default, never the main warehouse), times
`leadscore load` reading it back from CSV exports, and with --build: `dbt parse` (once, so that
the builds after it measure building, as a daily job's do), the build up to the scores
(seeds and models of `+fct_lead_scores`, without tests) and the full `dbt build` (every model,
snapshot and test), both from scratch (--full-refresh) as of the day before the world's last day,
whose events are held back; then a plain `dbt build` as of the last day once its events are
delivered (the daily incremental build); and `leadscore validate` on the built warehouse (the
Great Expectations suites, in batches of LEADSCORE_VALIDATE_BATCH_ROWS rows).
Between the full build and the incremental day it times the yardstick: leadscore/yardstick.sql,
one hand-written DuckDB script that computes fct_lead_scores' fit, engagement and total scores,
is_mql and mql_at from the raw tables as of the same day, and checks that its table equals
fct_lead_scores row for row (a yardstick that disagrees measures nothing). The builds are
reported as multiples of it.
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
from importlib import resources
from pathlib import Path

import duckdb

from leadscore.contract import RAW_SCHEMA, raw_tables
from leadscore.demo import DEMO_AS_OF
from leadscore.project import project_dir
from leadscore.summary import format_table
from leadscore.warehouse import dbt_environment, duckdb_settings

DEFAULT_DATABASE = Path("warehouse") / "benchmark.duckdb"
EVENTS_PER_LEAD = 20.0
SIZES = {"S": 20_000, "M": 200_000, "L": 1_000_000, "XL": 5_000_000}
"""Named sizes: leads of the generated world (about 20 events each, so S has 400k events)."""
LAST_DAY = dt.date.fromisoformat(DEMO_AS_OF)
HELD_BACK = "benchmark_held_back_events"
"""Where the last day's events wait (in the benchmark database) for the incremental build."""
PARSE = "dbt parse (the project, once; the builds reuse it)"
SCORES_BUILD = "dbt build up to the scores (+fct_lead_scores, full refresh, no tests)"
FULL_BUILD = "dbt build, full refresh (every model, snapshot and test)"
YARDSTICK = "hand-written DuckDB SQL, the five columns (yardstick)"
YARDSTICK_TABLE = "yardstick.lead_scores"
YARDSTICK_COLUMNS = ("fit_score", "engagement_score", "total_score", "is_mql", "mql_at")
INCREMENTAL_BUILD = "dbt build, one more day of events (incremental)"
SKIPPABLE = ("load", "scores", "yardstick", "incremental", "validate")
"""Steps --skip can leave out (at XL the whole run takes hours). Generation always runs, and with
--build the full build from scratch does too."""


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


def run(
    leads: int, build: bool, database: Path | None = None, skip: frozenset[str] = frozenset()
) -> list[Step]:
    """Generate a world of `leads` leads and measure each step on it, but those in `skip`."""
    unknown = sorted(skip - set(SKIPPABLE))
    if unknown:
        raise SystemExit(f"Cannot skip {', '.join(unknown)}: the steps to skip are {', '.join(SKIPPABLE)}.")
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
    if "load" not in skip:
        steps.append(_load_step(database, raw_rows, env))
    if build:
        steps.extend(_build_steps(database, counts, env, skip))
        if "validate" not in skip:
            steps.append(_validate_step(world, counts["events"], env))
    return steps


def _as_of(day: dt.date, env: dict[str, str]) -> dict[str, str]:
    """The environment of a build as of the day (LEADSCORE_AS_OF: dbt's partial parsing holds)."""
    return {**env, "LEADSCORE_AS_OF": day.isoformat()}


def _build_steps(
    database: Path, counts: dict[str, int], env: dict[str, str], skip: frozenset[str]
) -> list[Step]:
    """The builds from scratch as of the day before the last, the yardstick on what they built,
    then the last day's incremental build once its events are delivered. The last day is held
    back even when the incremental build is skipped, so the full build is the same build."""
    held_back = hold_back_last_day(database)
    events = counts["events"] - held_back
    world = f"{counts['leads']:,} leads, {events:,} events"
    day_before = LAST_DAY - dt.timedelta(days=1)
    dbt = _tool("dbt")
    # dbt parses the whole project on its first run with a profile (here: the benchmark's
    # database), then only the files that change. Parsed once, on its own line, so that the
    # builds measure building, as a daily job's builds do; `--quiet` keeps its output short.
    seconds, peak, code = measure([dbt, "parse", "--quiet"], _as_of(day_before, env))
    steps = [Step(PARSE, "the project", round(seconds, 1), "—", peak, code)]
    builds = [
        (
            SCORES_BUILD,
            "scores",
            ["--select", "+fct_lead_scores", "--exclude-resource-type", "test", "unit_test"],
        ),
        (FULL_BUILD, None, []),
    ]
    for label, name, args in [build for build in builds if build[1] not in skip]:
        seconds, peak, code = measure(
            [dbt, "build", "--full-refresh", *args, "--quiet"], _as_of(day_before, env)
        )
        keep_run_results(name or "full")
        steps.append(Step(label, world, round(seconds, 1), _rate(events, seconds, "events"), peak, code))
    if "yardstick" not in skip:
        steps.append(_yardstick_step(database, day_before, world, events, env))
    if "incremental" in skip:
        return steps
    deliver_held_back(database)
    seconds, peak, code = measure([dbt, "build", "--quiet"], _as_of(LAST_DAY, env))
    keep_run_results("incremental")
    rate = _rate(held_back, seconds, "events")
    steps.append(Step(INCREMENTAL_BUILD, f"+{held_back:,} events", round(seconds, 1), rate, peak, code))
    return steps


def keep_run_results(build: str) -> None:
    """Keep a build's per-node timings (dbt's target/run_results.json, which the next build
    overwrites) as target/benchmark/<build>-run_results.json. A build that wrote none leaves
    none kept: not an earlier run's."""
    target = project_dir() / "target"
    results, kept = target / "run_results.json", target / "benchmark" / f"{build}-run_results.json"
    kept.unlink(missing_ok=True)
    if results.exists():
        kept.parent.mkdir(exist_ok=True)
        results.replace(kept)


def _yardstick_step(database: Path, as_of: dt.date, world: str, events: int, env: dict[str, str]) -> Step:
    """Time the yardstick in a child process, then check its table against fct_lead_scores: a
    yardstick that disagrees fails the step (and the benchmark) loudly."""
    command = [sys.executable, "-m", "leadscore.benchmark", str(database), as_of.isoformat()]
    seconds, peak, code = measure(command, env)
    if code == 0:
        mismatches = yardstick_mismatches(database)
        if mismatches:
            print(
                f"THE YARDSTICK DISAGREES WITH fct_lead_scores on {mismatches:,} rows "
                f"(lead and model, columns {', '.join(YARDSTICK_COLUMNS)}): it measures nothing "
                f"until leadscore/yardstick.sql computes the same scores. The table stays in "
                f"{YARDSTICK_TABLE} of {database} to compare.",
                file=sys.stderr,
            )
            code = 1
        else:
            print(f"The yardstick equals fct_lead_scores row for row ({', '.join(YARDSTICK_COLUMNS)}).")
            drop_yardstick(database)
    return Step(YARDSTICK, world, round(seconds, 1), _rate(events, seconds, "events"), peak, code)


def yardstick_sql() -> str:
    """The yardstick script (shipped with the package)."""
    return resources.files("leadscore").joinpath("yardstick.sql").read_text(encoding="utf-8")


def run_yardstick(database: Path, as_of: dt.date) -> None:
    """Run the yardstick on a built warehouse as of a day, with the dbt profile's DuckDB settings
    (memory limit, insertion order); it writes yardstick.lead_scores."""
    settings: dict[str, str | bool | int | float | list[str]] = dict(duckdb_settings())
    with duckdb.connect(str(database), config=settings) as con:
        con.execute(f"set variable as_of = date '{as_of.isoformat()}'")
        con.execute(yardstick_sql())


def drop_yardstick(database: Path) -> None:
    """Remove the yardstick's table from the warehouse once it has been checked."""
    with duckdb.connect(str(database)) as con:
        con.execute(f"drop schema if exists {YARDSTICK_TABLE.split('.')[0]} cascade")


def yardstick_mismatches(database: Path) -> int:
    """Lead scores where the yardstick's table and fct_lead_scores differ: a row only one of them
    has, fit, engagement or total scores apart by more than 1e-9, or another is_mql or mql_at."""
    differs = " or ".join(
        [
            "yardstick.lead_id is null",
            "fct.lead_id is null",
            *(f"abs(yardstick.{column} - fct.{column}) > 1e-9" for column in YARDSTICK_COLUMNS[:3]),
            *(f"yardstick.{column} is distinct from fct.{column}" for column in YARDSTICK_COLUMNS[3:]),
        ]
    )
    with duckdb.connect(str(database), read_only=True) as con:
        row = con.execute(
            f"""
            select count(*) filter (where {differs})
            from {YARDSTICK_TABLE} as yardstick
            full join marts.fct_lead_scores as fct
                on yardstick.lead_id = fct.lead_id and yardstick.scoring_model_id = fct.scoring_model_id
            """
        ).fetchone()
    return int(row[0]) if row else 0


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
    """The incremental day as a share of the full build; the build up to the scores and the full
    build as multiples of the yardstick (when it ran and agreed)."""
    seconds = {step.step: step.seconds for step in steps}
    result = {}
    if seconds.get(FULL_BUILD) and INCREMENTAL_BUILD in seconds:
        result["incremental_day_over_full_build"] = round(seconds[INCREMENTAL_BUILD] / seconds[FULL_BUILD], 3)
    yardstick = next((step for step in steps if step.step == YARDSTICK and step.exit_code == 0), None)
    if yardstick and yardstick.seconds > 0:
        for name, label in (
            ("scores_build_over_yardstick", SCORES_BUILD),
            ("full_build_over_yardstick", FULL_BUILD),
        ):
            if label in seconds:
                result[name] = round(seconds[label] / yardstick.seconds, 2)
    return result


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


def main(
    size: str | None,
    leads: int | None,
    build: bool,
    output: Path | None = None,
    skip: frozenset[str] = frozenset(),
) -> None:
    """Print the benchmark table and write it as JSON (default: beside the database)."""
    label = size or f"{leads:,} leads"
    leads = SIZES[size] if size else leads
    if not leads:
        raise SystemExit(f"Give --size ({', '.join(SIZES)}) or --leads N.")
    steps = run(leads, build, skip=skip)
    rows = [(s.step, s.size, s.seconds, s.throughput, s.peak_mib) for s in steps]
    print(f"Benchmark {label} on {machine()['cores']} cores, {machine()['memory_gib']} GiB:")
    print(format_table(("step", "size", "seconds", "throughput", "peak MiB"), rows))
    for name, value in ratios(steps).items():
        shown = f"{value:.1%}" if name.startswith("incremental") else f"{value:.2f}x"
        print(f"{name.replace('_', ' ')}: {shown}")
    output = output or project_dir() / "warehouse" / f"benchmark-{(size or str(leads)).lower()}.json"
    output.write_text(
        json.dumps(
            {
                "size": label,
                "leads": leads,
                "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "machine": machine(),
                "skipped": sorted(skip),
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


if __name__ == "__main__":
    # The yardstick's child process: python -m leadscore.benchmark DATABASE AS_OF
    run_yardstick(Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2]))
