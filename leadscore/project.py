"""Where the dbt project is, and what the tooling reads from it: the one project locator, the
one seed reader, and copies of the project to score a scorecard in without touching it."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

PROJECT_FILE = "dbt_project.yml"
PROJECT_PARTS = ("dbt_project.yml", "profiles.yml", "macros", "models", "seeds", "analyses", "snapshots")
"""What a copy of the project holds (with the dbt tests, without the Python tests and fixtures)."""


def _is_project(folder: Path) -> bool:
    project = folder / PROJECT_FILE
    return project.is_file() and "name: leadscore" in project.read_text(encoding="utf-8")


def project_dir() -> Path:
    """The dbt project root (the folder holding dbt_project.yml).

    In this order: LEADSCORE_PROJECT_DIR when set; the checkout the package sits in (a clone or
    an editable install); the current folder (an installed wheel run from the project).
    """
    explicit = os.environ.get("LEADSCORE_PROJECT_DIR")
    if explicit:
        folder = Path(explicit).resolve()
        if not _is_project(folder):
            raise FileNotFoundError(f"LEADSCORE_PROJECT_DIR={explicit} holds no leadscore {PROJECT_FILE}")
        return folder
    for folder in (Path(__file__).resolve().parent.parent, Path.cwd()):
        if _is_project(folder):
            return folder
    raise FileNotFoundError(
        f"No leadscore {PROJECT_FILE} next to the package or in {Path.cwd()}: run from the project "
        "folder or set LEADSCORE_PROJECT_DIR to it."
    )


def read_seed(name: str, project: Path | None = None) -> list[dict[str, str]]:
    """The rows of a seed CSV (any folder under seeds/), as the scorecard's editors wrote them."""
    path = next((project or project_dir()).joinpath("seeds").rglob(f"{name}.csv"))
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def copy_project(destination: Path, project: Path | None = None) -> Path:
    """A copy of the dbt project (models, macros, seeds, dbt tests) whose seeds may be edited."""
    source = project or project_dir()
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, destination / part)
        else:
            shutil.copy(source / part, destination / part)
    shutil.copytree(
        source / "tests",
        destination / "tests",
        ignore=shutil.ignore_patterns("python", "fixtures", "__pycache__", ".hypothesis"),
    )
    return destination
