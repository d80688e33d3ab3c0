"""How well does the scorecard predict won deals, and would any scorecard do as well?

`leadscore evaluate` prints the AUC and the conversion by decile of the current warehouse.
With `--shuffle SEED` it also re-scores the same data in a scratch copy of the project whose
rule points are randomly permuted among the rules (same rules, same conditions, points in
the wrong places) and prints both side by side: a scorecard that knows something beats it.
"""

from __future__ import annotations

import csv
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from leadscore import summary
from leadscore.warehouse import dbt_environment, duckdb_path, project_dir

PROJECT_PARTS = (
    "dbt_project.yml",
    "profiles.yml",
    "macros",
    "models",
    "seeds",
    "analyses",
    "snapshots",
)
SHUFFLED_SEEDS = ("fit_rules", "engagement_rules")


def copy_project(destination: Path) -> Path:
    """A copy of the dbt project (models, macros, seeds, dbt tests) whose seeds may be edited."""
    source = project_dir()
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, destination / part)
        else:
            shutil.copy(source / part, destination / part)
    shutil.copytree(
        source / "tests", destination / "tests", ignore=shutil.ignore_patterns("python", "fixtures")
    )
    return destination


def run_dbt_in(project: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run dbt on a copy of the project, output captured."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), *args],
        cwd=project,
        env=dbt_environment({**env, "DBT_PROJECT_DIR": str(project), "DBT_PROFILES_DIR": str(project)}),
        text=True,
        capture_output=True,
        check=False,
    )


def shuffle_points(project: Path, seed: int) -> None:
    """Permute the points column among the rules of each rule seed."""
    rng = random.Random(seed)
    for name in SHUFFLED_SEEDS:
        path = project / "seeds" / "scorecard" / f"{name}.csv"
        with path.open(newline="") as handle:
            reader = csv.DictReader(handle)
            fields, rows = reader.fieldnames, list(reader)
        points = [row["points"] for row in rows]
        rng.shuffle(points)
        for row, value in zip(rows, points, strict=True):
            row["points"] = value
        with path.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)


def score_shuffled(seed: int, workdir: Path) -> Path:
    """Re-score a copy of the warehouse with shuffled points; return the copy's path."""
    project = copy_project(workdir / "project")
    shuffle_points(project, seed)
    database = workdir / "shuffled.duckdb"
    shutil.copy(duckdb_path(), database)
    result = run_dbt_in(
        project,
        [
            "build",
            "--select",
            "+rpt_score_separation",
            "+rpt_score_deciles",
            "--exclude",
            "test_type:data",
        ],
        {"LEADSCORE_DUCKDB": str(database), "LEADSCORE_TARGET": "duckdb"},
    )
    if result.returncode != 0:
        raise SystemExit(f"re-scoring with shuffled points failed:\n{result.stdout[-3000:]}")
    return database


def main(shuffle: int | None) -> None:
    """Print the scorecard's separation, and the shuffled scorecard's when asked."""
    window = summary.judged_window()
    actual = summary.separation_in(window)
    top = {row[0]: row for row in _top_decile(window)}
    print(f"Outcomes: {summary.WINDOW_LABELS[window]}")
    if shuffle is None:
        print(
            summary.format_table(
                ("model", "leads", "converted", "conversion %", "AUC"), list(actual.values())
            )
        )
        return
    with tempfile.TemporaryDirectory(prefix="leadscore-shuffle-") as folder:
        database = score_shuffled(shuffle, Path(folder))
        shuffled = summary.separation_in(window, database)
        shuffled_top = {row[0]: row for row in _top_decile(window, database)}
    rows = [
        (model, actual[model][4], shuffled[model][4], top[model][1], shuffled_top[model][1])
        for model in sorted(actual)
    ]
    print(f"Scorecard vs the same rules with points shuffled (seed {shuffle})")
    print(
        summary.format_table(
            ("model", "AUC", "AUC shuffled", "top-decile conv. %", "shuffled top-decile conv. %"),
            rows,
        )
    )


def _top_decile(window: str, database: Path | None = None) -> list[tuple]:
    from leadscore.warehouse import connect

    with connect(read_only=True, path=database) as con:
        return con.execute(
            "select scoring_model_id, round(100 * conversion_rate, 2) from marts.rpt_score_deciles "
            "where score_decile = 10 and outcome_window = ? order by 1",
            [window],
        ).fetchall()
