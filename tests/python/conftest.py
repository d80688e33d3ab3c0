"""Shared helpers: isolated warehouses built from the hand-made fixtures."""

from __future__ import annotations

import csv
import hashlib
import itertools
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from xdist.scheduler import LoadScopeScheduling

from leadscore.loader import load_duckdb, load_postgres
from leadscore.warehouse import dbt_environment, project_dir, run_dbt

from postgres import throwaway_server

FIXTURES = project_dir() / "tests" / "fixtures"
# The fixtures' events happen in January 2025; they are scored as of its last day. They are
# made of dirt on purpose, so their loss budget is lifted (test_loss_budgets tests budgets).
FIXTURE_AS_OF = "2025-01-31"
FIXTURE_VARS = f'{{as_of: "{FIXTURE_AS_OF}", loss_budgets: {{default: {{warn: 1, error: 1}}}}}}'
# Unit tests run models on fixed inline inputs and never read a warehouse: `make test-dbt` runs
# them, and the builds of the worlds tests make leave them out.
WITHOUT_UNIT_TESTS = ("--exclude", "test_type:unit")
# What an incremental build is compared with a build from scratch on, on every engine: every
# table of these schemas, and the score history (kept incrementally: it must hold exactly the
# rows of a build from scratch).
COMPARED_SCHEMAS = ("marts", "data_quality")
HISTORY = "intermediate.int_lead_score_history"


# A test's first dbt command parsed the whole project (11 s of a busy core, 44 times in a run of
# the suite); dbt keeps a parse for the next command in the same target folder, but only under
# the same profile, vars and target, and the profile names the DuckDB file. So dbt runs in the
# file's folder and is given the file's name alone: every warehouse.duckdb has the same profile,
# and a test's first command starts from the parse an earlier one left under the same settings.
# dbt still checks every file of the project against that parse and parses again what differs.
# The parses live in pytest's temporary folder of the run, which both workers share.
_parses: Path | None = None  # set for the session by shared_parses


@pytest.fixture(scope="session", autouse=True)
def shared_parses(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> None:
    global _parses
    base = tmp_path_factory.getbasetemp()
    _parses = (base if worker_id == "master" else base.parent) / "dbt-parses"
    _parses.mkdir(exist_ok=True)


def dbt(args: list[str], workdir: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run dbt with its own target and log folders, so runs never share state (but a parse)."""
    env, cwd = dict(env), None
    if env.get("LEADSCORE_TARGET", "duckdb") == "duckdb" and "LEADSCORE_DUCKDB" in env:
        database = Path(env["LEADSCORE_DUCKDB"])
        cwd, env["LEADSCORE_DUCKDB"] = database.parent, database.name
        cwd.mkdir(parents=True, exist_ok=True)  # a compile may come before the file exists
    settings = [arg for flag, arg in itertools.pairwise(args) if flag in ("--vars", "--target")]
    shared = (_parses or workdir) / f"{md5(repr((settings, sorted(env.items()))))}.msgpack"
    parse = workdir / "target" / "partial_parse.msgpack"
    if shared.exists() and not parse.exists():
        parse.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(shared, parse)
    result = run_dbt(
        [*args, "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs")],
        check=False,
        env=env,
        capture=True,
        cwd=cwd,
    )
    if parse.exists() and not shared.exists():
        written = shared.with_suffix(f".{os.getpid()}")
        shutil.copy(parse, written)
        os.replace(written, shared)  # whole or not at all, for the other worker
    return result


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
    """A DuckDB warehouse built (dbt build, all tests) from tests/fixtures/raw, with its dbt
    artifacts in the target folder beside it.

    `make test` makes this very build first (test-dbt: the same load and `dbt build --vars
    FIXTURE_VARS`, into a new file) and names it in LEADSCORE_TEST_FIXTURE_DB and
    LEADSCORE_TEST_FIXTURE_TARGET: each test process then works on a copy of it instead of
    building it again. Without them (pytest alone), the fixture is built here."""
    workdir = tmp_path_factory.mktemp("fixture_warehouse")
    built, target = (
        os.environ.get("LEADSCORE_TEST_FIXTURE_DB"),
        os.environ.get("LEADSCORE_TEST_FIXTURE_TARGET"),
    )
    if built and target:
        database = workdir / Path(built).name
        shutil.copy(built, database)
        shutil.copytree(target, workdir / "target")
        return database
    database = workdir / "warehouse.duckdb"
    load_duckdb(FIXTURES / "raw", database)
    result = dbt(["build", "--vars", FIXTURE_VARS], workdir, duckdb_env(database))
    assert result.returncode == 0, result.stdout[-6000:]
    return database


# --- the other engines ------------------------------------------------------------------------

# The modules that build the fixtures on PostgreSQL and Spark run in one process, first: the
# cross-engine comparison (test_spark.py) reuses both builds, and the longest work starts first.
ENGINE_MODULES = ("test_postgres.py", "test_spark.py")
# Then the other long modules (each several minutes in `make test`'s slowest durations), so that
# the short ones fill in at the end rather than a long one starting last. `--no-loadscope-reorder`
# (pyproject.toml) keeps this order: xdist would otherwise order the modules by how many tests
# they hold, which put the engines seventh and test_suggest_backtest.py eighth.
LONG_MODULES = ("test_suggest_backtest.py", "test_incremental.py", "test_hardening.py")


def _module(nodeid: str) -> str:
    return nodeid.split("::", 1)[0].rsplit("/", 1)[-1]


def _is_engine_test(nodeid: str) -> bool:
    return _module(nodeid) in ENGINE_MODULES


def _start_rank(nodeid: str) -> int:
    """0 for the engines, then the long modules in their order, then every other module."""
    order = ("engines", *LONG_MODULES)
    module = "engines" if _is_engine_test(nodeid) else _module(nodeid)
    return order.index(module) if module in order else len(order)


class EngineScopeScheduling(LoadScopeScheduling):
    """`--dist loadscope` (a module per process at a time), with the engine modules one scope."""

    def _split_scope(self, nodeid: str) -> str:
        return "engines" if _is_engine_test(nodeid) else super()._split_scope(nodeid)


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> LoadScopeScheduling | None:
    if config.getvalue("dist") == "loadscope":
        return EngineScopeScheduling(config, log)
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: _start_rank(item.nodeid))


@pytest.fixture(scope="session")
def postgres_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    """The fixtures built on a throwaway PostgreSQL server: (dbt result, settings, workdir)."""
    workdir = tmp_path_factory.mktemp("postgres")
    with throwaway_server() as settings:
        load_postgres(FIXTURES / "raw", settings)
        result = dbt(["build", "--target", "postgres", "--vars", FIXTURE_VARS], workdir, settings)
        yield result, settings, workdir


@pytest.fixture(scope="session")
def spark_build(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """The fixtures built on a local Spark session: (dbt result, environment, workdir, seconds
    the load and the build took). Spark keeps its tables and metastore in workdir/spark.

    The load runs as a child process (`leadscore load --target spark`): the embedded metastore
    admits one process at a time, and dbt's is next."""
    workdir = tmp_path_factory.mktemp("spark")
    env = {"LEADSCORE_TARGET": "spark", "LEADSCORE_SPARK_DIR": str(workdir / "spark")}
    started = time.perf_counter()
    loaded = subprocess.run(
        [
            str(Path(sys.executable).with_name("leadscore")),
            "load",
            str(FIXTURES / "raw"),
            "--target",
            "spark",
        ],
        cwd=project_dir(),
        env={**dbt_environment(), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stderr[-4000:]
    result = dbt(["build", "--vars", FIXTURE_VARS], workdir, env)
    return result, env, workdir, time.perf_counter() - started
