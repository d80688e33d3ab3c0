"""Dirt: the export problems a real raw layer has, applied per class to a share of rows.

Each class touches ``dirt_rate`` of the rows of every table it applies to (at least one row
per variant while the rate is positive, so even tiny worlds show every class; a rate of 0
gives perfectly clean data). Dirt that makes a row unusable (orphans, future or invalid
timestamps, unknown types, null keys, duplicates) is *added* as extra rows derived from real
ones, so the clean world underneath stays complete; dirt that normalisation repairs (case
and spaces, numbers as text, malformed e-mails, an unparseable lead creation time) is
applied in place. The numeric plans built here are rendered to text by ``sql.py``.
"""

from __future__ import annotations

import numpy as np

from .firms import Companies
from .people import PROMOTION, TITLE_KEYS, Leads, title_pool
from .rand import dirt_count, pick_from_slots, pick_rows, variants
from .timeline import DAY, EXPORT_AT, FUTURE_END, FUTURE_START
from .vocab import INDUSTRIES, UNKNOWN_EVENT_TYPES

DIRT_CLASSES = (
    "duplicate_keys",
    "orphan_references",
    "future_timestamps",
    "unknown_event_types",
    "malformed_emails",
    "text_in_numeric_columns",
    "mixed_case_and_spaces",
    "null_keys",
    "invalid_timestamps",
)

BASE, RESENT, NULL_KEY = 0, 1, 2
"""Row kinds of companies and leads: original, re-sent duplicate, copy with a null key."""

EV_CLEAN, EV_MESSY_TYPE, EV_ORPHAN, EV_FUTURE, EV_UNKNOWN, EV_NULL_ID, EV_NO_ACTOR, EV_BAD_TIME = range(8)
"""Per-row dirt codes of events."""

MESSY_VARIANTS = 4
MALFORMED_EMAILS = 5  # email variants 0-4; 5-8 are case/space variants
ORPHAN_FLOOR = 9_000_000
"""Orphan lead ids start here (``L9xxxxxx``), beyond any real lead of a world this size."""

Rows = dict[str, np.ndarray]


def take(rows: Rows, index: np.ndarray) -> Rows:
    """The rows at ``index`` of every column."""
    return {name: column[index] for name, column in rows.items()}


def stack(parts: list[Rows]) -> Rows:
    """Concatenate row sets column by column."""
    return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}


def mark(rng: np.random.Generator, column: np.ndarray, rate: float, weights: list[float]) -> None:
    """Set variant codes (in place) on ``rate`` of the rows, every variant at least once."""
    k = dirt_count(len(column), rate, len(weights))
    column[pick_rows(rng, len(column), k)] = variants(rng, k, weights)


def orphan_numbers(rng: np.random.Generator, k: int, n_leads: int) -> np.ndarray:
    """Lead numbers that do not exist."""
    floor = max(ORPHAN_FLOOR, n_leads + 1)
    return floor + rng.integers(0, 999_999, k)


def resent_times(
    rng: np.random.Generator, created: np.ndarray, updated: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """New ``updated`` of re-sent rows (mostly newer, some older) and whether it is newer.

    The new time always differs from the original and stays between creation and export
    (the first re-sent row is newer whenever there is room, so every world has one).
    """
    k = len(created)
    room_up = np.maximum(EXPORT_AT - updated, 0)
    room_down = np.maximum(updated - created, 0)
    both = (room_up > DAY) & (room_down > DAY)
    newer = np.where(both, rng.random(k) < 0.75, room_up >= room_down)
    if k:
        newer[0] = room_up[0] > 0 or newer[0]
    share = rng.random(k)
    up = np.maximum(1, (share * np.minimum(120 * DAY, room_up)).astype(np.int64))
    down = np.maximum(1, (share * np.minimum(120 * DAY, room_down)).astype(np.int64))
    return np.where(newer, updated + up, updated - down), newer


def company_rows(rng: np.random.Generator, companies: Companies, rate: float) -> Rows:
    """Output rows of raw.companies as source indices plus dirt variants."""
    n = len(companies)
    none = np.full(n, -1, dtype=np.int8)
    rows: Rows = {
        "src": np.arange(n),
        "kind": np.zeros(n, dtype=np.int8),
        "numbers": none.copy(),
        "domain_case": none.copy(),
        "industry_case": none.copy(),
        "country_case": none.copy(),
        "industry": companies.industry.astype(np.int16),
        "updated": companies.updated.copy(),
    }
    mark(rng, rows["numbers"], rate, [0.35, 0.30, 0.20, 0.10, 0.05])
    for column in ("domain_case", "industry_case", "country_case"):
        mark(rng, rows[column], rate, [0.4, 0.3, 0.3])
    resent = take(rows, pick_rows(rng, n, dirt_count(n, rate, 2)))
    resent["kind"][:] = RESENT
    resent["updated"], newer = resent_times(rng, companies.created[resent["src"]], resent["updated"])
    change = newer & (rng.random(len(newer)) < 0.4)
    change[:1] = newer[:1]
    other = (resent["industry"] + rng.integers(1, len(INDUSTRIES), len(newer))) % len(INDUSTRIES)
    resent["industry"] = np.where(change, other, resent["industry"]).astype(np.int16)
    null_key = take(rows, pick_rows(rng, n, dirt_count(n, rate, 1)))
    null_key["kind"][:] = NULL_KEY
    return stack([rows, resent, null_key])


def promoted_titles(rng: np.random.Generator, title: np.ndarray) -> np.ndarray:
    """A new title in the same department, often one level up."""
    _, depts, seniorities, offsets, sizes = title_pool()
    dept = np.array(depts)[title]
    seniority = np.array(seniorities)[title]
    up = np.array([PROMOTION.get(s, s) for s in range(TITLE_KEYS)])[seniority]
    slot = np.where(sizes[dept * TITLE_KEYS + up] > 0, dept * TITLE_KEYS + up, dept * TITLE_KEYS + seniority)
    new = pick_from_slots(rng, slot, offsets, sizes, np.arange(sizes.sum()))
    return np.where(new >= 0, new, title)


def lead_rows(rng: np.random.Generator, leads: Leads, rate: float) -> Rows:
    """Output rows of raw.leads as source indices plus dirt variants."""
    n = len(leads)
    none = np.full(n, -1, dtype=np.int8)
    rows: Rows = {
        "src": np.arange(n),
        "kind": np.zeros(n, dtype=np.int8),
        "email": none.copy(),
        "country_case": none.copy(),
        "bad_created": none.copy(),
        "title": leads.title.astype(np.int16),
        "updated": leads.updated.copy(),
    }
    shuffled = rng.permutation(n)
    k_bad = dirt_count(n, rate, MALFORMED_EMAILS)
    k_case = dirt_count(n, rate, 4)
    rows["email"][shuffled[:k_bad]] = variants(rng, k_bad, [0.2] * MALFORMED_EMAILS)
    case_rows = shuffled[k_bad : k_bad + k_case]
    rows["email"][case_rows] = MALFORMED_EMAILS + variants(rng, len(case_rows), [0.25] * 4)
    mark(rng, rows["country_case"], rate, [0.4, 0.3, 0.3])
    mark(rng, rows["bad_created"], rate, [0.4, 0.3, 0.3])
    resent = take(rows, pick_rows(rng, n, dirt_count(n, rate, 2)))
    resent["kind"][:] = RESENT
    resent["updated"], newer = resent_times(rng, leads.created[resent["src"]], resent["updated"])
    change = newer & (rng.random(len(newer)) < 0.4)
    change[:1] = newer[:1]
    resent["title"] = np.where(change, promoted_titles(rng, resent["title"]), resent["title"]).astype(
        np.int16
    )
    null_key = take(rows, pick_rows(rng, n, dirt_count(n, rate, 1)))
    null_key["kind"][:] = NULL_KEY
    return stack([rows, resent, null_key])


def extra_event_rows(
    rng: np.random.Generator,
    rows: Rows,
    code: int,
    k: int,
    weights: list[float],
    fresh: np.ndarray,
    n_leads: int,
) -> Rows:
    """``k`` copies of random events turned unusable by dirt ``code``, with fresh ids."""
    n = len(rows["eid"])
    extra = take(rows, rng.integers(0, n, k))
    extra["dirt"] = np.full(k, code, dtype=np.int8)
    extra["var"] = variants(rng, k, weights).astype(np.int16)
    extra["eid"] = fresh
    if code == EV_FUTURE:
        extra["ts"] = rng.integers(FUTURE_START, FUTURE_END, k)
    if code == EV_ORPHAN:
        extra["lead"] = orphan_numbers(rng, k, n_leads)
        extra["anon"] = np.full(k, -1, dtype=extra["anon"].dtype)
    if code == EV_NO_ACTOR:
        extra["lead"] = np.full(k, -1, dtype=extra["lead"].dtype)
        extra["anon"] = np.full(k, -1, dtype=extra["anon"].dtype)
    return extra


def event_rows(
    rng: np.random.Generator,
    clean: Rows,
    rate: float,
    first_fresh: int,
    n_leads: int,
    guarantee: bool,
) -> tuple[Rows, int]:
    """Clean events of one chunk plus their dirt; returns the rows and fresh ids used."""
    n = len(clean["eid"])
    rows = {**clean, "dirt": np.zeros(n, dtype=np.int8), "var": np.zeros(n, dtype=np.int16)}
    if n == 0 or rate <= 0:
        return rows, 0
    floor = 1 if guarantee else 0
    k = dirt_count(n, rate, MESSY_VARIANTS if guarantee else 0)
    messy = pick_rows(rng, n, k)
    rows["dirt"][messy] = EV_MESSY_TYPE
    rows["var"][messy] = variants(rng, k, [0.4, 0.3, 0.2, 0.1])
    classes = [
        (EV_ORPHAN, [1.0]),
        (EV_FUTURE, [1.0]),
        (EV_UNKNOWN, [1.0] * len(UNKNOWN_EVENT_TYPES)),
        (EV_NULL_ID, [1.0]),
        (EV_NO_ACTOR, [1.0]),
        (EV_BAD_TIME, [0.4, 0.3, 0.3]),
    ]
    parts, used = [rows], 0
    for code, weights in classes:
        share = rate / 2 if code in (EV_NULL_ID, EV_NO_ACTOR) else rate
        count = dirt_count(n, share, len(weights) if guarantee else floor)
        fresh = first_fresh + used + np.arange(count, dtype=np.int64)
        parts.append(extra_event_rows(rng, rows, code, count, weights, fresh, n_leads))
        used += count
    parts.append(take(rows, rng.integers(0, n, dirt_count(n, rate, floor))))
    out = stack(parts)
    return take(out, np.argsort(out["ts"], kind="stable")), used


def orphan_copies(rng: np.random.Generator, rows: Rows, rate: float, n_leads: int) -> Rows:
    """A few copies of CRM rows pointing at leads that do not exist."""
    n = len(rows["lead"])
    if n == 0:
        return take(rows, np.empty(0, dtype=np.int64))
    extra = take(rows, rng.integers(0, n, dirt_count(n, rate * 0.3, 1)))
    extra["lead"] = orphan_numbers(rng, len(extra["lead"]), n_leads)
    return extra


def activity_rows(rng: np.random.Generator, rows: Rows, rate: float, n_leads: int) -> Rows:
    """Sales activities plus re-sent duplicates and orphans (``lead`` holds lead numbers)."""
    n = len(rows["lead"])
    if n == 0 or rate <= 0:
        return rows
    duplicates = take(rows, rng.integers(0, n, dirt_count(n, rate, 1)))
    orphans = orphan_copies(rng, rows, rate, n_leads)
    orphans["number"] = rows["number"].max() + 1 + np.arange(len(orphans["number"]))
    return stack([rows, duplicates, orphans])


def qualification_rows(rng: np.random.Generator, rows: Rows, rate: float, n_leads: int) -> Rows:
    """Qualifications plus a few orphans (``lead`` holds lead numbers)."""
    if len(rows["lead"]) == 0 or rate <= 0:
        return rows
    return stack([rows, orphan_copies(rng, rows, rate, n_leads)])
