"""A scorecard sandbox: a copy of the dbt project with its own scorecard, building into its own
DuckDB file that holds a copy of the warehouse's raw tables. The backtest and the suggestion
score history in sandboxes, so the warehouse's marts are never touched."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from leadscore import scorecard
from leadscore.project import copy_project, project_dir

SCORED_MODELS = (
    "fct_lead_scores",
    "fct_lead_score_contributions",
    "int_lead_attributes",
    "int_lead_conversions",
    "int_opportunities_by_model",
)
"""What a backtest reads: scores with their MQL dates and contributions, attributes, outcomes."""

CONTRIBUTION_MODELS = ("fct_lead_score_contributions", "int_lead_attributes", "int_lead_conversions")
"""What the suggestion's feature builds read (no score history: no MQL dates needed)."""

OUTCOME_MODELS = ("int_lead_conversions", "int_opportunities_by_model")

GATE_TESTS = ("scorecard_is_valid", "scorecard_has_no_warnings")
"""The scorecard gate: the tests of base_scorecard__problems, upstream of every scorecard model."""


class SandboxError(RuntimeError):
    """A sandbox build failed; the message says where (the scorecard gate names each problem)."""


def raw_schema() -> str:
    return os.environ.get("LEADSCORE_RAW_SCHEMA", "raw")


def copy_raw(source: Path, destination: Path) -> list[str]:
    """Copy the raw schema of the warehouse file source into a new DuckDB file; return its tables.
    The source is only read."""
    if not source.exists():
        raise FileNotFoundError(f"No warehouse at {source}: load or generate raw data first.")
    destination.unlink(missing_ok=True)
    schema = raw_schema()
    with duckdb.connect(str(destination)) as con:
        con.execute("attach ? as source (read_only)", [str(source)])
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_catalog = 'source' and table_schema = ? order by 1",
                [schema],
            ).fetchall()
        ]
        if not tables:
            raise FileNotFoundError(f"{source} has no {schema} tables: load or generate raw data first.")
        con.execute(f'create schema "{schema}"')
        for table in tables:
            con.execute(f'create table "{schema}"."{table}" as select * from source."{schema}"."{table}"')
        con.execute("detach source")
    return tables


def export_revision(revision: str, destination: Path, repository: Path | None = None) -> list[str]:
    """Write the scorecard seeds of a git revision (`git show REV:seeds/scorecard/<file>.csv`)
    into a folder; return the files written."""
    repository = repository or project_dir()
    folder = scorecard.SCORECARD_DIR.as_posix()
    listed = subprocess.run(
        ["git", "ls-tree", "--name-only", f"{revision}:{folder}"],
        cwd=repository,
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode != 0:
        raise ValueError(f"git revision {revision!r} has no {folder}: {listed.stderr.strip()}")
    destination.mkdir(parents=True, exist_ok=True)
    written = []
    for name in listed.stdout.split():
        if not name.endswith(".csv"):
            continue
        shown = subprocess.run(
            ["git", "show", f"{revision}:{folder}/{name}"], cwd=repository, capture_output=True, check=True
        )
        (destination / name).write_bytes(shown.stdout)
        written.append(name)
    return written


def _plain(output: str) -> str:
    """dbt's output without its colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", output)


def _gate_message(output: str) -> str | None:
    """The scorecard gate's own words when it stopped the build, else None."""
    found = re.search(r"The scorecard has \d+ problem\(s\).*?(?=\n\S|\n\s*\n|\Z)", output, re.S)
    return _plain(found.group(0)) if found else None


@dataclass
class Sandbox:
    """One scorecard in its own copy of the project and of the warehouse's raw tables."""

    name: str
    project: Path
    database: Path
    variables: dict[str, object] = field(default_factory=dict)
    built_as_of: str | None = None
    gate_passed: bool = False

    @classmethod
    def create(
        cls,
        workdir: Path,
        name: str,
        scorecard_folder: Path | None,
        source: Path,
        variables: dict[str, object] | None = None,
        project: Path | None = None,
    ) -> Sandbox:
        """Copy the project (with the scorecard folder put in place, when given) and the raw
        tables of the warehouse file source."""
        folder = workdir / name
        copied = copy_project(folder / "project", project)
        if scorecard_folder is not None:
            scorecard.use(scorecard_folder, copied)
        database = folder / "warehouse.duckdb"
        copy_raw(source, database)
        return cls(name, copied, database, dict(variables or {}))

    def env(self) -> dict[str, str]:
        return {"LEADSCORE_TARGET": "duckdb", "LEADSCORE_DUCKDB": str(self.database)}

    def _dbt(self, args: Sequence[str], as_of: str | None) -> subprocess.CompletedProcess[str]:
        from leadscore.warehouse import run_dbt

        # The date goes as LEADSCORE_AS_OF, not as a var: the sandbox's next build, on another
        # date, then keeps dbt's partial parsing (macro as_of_date).
        variables = {name: value for name, value in self.variables.items() if name != "as_of" or not as_of}
        vars_arg = ["--vars", yaml.safe_dump(variables, default_flow_style=True).strip()] if variables else []
        env = {**self.env(), **({"LEADSCORE_AS_OF": as_of} if as_of else {})}
        return run_dbt([*args, *vars_arg], check=False, env=env, capture=True, project=self.project)

    def build(self, as_of: str, models: Sequence[str] = SCORED_MODELS) -> None:
        """Score as of a date: the models and everything upstream, without their tests. The
        first build of a sandbox also runs the scorecard gate's tests, in the same dbt call: a
        broken scorecard fails them and dbt skips every model downstream, so nothing is scored."""
        selection = [f"+{model}" for model in models]
        if not self.gate_passed:
            selection += ["+base_scorecard__problems", *GATE_TESTS]
        result = self._dbt(["build", "--select", *selection, "--indirect-selection", "empty"], as_of)
        if result.returncode != 0:
            gate = _gate_message(result.stdout)
            if gate is not None:
                raise SandboxError(f"the {self.name} scorecard does not build:\n{gate}")
            raise SandboxError(
                f"the {self.name} scorecard failed to build as of {as_of}:\n{_plain(result.stdout[-3000:])}"
            )
        self.gate_passed = True
        self.built_as_of = as_of

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.database), read_only=True)

    def seed(self, name: str) -> list[dict[str, str]]:
        from leadscore.project import read_seed

        return read_seed(name, self.project)


def workspace(keep: Path | None, prefix: str) -> tuple[Path, tempfile.TemporaryDirectory[str] | None]:
    """A folder for sandboxes: keep (created, left in place) or a temporary one."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        return keep, None
    temporary = tempfile.TemporaryDirectory(prefix=prefix)
    return Path(temporary.name), temporary
