"""Where the dbt project is: the one locator the tooling uses for seeds, models and profiles."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_FILE = "dbt_project.yml"


def project_dir() -> Path:
    """The dbt project root (the folder holding dbt_project.yml).

    LEADSCORE_PROJECT_DIR names it explicitly; otherwise it is the folder this package sits
    in (a source checkout or an editable install).
    """
    explicit = os.environ.get("LEADSCORE_PROJECT_DIR")
    folder = Path(explicit).resolve() if explicit else Path(__file__).resolve().parent.parent
    if not (folder / PROJECT_FILE).exists():
        raise FileNotFoundError(
            f"No {PROJECT_FILE} in {folder}: set LEADSCORE_PROJECT_DIR to the leadscore dbt project."
        )
    return folder
