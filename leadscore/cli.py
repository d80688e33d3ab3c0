"""The `leadscore` command: demo data, imports, the build, and its checks."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import yaml

from leadscore import loader, summary
from leadscore.warehouse import duckdb_path, raw_row_counts, run_dbt

DEFAULT_DEMO_LEADS = 20_000


def _print_counts(counts: dict[str, int]) -> None:
    for table, rows in counts.items():
        print(f"  raw.{table:<22} {rows:>12,}")


def _generate_demo(
    leads: int, seed: int = 7, dirt_rate: float | None = None, events_per_lead: float = 20.0
) -> None:
    from leadscore.demo import DEFAULT_DIRT_RATE, generate

    dirt_rate = DEFAULT_DIRT_RATE if dirt_rate is None else dirt_rate
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
    """Load an export folder into the raw schema (one file per raw table, or through a mapping)."""
    folder = Path(args.source)
    if not folder.is_dir():
        raise SystemExit(f"{folder} is not a folder of exports")
    started = time.perf_counter()
    try:
        result = loader.load(
            folder,
            mapping=Path(args.mapping) if args.mapping else None,
            target=args.target,
            encoding=args.encoding,
            delimiter=args.delimiter,
        )
    except loader.LoadError as error:
        print(f"Nothing was loaded: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    if result.notes:
        print(result.report())
    _print_counts(result.counts)
    print(f"Loaded {sum(result.counts.values()):,} raw rows in {time.perf_counter() - started:.1f} s.")


def _build_vars(args: argparse.Namespace) -> dict[str, object]:
    """dbt vars of a build: --vars, with --as-of on top."""
    variables = dict(yaml.safe_load(args.vars) or {}) if args.vars else {}
    if args.as_of:
        as_of = dt.date.today().isoformat() if args.as_of == "today" else args.as_of
        dt.date.fromisoformat(as_of)
        variables["as_of"] = as_of
    return variables


def _raw_state() -> str:
    """'missing' (no raw tables yet), 'empty' (tables, no rows) or 'loaded'."""
    if not duckdb_path().exists():
        return "missing"
    counts = raw_row_counts(present_only=True)
    if not counts:
        return "missing"
    return "loaded" if sum(counts.values()) else "empty"


def cmd_build(args: argparse.Namespace) -> None:
    """The main job: demo data on a new warehouse, `dbt build`, then the summary."""
    started = time.perf_counter()
    state = _raw_state()
    if state == "empty":
        raise SystemExit(
            f"The raw schema of {duckdb_path()} exists but every table is empty (a load that found "
            "no rows?). Load data (`leadscore load`), or generate demo data (`leadscore demo`)."
        )
    if state == "missing":
        print(f"No raw data yet: generating demo data ({args.leads:,} leads).")
        _generate_demo(args.leads)
    dbt_args = ["build"]
    variables = _build_vars(args)
    # --as-of reaches dbt as LEADSCORE_AS_OF, not as a var: a build on a new date then keeps
    # dbt's partial parsing (macro as_of_date).
    as_of = variables.pop("as_of") if args.as_of else None
    if variables:
        dbt_args += ["--vars", yaml.safe_dump(variables, default_flow_style=True).strip()]
    # After `--`, arguments go to dbt as they are (`leadscore build -- --exclude tag:scan`).
    extra = args.dbt_args[1:] if args.dbt_args[:1] == ["--"] else args.dbt_args
    completed = run_dbt(
        [*dbt_args, *extra], check=False, env={"LEADSCORE_AS_OF": str(as_of)} if as_of else None
    )
    print()
    print(summary.render())
    if (
        completed.returncode == 0
        and not args.no_publish
        and os.environ.get("LEADSCORE_TARGET", "duckdb") == "duckdb"
    ):
        from leadscore import publish

        publication = publish.publish(parquet=Path(args.publish_parquet) if args.publish_parquet else None)
        print(f"\nPublished {len(publication.tables)} tables for dashboards to {publication.path}", end="")
        print(f" and {publication.parquet}." if publication.parquet else ".")
    print(f"\nBuild finished in {time.perf_counter() - started:.1f} s.")
    if completed.returncode != 0:
        print(
            f"\ndbt build failed (exit code {completed.returncode}): see its errors above. "
            "The loss per raw table opens the summary. Nothing was published: dashboards keep the "
            "last good build.",
            file=sys.stderr,
        )
        raise SystemExit(completed.returncode)


def cmd_validate(_: argparse.Namespace) -> None:
    """Run the Great Expectations suites on the warehouse tables."""
    from leadscore import quality

    raise SystemExit(quality.main())


def cmd_evaluate(args: argparse.Namespace) -> None:
    """AUC and conversion by decile; with --shuffle, against a scorecard with shuffled points."""
    from leadscore import evaluate

    evaluate.main(args.shuffle)


def cmd_benchmark(args: argparse.Namespace) -> None:
    """Time generation, loading and (with --build) the build and validation at a named size; print
    and write JSON."""
    from leadscore import benchmark

    output = Path(args.output) if args.output else None
    benchmark.main(args.size, args.leads, args.build, output, frozenset(args.skip))


def cmd_scorecard(args: argparse.Namespace) -> None:
    """Print the scorecard seeds as the Markdown lead scoring card (as in the README); with
    --use, first replace seeds/scorecard files by a scorecard folder's."""
    from leadscore import scorecard

    if args.use:
        try:
            replaced = scorecard.use(Path(args.use))
        except ValueError as error:
            raise SystemExit(f"Nothing was replaced: {error}") from None
        print(
            f"Replaced seeds/scorecard/{{{','.join(replaced)}}}.csv from {args.use} (review with git diff)."
        )
        print()
    print(scorecard.render())


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_backtest(args: argparse.Namespace) -> None:
    """Score history with a candidate scorecard and the current one side by side, as of one or more
    cutoffs, and judge both on what came after; print and write Markdown and JSON."""
    from leadscore import backtest

    backtest.main(
        Path(args.candidate) if args.candidate else None,
        args.against,
        args.cutoff or [],
        args.horizon,
        args.rolling,
        _build_vars(args),
        Path(args.out),
        Path(args.workdir) if args.workdir else None,
    )


def cmd_suggest(args: argparse.Namespace) -> None:
    """Learn point values from conversion history; write a candidate scorecard folder with the
    evidence per rule, judged on held-out leads against the current scorecard."""
    from leadscore import suggest

    suggest.main(
        Path(args.out),
        args.cutoff,
        args.horizon,
        args.max_new_rules,
        args.min_conversions,
        _build_vars(args),
        Path(args.workdir) if args.workdir else None,
    )


def cmd_report(args: argparse.Namespace) -> None:
    """Write the scorecard report: one self-contained HTML file with plots."""
    from leadscore import report

    report.main(
        out=Path(args.out) if args.out else None,
        backtest=Path(args.backtest) if args.backtest else None,
    )


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
    demo.add_argument("--dirt-rate", type=float, help="share of dirty rows per dirt class (default 1.5 %%)")
    demo.add_argument("--events-per-lead", type=float, default=20.0)
    demo.set_defaults(handler=cmd_demo)

    load = commands.add_parser("load", help=cmd_load.__doc__)
    load.add_argument(
        "source", help="folder of exports: <table>.csv|.parquet|.json[.gz], or any files with --mapping"
    )
    load.add_argument(
        "--mapping", metavar="FILE", help="YAML mapping of the export onto the raw contract (mappings/)"
    )
    load.add_argument("--target", choices=loader.TARGETS, default="duckdb")
    load.add_argument("--encoding", help="the files' text encoding when not UTF-8, e.g. cp1252")
    load.add_argument("--delimiter", help="the CSV delimiter when the header does not tell it")
    load.set_defaults(handler=cmd_load)

    build = commands.add_parser("build", help=cmd_build.__doc__)
    build.add_argument("--leads", type=int, default=DEFAULT_DEMO_LEADS, help="demo size on a new warehouse")
    build.add_argument("--as-of", metavar="DATE", help="score as of this date (YYYY-MM-DD, or today)")
    build.add_argument("--vars", metavar="YAML", help="dbt vars, e.g. '{date_order: dmy}'")
    build.add_argument("--no-publish", action="store_true", help="do not publish the marts for dashboards")
    build.add_argument("--publish-parquet", metavar="DIR", help="also publish every mart as Parquet in DIR")
    build.add_argument(
        "dbt_args",
        nargs=argparse.REMAINDER,
        help="after --, arguments for dbt build (e.g. -- --exclude tag:scan)",
    )
    build.set_defaults(handler=cmd_build)

    validate = commands.add_parser("validate", help=cmd_validate.__doc__)
    validate.set_defaults(handler=cmd_validate)

    evaluate = commands.add_parser("evaluate", help=cmd_evaluate.__doc__)
    evaluate.add_argument("--shuffle", type=int, metavar="SEED", help="also score with points shuffled")
    evaluate.set_defaults(handler=cmd_evaluate)

    bench = commands.add_parser("benchmark", help=cmd_benchmark.__doc__)
    bench.add_argument("--size", choices=("S", "M", "L", "XL"), help="S 20k, M 200k, L 1M, XL 5M leads")
    bench.add_argument("--leads", type=int, help="a size of your own (about 20 events per lead)")
    bench.add_argument("--build", action="store_true", help="also time the build on the generated world")
    bench.add_argument(
        "--output", metavar="FILE", help="the JSON file (default warehouse/benchmark-<size>.json)"
    )
    bench.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="STEP",
        help="leave out a step: load, scores, yardstick, incremental or validate (repeatable); "
        "generation and, with --build, the full build always run",
    )
    bench.set_defaults(handler=cmd_benchmark)

    card = commands.add_parser("scorecard", help=cmd_scorecard.__doc__)
    card.add_argument("--use", metavar="DIR", help="a scorecard folder whose CSV files replace the project's")
    card.set_defaults(handler=cmd_scorecard)

    back = commands.add_parser("backtest", help=cmd_backtest.__doc__)
    back.add_argument("candidate", nargs="?", help="a scorecard folder (complete or partial)")
    back.add_argument(
        "--against",
        metavar="REV",
        help="compare with the scorecard of a git revision (without a candidate: the working tree's)",
    )
    back.add_argument(
        "--cutoff", type=_date, action="append", help="score as of this date (repeat for several)"
    )
    back.add_argument("--horizon", type=int, metavar="DAYS", help="judge on the wins this many days after")
    back.add_argument(
        "--rolling",
        type=int,
        default=1,
        metavar="N",
        help="N cutoffs between the days of 50 %% and 70 %% of wins",
    )
    back.add_argument(
        "--out", default="reports/backtest", help="the folder for backtest.md and backtest.json"
    )
    back.add_argument("--workdir", help="keep the sandboxes in this folder (default: a temporary one)")
    back.add_argument("--vars", help="dbt vars as YAML")
    back.set_defaults(handler=cmd_backtest, as_of=None)

    sugg = commands.add_parser("suggest", help=cmd_suggest.__doc__)
    sugg.add_argument(
        "--cutoff", type=_date, help="the evaluation cutoff (default: the day of 70 %% of wins)"
    )
    sugg.add_argument("--horizon", type=int, metavar="DAYS", help="days of wins after each cutoff")
    sugg.add_argument("--max-new-rules", type=int, default=20, help="at most this many proposed rules")
    sugg.add_argument(
        "--min-conversions", type=int, default=30, help="refuse with fewer converted training leads"
    )
    sugg.add_argument("--out", default="reports/suggestion", help="the folder for the scorecard and reports")
    sugg.add_argument("--workdir", help="keep the sandboxes in this folder (default: a temporary one)")
    sugg.add_argument("--vars", help="dbt vars as YAML")
    sugg.set_defaults(handler=cmd_suggest, as_of=None)

    rep = commands.add_parser("report", help=cmd_report.__doc__)
    rep.add_argument("--out", metavar="PATH", help="the HTML file (default reports/scorecard.html)")
    rep.add_argument(
        "--backtest",
        metavar="JSON",
        help="a backtest result to show (default reports/backtest/backtest.json when it exists)",
    )
    rep.set_defaults(handler=cmd_report)

    summ = commands.add_parser("summary", help=cmd_summary.__doc__)
    summ.set_defaults(handler=cmd_summary)
    return root


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the `leadscore` command."""
    args = parser().parse_args(argv)
    args.handler(args)


if __name__ == "__main__":
    main()
