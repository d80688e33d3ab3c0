"""The project's seeds the demo world shares with the dbt project, through the project's one
seed reader (leadscore.project.read_seed):

* ``content_catalog`` — the website's catalogued content;
* ``event_types`` — the known event types;
* ``free_mail_domains`` — free-mail domains.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..project import read_seed
from .vocab import PRODUCTS

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


def first_column(rows: list[dict[str, str]], column: str) -> tuple[str, ...]:
    """One column of a seed, stripped, blank rows skipped."""
    return tuple(row[column].strip() for row in rows if (row.get(column) or "").strip())


def read_content(rows: list[dict[str, str]]) -> Content:
    """Parse the content catalogue (rows as the project's seed reader gives them)."""
    rows = [row for row in rows if (row.get("content_id") or "").strip()]
    product_codes = {name: code for code, name in enumerate(PRODUCTS)}

    def text(row: dict[str, str], column: str) -> str:
        return (row.get(column) or "").strip()

    return Content(
        content_id=tuple(text(row, "content_id") for row in rows),
        url_path=tuple(text(row, "url_path") for row in rows),
        content_type=tuple(text(row, "content_type") for row in rows),
        product=np.array(
            [product_codes.get(text(row, "proposition"), GENERAL) for row in rows], dtype=np.int8
        ),
        stage=np.array(
            [
                STAGES.index(text(row, "buyer_stage")) if text(row, "buyer_stage") in STAGES else 0
                for row in rows
            ],
            dtype=np.int8,
        ),
    )


def load_seeds(project: Path | None = None) -> Seeds:
    """Load the three seeds the demo world shares with the scorecard."""
    return Seeds(
        content=read_content(read_seed("content_catalog", project)),
        event_types=first_column(read_seed("event_types", project), "event_type"),
        free_mail_domains=first_column(read_seed("free_mail_domains", project), "domain"),
    )
