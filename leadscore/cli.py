"""The `leadscore` command: demo data, imports, the build, and its checks."""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from leadscore import loader, summary
from leadscore.warehouse import duckdb_path, raw_row_counts, run_dbt

DEFAULT_DEMO_LEADS = 20_000


def _print_counts(counts: dict[str, int]) -> None:
    for table, rows in counts.items():
        print(f"  raw.{table:<22} {rows:>12,}")


def _generate_demo(leads: int, seed: int = 7, dirt_rate: float = 0.03, events_per_lead: float = 20.0) -> None:
    from leadscore.demo import generate

    started = time.perf_counter()
    counts = generate(
        duckdb_path(), leads=leads, seed=seed, dirt_rate=dirt_rate, events_per_lead=events_per_lead
    )
    elapsed = time.perf_counter() - started
    _print_counts(counts)
    print(f"Demo data: {sum(counts.values()):,} raw rows in {elapsed:.1f} s -> {duckdb_path()}")


def cmd_demo(args: argparse.Namespace) -> None:
    """Write a generated B2B world into the raw schema of the DuckDB warehouse."""
    _generate_demo(args.leads, args.seed, args.dirt_rate, args.events_per_lead)


def cmd_load(args: argparse.Namespace) -> None:
    """Load <table>.csv files from a folder into the raw schema."""
    folder = Path(args.source)
    if not folder.is_dir():
        raise SystemExit(f"{folder} is not a folder of <table>.csv files")
    counts = loader.load_postgres(folder) if args.target == "postgres" else loader.load_duckdb(folder)
    _print_counts(counts)


def cmd_build(args: argparse.Namespace) -> None:
    """The main job: demo data when raw is empty, `dbt build`, then the summary."""
    started = time.perf_counter()
    if sum(raw_row_counts().values()) == 0:
        print(f"The raw schema is empty: generating demo data ({args.leads:,} leads).")
        _generate_demo(args.leads)
    run_dbt(["build", *args.dbt_args])
    print()
    print(summary.render())
    print(f"\nBuild finished in {time.perf_counter() - started:.1f} s.")


def cmd_validate(_: argparse.Namespace) -> None:
    """Run the Great Expectations suites on the warehouse tables."""
    from leadscore import quality

    raise SystemExit(quality.main())


def cmd_evaluate(args: argparse.Namespace) -> None:
    """AUC and conversion by decile; with --shuffle, against a scorecard with shuffled points."""
    from leadscore import evaluate

    evaluate.main(args.shuffle)


def cmd_benchmark(args: argparse.Namespace) -> None:
    """Time the generator (and with --build the whole build) at a given size."""
    from leadscore import benchmark

    benchmark.main(args.leads, args.events_per_lead, args.build)


def cmd_scorecard(_: argparse.Namespace) -> None:
    """Print the scorecard seeds as the Markdown lead scoring card (as in the README)."""
    from leadscore import scorecard

    print(scorecard.render())


def cmd_summary(_: argparse.Namespace) -> None:
    """Print the build summary of the current warehouse."""
    print(summary.render())


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    root = argparse.ArgumentParser(prog="leadscore", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help=cmd_demo.__doc__)
    demo.add_argument("--leads", type=int, default=DEFAULT_DEMO_LEADS)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--dirt-rate", type=float, default=0.03, help="share of dirty rows per dirt class")
    demo.add_argument("--events-per-lead", type=float, default=20.0)
    demo.set_defaults(handler=cmd_demo)

    load = commands.add_parser("load", help=cmd_load.__doc__)
    load.add_argument("source", help="folder with <table>.csv files")
    load.add_argument("--target", choices=("duckdb", "postgres"), default="duckdb")
    load.set_defaults(handler=cmd_load)

    build = commands.add_parser("build", help=cmd_build.__doc__)
    build.add_argument("--leads", type=int, default=DEFAULT_DEMO_LEADS, help="demo size when raw is empty")
    build.add_argument("dbt_args", nargs=argparse.REMAINDER, help="extra arguments for dbt build")
    build.set_defaults(handler=cmd_build)

    validate = commands.add_parser("validate", help=cmd_validate.__doc__)
    validate.set_defaults(handler=cmd_validate)

    evaluate = commands.add_parser("evaluate", help=cmd_evaluate.__doc__)
    evaluate.add_argument("--shuffle", type=int, metavar="SEED", help="also score with points shuffled")
    evaluate.set_defaults(handler=cmd_evaluate)

    bench = commands.add_parser("benchmark", help=cmd_benchmark.__doc__)
    bench.add_argument("--leads", type=int, default=1_000_000)
    bench.add_argument("--events-per-lead", type=float, default=20.0)
    bench.add_argument("--build", action="store_true", help="also run dbt build on the generated world")
    bench.set_defaults(handler=cmd_benchmark)

    card = commands.add_parser("scorecard", help=cmd_scorecard.__doc__)
    card.set_defaults(handler=cmd_scorecard)

    summ = commands.add_parser("summary", help=cmd_summary.__doc__)
    summ.set_defaults(handler=cmd_summary)
    return root


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the `leadscore` command."""
    args = parser().parse_args(argv)
    args.handler(args)


if __name__ == "__main__":
    main()
