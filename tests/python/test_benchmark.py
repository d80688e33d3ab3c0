"""The benchmark command measures each step in a child process and writes what it measured."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb
import pytest

from leadscore import benchmark


def test_benchmark_measures_generation_and_load_and_writes_json(tmp_path: Path) -> None:
    output = tmp_path / "figures.json"
    database = tmp_path / "bench.duckdb"
    steps = benchmark.run(300, build=False, database=database)
    assert [step.step for step in steps] == ["generate demo data", "leadscore load (CSV exports)"]
    with duckdb.connect(str(database), read_only=True) as con:
        raw_rows = sum(
            con.execute(f"select count(*) from raw.{table}").fetchone()[0] for table in benchmark.raw_tables()
        )
    for step in steps:
        assert step.exit_code == 0
        assert f"{raw_rows:,} raw rows" in step.size
        assert step.seconds > 0
        # A child process that ran Python and DuckDB holds tens of MiB at least.
        assert step.peak_mib > 20

    benchmark.main(None, 300, build=False, output=output)
    written = json.loads(output.read_text())
    assert written["leads"] == 300
    assert written["machine"]["cores"] >= 1
    assert [step["step"] for step in written["steps"]] == [step.step for step in steps]


def test_a_step_reports_its_exit_code_and_its_own_peak_memory() -> None:
    # The child holds 200 MiB of bytes, then fails: both are what the step reports.
    child = (
        "import sys; block = bytearray(200 * 2**20); block[::4096] = b'x' * len(block[::4096]); sys.exit(3)"
    )
    seconds, peak, code = benchmark.measure([sys.executable, "-c", child], {})
    assert code == 3
    assert seconds > 0
    assert peak >= 200


@pytest.fixture
def recorded(monkeypatch, tmp_path: Path) -> tuple[list[tuple[list[str], str]], list[str | None]]:
    """Every command is recorded instead of run: which steps, in which order, on which file; and
    the date each dbt build ran as of. The project is a temporary folder, so that keeping the
    builds' timings never touches the real target/benchmark/."""
    commands: list[tuple[list[str], str]] = []
    dates: list[str | None] = []

    def record(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
        commands.append((command, env["LEADSCORE_DUCKDB"]))
        if Path(command[0]).name == "dbt":
            dates.append(env.get("LEADSCORE_AS_OF"))
        return 2.0, 100, 0

    monkeypatch.setattr(benchmark, "measure", record)
    monkeypatch.setattr(benchmark, "_raw_counts", lambda database: {"leads": 300, "events": 6000})
    monkeypatch.setattr(benchmark, "hold_back_last_day", lambda database: 40)
    monkeypatch.setattr(benchmark, "deliver_held_back", lambda database: commands.append((["deliver"], "")))
    monkeypatch.setattr(benchmark, "yardstick_mismatches", lambda database: 0)
    monkeypatch.setattr(benchmark, "drop_yardstick", lambda database: None)
    monkeypatch.setattr(benchmark, "project_dir", lambda: tmp_path)
    monkeypatch.setenv("LEADSCORE_VALIDATE_BATCH_ROWS", "1000")
    return commands, dates


def test_with_build_the_validation_is_measured_last_on_the_benchmark_warehouse(
    tmp_path: Path, recorded
) -> None:
    commands, dates = recorded
    database = tmp_path / "bench.duckdb"
    steps = benchmark.run(300, build=True, database=database, skip=frozenset({"load"}))
    assert [step.step for step in steps] == [
        "generate demo data",
        "dbt parse (the project, once; the builds reuse it)",
        "dbt build up to the scores (+fct_lead_scores, full refresh, no tests)",
        "dbt build, full refresh (every model, snapshot and test)",
        "hand-written DuckDB SQL, the five columns (yardstick)",
        "dbt build, one more day of events (incremental)",
        "leadscore validate (Great Expectations)",
    ]
    # Parsed once, then from scratch as of the day before the last; the last day's events
    # delivered; then a plain build.
    builds = [command[1:] for command, _ in commands if Path(command[0]).name in ("dbt", "deliver")]
    full = ["build", "--full-refresh"]
    assert [args[:2] for args in builds] == [["parse", "--quiet"], full, full, [], ["build", "--quiet"]]
    # The date goes in the environment, not in --vars: the daily build keeps dbt's partial parse,
    # and the parse sees the date of the builds after it.
    assert dates == ["2026-06-29", "2026-06-29", "2026-06-29", "2026-06-30"]
    assert not any("--vars" in args for args in builds)
    # The yardstick runs on what the full build left, as of the same day, before the delivery.
    ran = [command for command, _ in commands]
    yardstick = [sys.executable, "-m", "leadscore.benchmark", str(database), "2026-06-29"]
    assert ran.count(yardstick) == 1
    assert ran[ran.index(yardstick) - 1][1:3] == ["build", "--full-refresh"]
    assert ran[ran.index(yardstick) + 1] == ["deliver"]
    assert steps[5].size == "+40 events"
    command, target = commands[-1]
    assert [Path(command[0]).name, *command[1:]] == ["leadscore", "validate"]
    assert target == str(database)
    validate = steps[-1]
    assert validate.size == "300 leads, 6,000 events, batches of 1,000 rows"
    assert benchmark.ratios(steps) == {
        "incremental_day_over_full_build": 1.0,
        "scores_build_over_yardstick": 1.0,
        "full_build_over_yardstick": 1.0,
    }
    assert (validate.seconds, validate.throughput, validate.peak_mib) == (2.0, "3,000 events/s", 100)


def test_skipped_steps_are_not_run_and_the_full_build_stays_the_same_build(tmp_path: Path, recorded) -> None:
    commands, dates = recorded
    database = tmp_path / "bench.duckdb"
    skip = frozenset({"load", "scores", "incremental", "validate"})
    steps = benchmark.run(300, build=True, database=database, skip=skip)
    assert [step.step for step in steps] == [
        "generate demo data",
        "dbt parse (the project, once; the builds reuse it)",
        "dbt build, full refresh (every model, snapshot and test)",
        "hand-written DuckDB SQL, the five columns (yardstick)",
    ]
    ran = [[Path(command[0]).name, *command[1:]] for command, _ in commands]
    assert ran[0][:2] == ["leadscore", "demo"]
    assert ran[1] == ["dbt", "parse", "--quiet"]
    assert ran[2] == ["dbt", "build", "--full-refresh", "--quiet"]
    assert ran[3][-2:] == [str(database), "2026-06-29"]
    # The last day stays held back: the full build is as of the day before, as when nothing is skipped.
    assert len(ran) == 4
    assert dates == ["2026-06-29", "2026-06-29"]
    assert benchmark.ratios(steps) == {"full_build_over_yardstick": 1.0}


def test_each_build_keeps_its_own_per_node_timings(tmp_path: Path, recorded, monkeypatch) -> None:
    # Each dbt build writes target/run_results.json over the one before; the benchmark keeps
    # each under its build's name. Here every build writes its own command line there.
    record = benchmark.measure

    def build_and_write(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
        if Path(command[0]).name == "dbt":
            (tmp_path / "target").mkdir(exist_ok=True)
            (tmp_path / "target" / "run_results.json").write_text(json.dumps(command[1:]))
        return record(command, env)

    monkeypatch.setattr(benchmark, "measure", build_and_write)
    monkeypatch.setattr(benchmark, "project_dir", lambda: tmp_path)
    benchmark.run(300, build=True, database=tmp_path / "bench.duckdb", skip=frozenset({"load", "validate"}))
    kept = {
        path.name.removesuffix("-run_results.json"): json.loads(path.read_text())
        for path in (tmp_path / "target" / "benchmark").iterdir()
    }
    scores = ["build", "--full-refresh", "--select", "+fct_lead_scores", "--exclude-resource-type"]
    assert sorted(kept) == ["full", "incremental", "scores"]
    assert kept["scores"][:5] == scores
    assert kept["full"] == ["build", "--full-refresh", "--quiet"]
    assert kept["incremental"] == ["build", "--quiet"]
    # Moved, not copied: a build that writes nothing cannot pass off the last one's timings.
    assert not (tmp_path / "target" / "run_results.json").exists()
    # Nor an earlier run's: a second run whose builds write nothing keeps nothing.
    monkeypatch.setattr(benchmark, "measure", record)
    benchmark.run(300, build=True, database=tmp_path / "bench.duckdb", skip=frozenset({"load", "validate"}))
    assert list((tmp_path / "target" / "benchmark").iterdir()) == []


def test_an_unknown_step_to_skip_is_named(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="Cannot skip full, generate: the steps to skip are load, scores"):
        benchmark.run(
            300, build=True, database=tmp_path / "bench.duckdb", skip=frozenset({"generate", "full"})
        )
