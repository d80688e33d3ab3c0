"""Reads the project's seed files that the demo world shares with the dbt project.

* ``seeds/scorecard/content_catalog.csv`` — the website's catalogued content.
* ``seeds/scorecard/event_types.csv`` — the known event types.
* ``seeds/scorecard/free_mail_domains.csv`` — free-mail domains.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .vocab import PRODUCTS

SEED_DIR = Path("seeds") / "scorecard"
STAGES = ("", "ideation", "orientation", "choice")
GENERAL = len(PRODUCTS)
"""Product code of content that belongs to no product line."""


@dataclass(frozen=True)
class Content:
    """The content catalogue as parallel arrays (row order as in the seed file)."""

    content_id: tuple[str, ...]
    url_path: tuple[str, ...]
    content_type: tuple[str, ...]
    product: np.ndarray  # 0 crm, 1 call_centre, 2 general
    stage: np.ndarray  # 0 none, 1 ideation, 2 orientation, 3 choice


@dataclass(frozen=True)
class Seeds:
    content: Content
    event_types: tuple[str, ...]
    free_mail_domains: tuple[str, ...]


def read_rows(path: Path) -> list[list[str]]:
    """Data rows of a seed CSV (header dropped, blank lines skipped)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle) if row and any(cell.strip() for cell in row)]
    return rows[1:]


def first_column(path: Path) -> tuple[str, ...]:
    """The first column of a seed CSV, stripped (robust to unquoted commas further right)."""
    return tuple(row[0].strip() for row in read_rows(path))


def read_content(path: Path) -> Content:
    """Parse the content catalogue."""
    rows = read_rows(path)
    product_codes = {name: code for code, name in enumerate(PRODUCTS)}
    return Content(
        content_id=tuple(row[0].strip() for row in rows),
        url_path=tuple(row[1].strip() for row in rows),
        content_type=tuple(row[3].strip() for row in rows),
        product=np.array([product_codes.get(row[4].strip(), GENERAL) for row in rows], dtype=np.int8),
        stage=np.array(
            [STAGES.index(row[5].strip()) if row[5].strip() in STAGES else 0 for row in rows],
            dtype=np.int8,
        ),
    )


def load_seeds(project_dir: Path) -> Seeds:
    """Load the three seed files from ``project_dir/seeds/scorecard``."""
    folder = project_dir / SEED_DIR
    return Seeds(
        content=read_content(folder / "content_catalog.csv"),
        event_types=first_column(folder / "event_types.csv"),
        free_mail_domains=first_column(folder / "free_mail_domains.csv"),
    )
