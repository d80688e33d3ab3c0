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
import tempfile
from pathlib import Path

from leadscore import summary
from leadscore.project import copy_project
from leadscore.warehouse import duckdb_path, run_dbt

SHUFFLED_SEEDS = ("fit_rules", "engagement_rules")


def shuffle_points(project: Path, seed: int) -> None:
    """Permute the points column among the rules of each rule seed."""
    rng = random.Random(seed)
    for name in SHUFFLED_SEEDS:
        path = project / "seeds" / "scorecard" / f"{name}.csv"
        with path.open(newline="") as handle:
            reader = csv.DictReader(handle)
            fields, rows = list(reader.fieldnames or []), list(reader)
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
    result = run_dbt(
        ["build", "--select", "+rpt_score_separation", "+rpt_score_deciles", "--exclude", "test_type:data"],
        check=False,
        env={"LEADSCORE_DUCKDB": str(database), "LEADSCORE_TARGET": "duckdb"},
        capture=True,
        project=project,
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
