"""How well a score ranks converters: the AUC with DeLong's confidence interval (and the paired
test of two scores on the same leads), and conversion and lift by score decile."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import rankdata

Z_95 = 1.959963984540054


@dataclass(frozen=True)
class Auc:
    """An AUC with its 95 % confidence interval (None without converters and non-converters)."""

    auc: float | None
    low: float | None
    high: float | None

    def as_dict(self) -> dict[str, float | None]:
        return {"auc": self.auc, "ci_low": self.low, "ci_high": self.high}

    def text(self) -> str:
        if self.auc is None:
            return "n/a"
        return f"{self.auc:.3f} [{self.low:.3f}, {self.high:.3f}]"


def _delong_components(scores: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The AUCs of each row of scores and their covariance (DeLong, DeLong and Clarke-Pearson
    1988, in the fast form of Sun and Xu 2014: midranks, ties count half)."""
    positives, negatives = scores[:, labels], scores[:, ~labels]
    m, n = positives.shape[1], negatives.shape[1]
    combined = np.hstack([positives, negatives])
    rank_all = np.vstack([rankdata(row) for row in combined])
    rank_pos = np.vstack([rankdata(row) for row in positives])
    rank_neg = np.vstack([rankdata(row) for row in negatives])
    aucs = (rank_all[:, :m].sum(axis=1) / m - (m + 1) / 2) / n
    v01 = (rank_all[:, :m] - rank_pos) / n
    v10 = 1.0 - (rank_all[:, m:] - rank_neg) / m
    covariance = np.atleast_2d(np.cov(v01)) / m + np.atleast_2d(np.cov(v10)) / n
    return aucs, covariance


def _usable(labels: np.ndarray) -> bool:
    positives = int(labels.sum())
    return positives >= 2 and len(labels) - positives >= 2


def auc(score: np.ndarray | pd.Series, converted: np.ndarray | pd.Series) -> Auc:
    """AUC of a score against a 0/1 outcome with a 95 % DeLong interval, bounded to [0, 1]."""
    labels = np.asarray(converted, dtype=bool)
    if not _usable(labels):
        return Auc(None, None, None)
    aucs, covariance = _delong_components(np.asarray(score, dtype=float)[np.newaxis, :], labels)
    value, spread = float(aucs[0]), Z_95 * math.sqrt(max(float(covariance[0, 0]), 0.0))
    return Auc(value, max(0.0, value - spread), min(1.0, value + spread))


def auc_difference(
    first: np.ndarray | pd.Series, second: np.ndarray | pd.Series, converted: np.ndarray | pd.Series
) -> dict[str, float | None]:
    """The AUC of second minus the AUC of first on the same leads, with its 95 % interval and the
    two-sided p-value of DeLong's paired test."""
    labels = np.asarray(converted, dtype=bool)
    if not _usable(labels):
        return {"difference": None, "ci_low": None, "ci_high": None, "p_value": None}
    scores = np.vstack([np.asarray(first, dtype=float), np.asarray(second, dtype=float)])
    aucs, covariance = _delong_components(scores, labels)
    difference = float(aucs[1] - aucs[0])
    variance = float(covariance[0, 0] + covariance[1, 1] - 2 * covariance[0, 1])
    if variance <= 1e-15:
        return {"difference": difference, "ci_low": difference, "ci_high": difference, "p_value": 1.0}
    spread = Z_95 * math.sqrt(variance)
    p_value = math.erfc(abs(difference) / math.sqrt(2 * variance))
    return {
        "difference": difference,
        "ci_low": difference - spread,
        "ci_high": difference + spread,
        "p_value": p_value,
    }


def deciles(frame: pd.DataFrame, score: str, converted: str, key: str) -> pd.DataFrame:
    """Conversion and lift by score decile (10 = the highest tenth), as dbt's ntile(10) over the
    score then the key cuts them: leads, converted, conversion rate, lift over the base rate, and
    the lowest and highest score."""
    ordered = frame.sort_values([score, key]).reset_index(drop=True)
    size = len(ordered)
    if not size:
        return pd.DataFrame(columns=["decile", "leads", "converted", "conversion_rate", "lift"])
    # ntile: the first (size % 10) groups hold one more row.
    base, extra = divmod(size, 10)
    bounds = np.cumsum([base + (1 if group < extra else 0) for group in range(10)])
    ordered["decile"] = np.searchsorted(bounds, np.arange(size), side="right") + 1
    base_rate = float(ordered[converted].mean())
    table = (
        ordered.groupby("decile")
        .agg(
            leads=(converted, "size"),
            converted=(converted, "sum"),
            min_score=(score, "min"),
            max_score=(score, "max"),
        )
        .reset_index()
    )
    table["conversion_rate"] = table["converted"] / table["leads"]
    table["lift"] = table["conversion_rate"] / base_rate if base_rate else np.nan
    return table


def top_decile_lift(frame: pd.DataFrame, score: str, converted: str, key: str) -> float | None:
    """Conversion of the highest-scored tenth over the base rate."""
    table = deciles(frame, score, converted, key)
    if table.empty or not frame[converted].any():
        return None
    return float(table.loc[table["decile"] == table["decile"].max(), "lift"].iloc[0])
