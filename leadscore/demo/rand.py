"""Vectorised random helpers on top of numpy's ``default_rng``.

Every part of the world draws from its own stream (``stream(seed, key, ...)``), so a part's
draws do not shift when another part changes size, and the same arguments always give the
same world.
"""

from __future__ import annotations

import numpy as np


def stream(seed: int, *keys: int) -> np.random.Generator:
    """An independent, reproducible generator for one part of the world."""
    return np.random.default_rng([seed, *keys])


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function."""
    return 1.0 / (1.0 + np.exp(-x))


def categorical(
    rng: np.random.Generator, weights: np.ndarray | list[float] | tuple[float, ...], size: int
) -> np.ndarray:
    """`size` draws of category indices with the given (unnormalised) weights."""
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(p), size=size, p=p / p.sum())


def categorical_by_group(rng: np.random.Generator, group: np.ndarray, table: np.ndarray) -> np.ndarray:
    """One category per row, drawn from the weights in ``table[group[row]]``.

    Each table row's cumulative distribution is shifted by its row number so that one
    ``searchsorted`` over the flattened table serves every group at once.
    """
    weights = np.asarray(table, dtype=np.float64)
    n_groups, n_cats = weights.shape
    cum = weights.cumsum(axis=1)
    cum = cum / np.where(cum[:, -1:] > 0, cum[:, -1:], 1.0)
    cum[:, -1] = 1.0
    flat = (cum + np.arange(n_groups)[:, None]).ravel()
    target = group.astype(np.float64) + rng.random(len(group))
    found = np.searchsorted(flat, target, side="right")
    return (found - group.astype(np.int64) * n_cats).clip(0, n_cats - 1)


def pick_from_slots(
    rng: np.random.Generator,
    key: np.ndarray,
    offsets: np.ndarray,
    sizes: np.ndarray,
    pool: np.ndarray,
) -> np.ndarray:
    """Uniform pick from ``pool[offsets[k] : offsets[k] + sizes[k]]`` for each key; -1 if empty."""
    size = sizes[key]
    chosen = offsets[key] + (rng.random(len(key)) * size).astype(np.int64)
    return np.where(size > 0, pool[np.minimum(chosen, len(pool) - 1)], -1)


def dirt_count(n: int, rate: float, minimum: int) -> int:
    """Rows a dirt class touches: ``rate`` of ``n``, at least ``minimum`` when rate > 0."""
    if rate <= 0 or n <= 0:
        return 0
    return int(min(n, max(minimum, round(rate * n))))


def pick_rows(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    """``k`` distinct row indices out of ``n``, in ascending order."""
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    return np.sort(rng.choice(n, size=min(k, n), replace=False))


def variants(rng: np.random.Generator, k: int, weights: list[float]) -> np.ndarray:
    """``k`` variant codes: every variant once first (when k allows), then weighted draws."""
    n_var = len(weights)
    head = np.arange(min(k, n_var))
    tail = categorical(rng, weights, max(0, k - n_var))
    codes = np.concatenate([head, tail])
    return codes[rng.permutation(len(codes))] if len(codes) else codes.astype(np.int64)


def group_cumsum(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Cumulative sum restarting at every group of ``counts`` consecutive values."""
    padded = np.concatenate([[0.0], np.cumsum(values)])
    starts = np.cumsum(counts) - counts
    return padded[1:] - np.repeat(padded[starts], counts)


def ranks(values: np.ndarray) -> np.ndarray:
    """1-based rank of each value (ties by position), e.g. to number records by creation."""
    order = np.argsort(values, kind="stable")
    out = np.empty(len(values), dtype=np.int64)
    out[order] = np.arange(1, len(values) + 1)
    return out


def office_hours(rng: np.random.Generator, ts: np.ndarray, day: int = 86_400) -> np.ndarray:
    """Keep each timestamp's day, redraw its time of day around office hours."""
    time_of_day = np.clip(rng.normal(13.5 * 3600, 3.2 * 3600, len(ts)), 0, day - 1)
    return (ts // day) * day + time_of_day.astype(np.int64)
