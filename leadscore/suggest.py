"""`leadscore suggest`: point values learned from conversion history, written as a scorecard.

Time-honest, in three steps, each in a sandbox (a copy of the project and of the warehouse's raw
tables; the warehouse is only read):

1. **Learn** as of a training cutoff. The population is the leads known then and not yet won;
   a lead converted when its first win closed between the training cutoff and the evaluation
   cutoff. The features are what the engine itself computes: a *probe* scorecard holds every
   current rule and every candidate rule (strong values of declared attributes, custom ones
   included; numeric attributes binned at their quantiles; event types without
   a rule; the first path segment of URLs their rule does not tell apart) with 1 point each, so
   a rule's contribution to a lead is its feature: 1 for a fit rule that matched, the decayed,
   capped count of events for an engagement rule. An L1-penalised logistic regression
   (scikit-learn; penalty chosen by cross-validated AUC) picks the rules, a plain one re-fits
   their weights, and the weights become whole points on the scale of the current scores. As
   a scorecard's total is the sum of points times these features, the engine scores exactly
   the fitted model (rounded to whole points).
2. **Calibrate**: each scoring model's MQL threshold and its grade and level bands move so that
   the same share of the training population stays above each of them as with the current
   scorecard.
3. **Judge** on held-out leads: those created after the training cutoff, scored as of the
   evaluation cutoff and judged on the wins after it (a backtest of the suggestion against
   the current scorecard), beside a plain logistic regression on every candidate feature.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

from leadscore import backtest, metrics
from leadscore.sandbox import CONTRIBUTION_MODELS, OUTCOME_MODELS, Sandbox, workspace
from leadscore.scorecard import SCORECARD_DIR

DEFAULT_OUT = Path("reports") / "suggestion"
MIN_CONVERSIONS = 30
"""Fewer converted leads in the training window than this, and suggest refuses."""
MAX_NEW_RULES = 20
"""At most this many proposed rules join the current ones."""
MIN_SUPPORT = 30
"""A candidate rule must hit at least this many leads of the training population..."""
MIN_SUPPORT_SHARE = 0.01
"""... and this share of it."""
TOP_VALUES = 12
"""At most this many candidate values per text attribute (the most frequent)."""
QUANTILES = (0.25, 0.5, 0.75, 0.9)
"""Where numeric attributes are cut into ``gte`` steps."""
URL_SEGMENTS = 10
"""At most this many URL path segments per event type."""
IDENTIFYING_ATTRIBUTES = frozenset({"company_name", "email_domain"})
"""Attributes naming one company: a rule on one of their values would not generalise."""
C_GRID = tuple(float(c) for c in np.logspace(-6, 0, 13))
FOLDS = 5
CANDIDATE_ENGAGEMENT = {"max_occurrences": "3", "window_days": "180", "half_life_days": "", "priority": "0"}
"""The parameters of a proposed engagement rule (half-life: the model's)."""
RULE_SEEDS = ("fit_rules", "engagement_rules")


@dataclass(frozen=True)
class Rule:
    """A rule of the probe scorecard: its seed, id, the models it applies to, and its row."""

    seed: str
    rule_id: str
    scoring_model_id: str
    row: dict[str, str]
    proposed: bool


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(fields), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _nice(value: float) -> float:
    """A threshold rounded to two significant digits (a step a person can read)."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    digits = 1 - math.floor(math.log10(abs(value)))
    return float(round(value, digits))


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _support(hits: int, population: int) -> bool:
    return hits >= max(MIN_SUPPORT, MIN_SUPPORT_SHARE * population)


def covered_values(fit_rules: Sequence[dict[str, str]]) -> dict[str, set[str]]:
    """Values of each attribute that a current equals/in rule already names (lower-cased)."""
    covered: dict[str, set[str]] = {}
    for rule in fit_rules:
        if rule.get("operator") in ("equals", "in"):
            values = rule.get("value", "").split("|") if rule["operator"] == "in" else [rule.get("value", "")]
            covered.setdefault(rule["attribute"], set()).update(v.strip().lower() for v in values)
    return covered


def fit_candidates(
    attributes: pd.DataFrame,
    declared: Sequence[dict[str, str]],
    current: Sequence[dict[str, str]],
    population: int,
) -> list[dict[str, str]]:
    """Proposed fit rules (without id and model): frequent values of text attributes that no
    current rule names, and quantile steps of numeric attributes."""
    covered = covered_values(current)
    proposed: list[dict[str, str]] = []
    for spec in declared:
        attribute = spec["attribute"]
        values = attributes[attributes["attribute"] == attribute]
        if attribute in IDENTIFYING_ATTRIBUTES or values.empty:
            continue
        if spec["data_type"] == "number":
            proposed += numeric_bins(attribute, values["number_value"].dropna(), population)
            continue
        counts = values["text_value"].dropna().value_counts()
        for value, hits in counts.head(TOP_VALUES).items():
            if str(value) in covered.get(attribute, set()) or not _support(int(hits), population):
                continue
            if "|" in str(value) or not str(value).strip():
                continue
            proposed.append(
                {
                    "attribute": attribute,
                    "operator": "equals",
                    "value": str(value),
                    "value_to": "",
                    "description": f"{attribute} is {value}",
                }
            )
    return proposed


def _rule(attribute: str, operator: str, value: float, value_to: float | None, words: str) -> dict[str, str]:
    return {
        "attribute": attribute,
        "operator": operator,
        "value": _number_text(value),
        "value_to": "" if value_to is None else _number_text(value_to),
        "description": f"{attribute} {words}",
    }


def numeric_bins(attribute: str, numbers: pd.Series, population: int) -> list[dict[str, str]]:
    """A numeric attribute cut at its quantiles (rounded to two significant digits). Whole
    numbers become bins: ``lt`` the first cut, ``between`` one cut and the next one less 1
    (``between`` includes both ends), ``gte`` the last cut. Other numbers become ``gte`` steps,
    which add up to the same piecewise-constant points without a bin's upper end. Each bin or
    step must hit, and miss, enough leads."""
    if numbers.empty:
        return []
    cuts = sorted({_nice(float(numbers.quantile(q))) for q in QUANTILES})
    whole = bool((numbers == numbers.round()).all()) and all(cut.is_integer() for cut in cuts)
    found: list[tuple[pd.Series, dict[str, str]]] = []
    if whole:
        found.append(
            (numbers < cuts[0], _rule(attribute, "lt", cuts[0], None, f"below {_number_text(cuts[0])}"))
        )
        for low, high in itertools.pairwise(cuts):
            words = f"from {_number_text(low)} to {_number_text(high - 1)}"
            found.append(
                ((numbers >= low) & (numbers < high), _rule(attribute, "between", low, high - 1, words))
            )
        last = cuts[-1]
        found.append((numbers >= last, _rule(attribute, "gte", last, None, f"at least {_number_text(last)}")))
    else:
        for cut in cuts:
            found.append(
                (numbers >= cut, _rule(attribute, "gte", cut, None, f"at least {_number_text(cut)}"))
            )
    return [
        rule
        for hit, rule in found
        if _support(int(hit.sum()), population) and _support(int((~hit).sum()), population)
    ]


def _catch_all(rule: dict[str, str]) -> bool:
    return not any(
        rule.get(key, "")
        for key in ("content_id", "url_pattern", "content_type", "content_proposition", "content_stage")
    )


def engagement_candidates(
    signatures: pd.DataFrame, current: Sequence[dict[str, str]], population: int
) -> list[dict[str, str]]:
    """Proposed engagement rules (without id, model and points): event types no current rule
    scores, and the first URL path segment of event types whose only current rules are
    catch-alls. signatures: event_type, segment, leads (distinct leads with such events)."""
    ruled = {rule["event_type"] for rule in current}
    only_catch_all = {
        event_type
        for event_type in ruled
        if all(_catch_all(rule) for rule in current if rule["event_type"] == event_type)
    }
    proposed: list[dict[str, str]] = []
    by_type = signatures.groupby("event_type")["type_leads"].max()
    for event_type, leads in by_type.sort_index().items():
        if event_type not in ruled and _support(int(leads), population):
            proposed.append(
                {"event_type": str(event_type), "url_pattern": "", "description": f"{event_type}"}
            )
    segments = signatures[signatures["event_type"].isin(only_catch_all) & signatures["segment"].notna()]
    for event_type, group in segments.groupby("event_type", sort=True):
        type_leads = int(group["type_leads"].max())
        for row in (
            group.sort_values(["leads", "segment"], ascending=[False, True]).head(URL_SEGMENTS).itertuples()
        ):
            # A segment almost every such event has tells nothing apart.
            if _support(int(row.leads), population) and row.leads < 0.95 * type_leads:
                proposed.append(
                    {
                        "event_type": str(event_type),
                        "url_pattern": f"^/{re.escape(str(row.segment))}(/|$)",
                        "description": f"{event_type} under /{row.segment}",
                    }
                )
    return proposed


def _next_ids(taken: set[str], prefix: str, count: int) -> list[str]:
    ids: list[str] = []
    number = 1
    while len(ids) < count:
        candidate = f"{prefix}{number:03d}"
        if candidate not in taken:
            ids.append(candidate)
        number += 1
    return ids


def probe_rules(
    project: Path,
    fit_proposed: Sequence[dict[str, str]],
    engagement_proposed: Sequence[dict[str, str]],
    models: Sequence[str],
) -> tuple[dict[str, list[str]], list[Rule]]:
    """The probe scorecard's rules: every current rule, then each proposal once per scoring
    model (a signal may help one product line and not the other). Returns the seeds' columns
    and the rules, all at 1 point."""
    fields: dict[str, list[str]] = {}
    rules: list[Rule] = []
    proposals = {"fit_rules": fit_proposed, "engagement_rules": engagement_proposed}
    for seed in RULE_SEEDS:
        columns, current = _read(project / SCORECARD_DIR / f"{seed}.csv")
        fields[seed] = columns
        rules += [Rule(seed, row["rule_id"], row["scoring_model_id"], row, False) for row in current]
        taken = {row["rule_id"] for row in current}
        wanted = [(model, proposal) for proposal in proposals[seed] for model in models]
        prefix = "SF" if seed == "fit_rules" else "SE"
        for rule_id, (model, proposal) in zip(_next_ids(taken, prefix, len(wanted)), wanted, strict=True):
            row = {column: "" for column in columns}
            defaults = CANDIDATE_ENGAGEMENT if seed == "engagement_rules" else {}
            row.update({key: value for key, value in defaults.items() if key in row})
            row.update({key: value for key, value in proposal.items() if key in row})
            row.update({"rule_id": rule_id, "scoring_model_id": model, "points": "1"})
            rules.append(Rule(seed, rule_id, model, row, True))
    return fields, rules


def write_rules(
    folder: Path, fields: dict[str, list[str]], rules: Sequence[Rule], points: dict[str, int] | None
) -> None:
    """The rule seeds: every rule at 1 point (points None: the probe), or at the given points."""
    for seed in RULE_SEEDS:
        rows = []
        for rule in rules:
            if rule.seed != seed:
                continue
            row = dict(rule.row)
            row["points"] = "1" if points is None else str(points[rule.rule_id])
            rows.append(row)
        _write(folder / f"{seed}.csv", fields[seed], rows)


# Reading a sandbox -------------------------------------------------------------------------

ATTRIBUTES_SQL = """
select lead_id, attribute, text_value, number_value
from intermediate.int_lead_attributes
"""

SIGNATURES_SQL = """
with events as (
    select
        lead_id,
        event_type,
        nullif(regexp_extract(url_path, '^/([^/?#]+)', 1), '') as segment
    from intermediate.int_events_attributed
    where scoring_status = 'scored' and lead_id in (select unnest($leads))
)
select
    event_type,
    segment,
    count(distinct lead_id) as leads
from events
group by event_type, segment
"""

TYPE_LEADS_SQL = """
select event_type, count(distinct lead_id) as type_leads
from intermediate.int_events_attributed
where scoring_status = 'scored' and lead_id in (select unnest($leads))
group by event_type
"""

FEATURES_SQL = """
select lead_id, scoring_model_id, rule_id, sum(points) as x
from marts.fct_lead_score_contributions
group by lead_id, scoring_model_id, rule_id
"""


def read_signatures(sandbox: Sandbox, leads: Sequence[str]) -> pd.DataFrame:
    with sandbox.connect() as con:
        found = con.execute(SIGNATURES_SQL, {"leads": list(leads)}).df()
        types = con.execute(TYPE_LEADS_SQL, {"leads": list(leads)}).df()
    return found.merge(types, on="event_type")


def read_features(sandbox: Sandbox, rows: pd.DataFrame, rule_ids: Sequence[str]) -> pd.DataFrame:
    """The probe's contribution of each rule to each (lead, model) row (0 when none)."""
    with sandbox.connect() as con:
        long = con.execute(FEATURES_SQL).df()
    wide = long.pivot_table(
        index=["lead_id", "scoring_model_id"], columns="rule_id", values="x", aggfunc="sum", fill_value=0.0
    )
    wide = wide.reindex(columns=list(rule_ids), fill_value=0.0)
    keyed = rows[["lead_id", "scoring_model_id"]].merge(
        wide.reset_index(), on=["lead_id", "scoring_model_id"], how="left"
    )
    return keyed[list(rule_ids)].fillna(0.0).astype(float).reset_index(drop=True)


# Fitting ------------------------------------------------------------------------------------


def design(features: pd.DataFrame, models: pd.Series, model_ids: Sequence[str]) -> np.ndarray:
    """The features with one column per scoring model (its own intercept)."""
    dummies = np.column_stack([(models == model).to_numpy(dtype=float) for model in model_ids])
    return np.hstack([features.to_numpy(dtype=float), dummies])


def _cv_auc(x: np.ndarray, y: np.ndarray, c: float) -> float:
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=0)
    aucs = []
    for train, test in folds.split(x, y):
        fitted = _logistic(c).fit(x[train], y[train])
        aucs.append(roc_auc_score(y[test], fitted.decision_function(x[test])))
    return float(np.mean(aucs))


def _logistic(c: float) -> LogisticRegression:
    """An L2-penalised logistic regression (scikit-learn's default penalty)."""
    return LogisticRegression(C=c, max_iter=5000)


@dataclass
class Fit:
    """The kept rules and their weights (log-odds per unit of the feature), how the penalty was
    chosen, and the tuned model's scores (all candidates, before bounding and rounding)."""

    weights: dict[str, float]
    c: float
    cv_auc: float
    considered: int
    full: tuple[StandardScaler, LogisticRegression, list[str]]


def standardised(
    frame: pd.DataFrame, models: pd.Series, model_ids: Sequence[str]
) -> tuple[StandardScaler, np.ndarray]:
    x = design(frame, models, model_ids)
    scaler = StandardScaler().fit(x)
    return scaler, scaler.transform(x)


def select_and_fit(
    features: pd.DataFrame, models: pd.Series, y: np.ndarray, proposed: set[str], max_new_rules: int
) -> Fit:
    """Every current rule re-weighted, and at most max_new_rules proposed ones added: an
    L2-penalised logistic regression on every candidate, its penalty the one with the best
    cross-validated AUC (the stronger on a tie); the proposed rules with the largest
    standardised weights kept; the same regression re-fitted on the kept rules."""
    model_ids = sorted(models.unique())
    scaler, scaled = standardised(features, models, model_ids)
    scored = [(round(_cv_auc(scaled, y, c), 4), -c, c) for c in C_GRID]
    best_auc, _, best_c = max(scored)
    tuned = _logistic(best_c).fit(scaled, y)
    weights = tuned.coef_[0][: features.shape[1]]
    ranked = [
        column
        for _, column in sorted(
            (-abs(weight), column) for weight, column in zip(weights, features.columns, strict=True)
        )
        if column in proposed
    ]
    kept = [
        column for column in features.columns if column not in proposed or column in ranked[:max_new_rules]
    ]
    refit_scaler, refit_x = standardised(features[kept], models, model_ids)
    refit = _logistic(best_c).fit(refit_x, y)
    spread = np.where(refit_scaler.scale_ == 0, 1.0, refit_scaler.scale_)[: len(kept)]
    raw = refit.coef_[0][: len(kept)] / spread
    return Fit(
        {column: float(raw[i]) for i, column in enumerate(kept)},
        best_c,
        best_auc,
        features.shape[1],
        (scaler, tuned, list(features.columns)),
    )


def plain_logistic_scores(
    train: pd.DataFrame, train_models: pd.Series, y: np.ndarray, test: pd.DataFrame, test_models: pd.Series
) -> np.ndarray:
    """The yardstick: scikit-learn's logistic regression with its defaults (L2, C = 1) on every
    candidate feature, standardised; its decision function on the test rows."""
    model_ids = sorted(train_models.unique())
    scaler, scaled = standardised(train, train_models, model_ids)
    fitted = _logistic(1.0).fit(scaled, y)
    return np.asarray(fitted.decision_function(scaler.transform(design(test, test_models, model_ids))))


def points_scale(weighted_logit: np.ndarray, current_total: np.ndarray) -> float:
    """Points per unit of log-odds: the suggested totals spread like the current ones."""
    spread = float(np.std(weighted_logit))
    target = float(np.std(current_total))
    if spread <= 0 or target <= 0:
        return 10.0
    return target / spread


# Calibration --------------------------------------------------------------------------------


def matched_bound(current: np.ndarray, suggested: np.ndarray, bound: float) -> float:
    """The suggested score above which the same share of leads lies as above bound now."""
    share = float(np.mean(current >= bound))
    if share <= 0:
        return float(math.floor(suggested.max()) + 1) if len(suggested) else bound
    if share >= 1:
        return float(math.floor(suggested.min())) if len(suggested) else bound
    # The lowest observed score with at most that share at or above it.
    return float(round(np.quantile(suggested, 1 - share, method="higher")))


def calibrate(
    project: Path,
    baseline: pd.DataFrame,
    suggested: pd.DataFrame,
) -> tuple[dict[str, list[str]], dict[str, list[dict[str, str]]], list[dict[str, Any]]]:
    """scoring_models (MQL threshold) and score_bands (lower bounds) moved so that the same share
    of the training population clears each of them; return the seeds' columns, rows and what
    moved. baseline and suggested: lead_id, scoring_model_id, fit_score, engagement_score,
    total_score of the training population."""
    fields: dict[str, list[str]] = {}
    rows: dict[str, list[dict[str, str]]] = {}
    moved: list[dict[str, Any]] = []
    columns, models = _read(project / SCORECARD_DIR / "scoring_models.csv")
    fields["scoring_models"] = columns
    for model in models:
        current = baseline.loc[baseline["scoring_model_id"] == model["scoring_model_id"], "total_score"]
        new = suggested.loc[suggested["scoring_model_id"] == model["scoring_model_id"], "total_score"]
        if current.empty or not model.get("mql_threshold"):
            continue
        threshold = matched_bound(current.to_numpy(), new.to_numpy(), float(model["mql_threshold"]))
        moved.append(
            {
                "seed": "scoring_models",
                "row": model["scoring_model_id"],
                "column": "mql_threshold",
                "before": model["mql_threshold"],
                "after": _number_text(threshold),
            }
        )
        model["mql_threshold"] = _number_text(threshold)
    rows["scoring_models"] = models
    columns, bands = _read(project / SCORECARD_DIR / "score_bands.csv")
    fields["score_bands"] = columns
    score_column = {"fit": "fit_score", "engagement": "engagement_score"}
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for band in bands:
        groups.setdefault((band["scoring_model_id"], band["dimension"]), []).append(band)
    for (model_id, dimension), group in groups.items():
        models_in = [model_id] if model_id != "all" else sorted(baseline["scoring_model_id"].unique())
        current = baseline.loc[
            baseline["scoring_model_id"].isin(models_in), score_column[dimension]
        ].to_numpy()
        new = suggested.loc[suggested["scoring_model_id"].isin(models_in), score_column[dimension]].to_numpy()
        if not len(current):
            continue
        # From the lowest band (open below) up; each band ends where the next one starts.
        ordered = sorted(
            group, key=lambda band: float(band["lower_bound"]) if band["lower_bound"] else -math.inf
        )
        previous = -math.inf
        for band in ordered:
            if not band["lower_bound"]:
                continue
            before = band["lower_bound"]
            bound = max(matched_bound(current, new, float(before)), previous + 1)
            previous = bound
            band["lower_bound"] = _number_text(bound)
            if band["lower_bound"] != before:
                moved.append(
                    {
                        "seed": "score_bands",
                        "row": f"{model_id}/{dimension}/{band['band']}",
                        "column": "lower_bound",
                        "before": before,
                        "after": band["lower_bound"],
                    }
                )
        for band, above in itertools.pairwise(ordered):
            if band["upper_bound"]:
                band["upper_bound"] = above["lower_bound"]
    rows["score_bands"] = bands
    return fields, rows, moved


# The command ---------------------------------------------------------------------------------

EVIDENCE_MARK = " — evidence: "


def evidence(x: np.ndarray, y: np.ndarray, before: str | None, after: int, train: backtest.Window) -> str:
    """Why a rule has its points, in words (kept in the rule's description)."""
    hit = x > 0
    hits = int(hit.sum())
    rate_hit = float(y[hit].mean()) if hits else 0.0
    rate_miss = float(y[~hit].mean()) if hits < len(y) else 0.0
    was = f"was {before}" if before is not None else "new rule"
    return (
        f"{hits:,} of {len(y):,} leads known on {train.cutoff} hit ({hits / max(len(y), 1):.1%}); "
        f"{rate_hit:.1%} of them won by {train.outcomes_until} vs {rate_miss:.1%} of the rest; "
        f"fitted {after:+d} ({was})"
    )


def _applies(rule: Rule, models: pd.Series) -> np.ndarray:
    return np.asarray((models == rule.scoring_model_id) | (rule.scoring_model_id == "all"))


TRAINING_CONVERSIONS_SQL = """
select count(distinct leads.lead_id)
from staging.stg_raw__leads as leads
inner join intermediate.int_lead_conversions as conversions
    on leads.lead_id = conversions.lead_id
where leads.created_at <= $cutoff_end
group by leads.lead_id
having min(conversions.first_won_at) > $cutoff_end and min(conversions.first_won_at) <= $horizon_end
"""


def refuse_without_conversions(sandbox: Sandbox, train: backtest.Window, min_conversions: int) -> None:
    """Stop before any scoring when the training window holds too few converted leads (known at
    its cutoff, first won after it and by its end)."""
    with sandbox.connect() as con:
        found = con.execute(
            f"select count(*) from ({TRAINING_CONVERSIONS_SQL})",
            {
                "cutoff_end": train.cutoff_end.to_pydatetime(),
                "horizon_end": train.horizon_end.to_pydatetime(),
            },
        ).fetchone()
    converted = int(found[0]) if found else 0
    if converted < min_conversions:
        raise SystemExit(
            f"Too few conversions to learn from: {converted} leads known on {train.cutoff} won between "
            f"then and {train.outcomes_until} (at least {min_conversions} needed). Learning takes the "
            "--horizon days before the --cutoff: give a longer horizon, or load more history."
        )


def _hits(features: pd.DataFrame, models: pd.Series, rule: Rule) -> int:
    return int((features[rule.rule_id].to_numpy()[_applies(rule, models)] > 0).sum())


def plan(
    wins: pd.Series, cutoff: dt.date | None, horizon_days: int | None
) -> tuple[backtest.Window, backtest.Window]:
    """The training window (leads known at its cutoff, wins up to the evaluation cutoff) and the
    evaluation window (held-out leads scored as of its cutoff, wins within the horizon after)."""
    evaluation = backtest.default_windows(wins, [cutoff] if cutoff else [], horizon_days)[-1]
    train_cutoff = evaluation.cutoff - dt.timedelta(days=evaluation.horizon_days)
    return backtest.Window(train_cutoff, evaluation.horizon_days), evaluation


def run(
    out: Path,
    cutoff: dt.date | None = None,
    horizon_days: int | None = None,
    max_new_rules: int = MAX_NEW_RULES,
    min_conversions: int = MIN_CONVERSIONS,
    variables: dict[str, object] | None = None,
    source: Path | None = None,
    project: Path | None = None,
    workdir: Path | None = None,
) -> dict[str, Any]:
    """Learn a scorecard, write it into out/scorecard, judge it on held-out leads; return the
    result (see write)."""
    from leadscore.project import project_dir
    from leadscore.warehouse import duckdb_path

    project = project or project_dir()
    source = source or duckdb_path()
    folder, temporary = workspace(workdir, "leadscore-suggest-")
    try:
        current = Sandbox.create(folder, "baseline", None, source, variables, project)
        current.build(dt.date.today().isoformat(), (*OUTCOME_MODELS, "stg_raw__leads"))
        train, evaluation = plan(backtest.win_dates(current), cutoff, horizon_days)
        refuse_without_conversions(current, train, min_conversions)

        current.build(train.cutoff.isoformat())
        rows = backtest.label(backtest.scored(current, train), train)
        rows = rows[rows["in_population"]].sort_values(["scoring_model_id", "lead_id"]).reset_index(drop=True)
        y = rows["is_converted"].to_numpy(dtype=int)
        converted_leads = int(rows.loc[rows["is_converted"], "lead_id"].nunique())
        if converted_leads < min_conversions:
            raise SystemExit(
                f"Too few conversions to learn from: {converted_leads} of the {rows['lead_id'].nunique():,} "
                f"leads known on {train.cutoff} won between then and {train.outcomes_until} (at least "
                f"{min_conversions} needed). Learning takes the --horizon days before the --cutoff: give a "
                "longer horizon, or load more history."
            )
        leads = sorted(rows["lead_id"].unique())
        with current.connect() as con:
            attributes = con.execute(ATTRIBUTES_SQL).df()
        attributes = attributes[attributes["lead_id"].isin(leads)]
        model_ids = sorted(rows["scoring_model_id"].unique())
        fit_proposed = fit_candidates(
            attributes, current.seed("fit_attributes"), current.seed("fit_rules"), len(leads)
        )
        engagement_proposed = engagement_candidates(
            read_signatures(current, leads), current.seed("engagement_rules"), len(leads)
        )
        fields, rules = probe_rules(current.project, fit_proposed, engagement_proposed, model_ids)

        probe_folder = folder / "probe_scorecard"
        write_rules(probe_folder, fields, rules, None)
        probe = Sandbox.create(folder, "probe", probe_folder, source, variables, project)
        probe.build(train.cutoff.isoformat(), CONTRIBUTION_MODELS)
        rule_ids = [rule.rule_id for rule in rules]
        features = read_features(probe, rows, rule_ids)
        proposed = {rule.rule_id for rule in rules if rule.proposed}
        fitted = select_and_fit(features, rows["scoring_model_id"], y, proposed, max_new_rules)

        logit = features[list(fitted.weights)].to_numpy() @ np.array(list(fitted.weights.values()))
        scale = points_scale(logit, rows["total_score"].to_numpy(dtype=float))
        points: dict[str, int] = {}
        models = rows["scoring_model_id"]
        unlearnt: set[str] = set()
        for rule in rules:
            value = round(scale * fitted.weights.get(rule.rule_id, 0.0))
            if not rule.proposed and _hits(features, models, rule) < MIN_SUPPORT:
                # Too few leads to learn from (a guard rail such as a competitor's domain): kept.
                unlearnt.add(rule.rule_id)
                value = round(float(rule.row["points"]))
            if value or not rule.proposed:
                points[rule.rule_id] = value
        kept = [rule for rule in rules if rule.rule_id in points]
        described: list[Rule] = []
        rule_report: list[dict[str, Any]] = []
        for rule in kept:
            applies = _applies(rule, models)
            x = features[rule.rule_id].to_numpy()[applies]
            before = None if rule.proposed else rule.row["points"]
            text = evidence(x, y[applies], before, points[rule.rule_id], train)
            if rule.rule_id in unlearnt:
                text += "; too few leads hit to learn from: kept as written"
            base = rule.row.get("description", "").split(EVIDENCE_MARK)[0]
            row = {**rule.row, "description": f"{base}{EVIDENCE_MARK}{text}"}
            described.append(Rule(rule.seed, rule.rule_id, rule.scoring_model_id, row, rule.proposed))
            rule_report.append(
                {
                    "seed": rule.seed,
                    "rule_id": rule.rule_id,
                    "scoring_model_id": rule.scoring_model_id,
                    "rule": backtest._describe_rule(rule.seed, rule.row),
                    "proposed": rule.proposed,
                    "points_before": None if rule.proposed else float(rule.row["points"]),
                    "points_after": points[rule.rule_id],
                    "weight": fitted.weights.get(rule.rule_id, 0.0),
                    "evidence": text,
                }
            )

        # The suggested fit and engagement scores of the training population, for calibration.
        suggested_scores = rows[["lead_id", "scoring_model_id"]].copy()
        for kind, seed in (("fit_score", "fit_rules"), ("engagement_score", "engagement_rules")):
            ids = [rule.rule_id for rule in kept if rule.seed == seed]
            suggested_scores[kind] = features[ids].to_numpy() @ np.array(
                [points[i] for i in ids], dtype=float
            )
        suggested_scores["total_score"] = suggested_scores["fit_score"] + suggested_scores["engagement_score"]
        setting_fields, setting_rows, moved = calibrate(current.project, rows, suggested_scores)

        scorecard_folder = out / "scorecard"
        write_rules(scorecard_folder, fields, described, points)
        for seed, seed_rows in setting_rows.items():
            _write(scorecard_folder / f"{seed}.csv", setting_fields[seed], seed_rows)

        # Held-out: leads created after the training cutoff, as of the evaluation cutoff.
        candidate = Sandbox.create(folder, "candidate", scorecard_folder, source, variables, project)
        compared = backtest.compare_window(
            {"baseline": current, "candidate": candidate}, evaluation, created_after=train.cutoff
        )
        held_out = compared["_frames"]["baseline"]
        held_out = held_out[held_out["in_population"]].reset_index(drop=True)
        probe.build(evaluation.cutoff.isoformat(), CONTRIBUTION_MODELS)
        held_features = read_features(probe, held_out, rule_ids)
        yardstick = plain_logistic_scores(
            features, rows["scoring_model_id"], y, held_features, held_out["scoring_model_id"]
        )
        held_out["plain_logistic"] = yardstick
        scaler, tuned, columns = fitted.full
        held_out["tuned_logistic"] = tuned.decision_function(
            scaler.transform(design(held_features[columns], held_out["scoring_model_id"], model_ids))
        )
        comparison = {}
        for model in model_ids:
            mine = held_out[held_out["scoring_model_id"] == model]
            entry = compared["models"].get(model)
            comparison[model] = {
                "leads": len(mine),
                "converted": int(mine["is_converted"].sum()),
                "current": entry["baseline"]["auc"] if entry else None,
                "suggested": entry["candidate"]["auc"] if entry else None,
                "plain_logistic": metrics.auc(mine["plain_logistic"], mine["is_converted"]).as_dict(),
                "tuned_logistic": metrics.auc(mine["tuned_logistic"], mine["is_converted"]).as_dict(),
                "current_top_decile_lift": entry["baseline"]["top_decile_lift"] if entry else None,
                "suggested_top_decile_lift": entry["candidate"]["top_decile_lift"] if entry else None,
                "plain_logistic_top_decile_lift": backtest._round(
                    metrics.top_decile_lift(mine, "plain_logistic", "is_converted", "lead_id")
                ),
            }
        backtest_result = {
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "warehouse": str(source),
            "scorecards": {"baseline": "the project's scorecard", "candidate": f"{scorecard_folder}"},
            "rule_changes": backtest.rule_changes(current.project, candidate.project),
            "setting_changes": backtest.setting_changes(current.project, candidate.project),
            "leaks": list(backtest.LEAKS),
            "windows": [compared],
        }
        return {
            "generated_at": backtest_result["generated_at"],
            "warehouse": str(source),
            "training": {
                "cutoff": train.cutoff.isoformat(),
                "outcomes_until": train.outcomes_until.isoformat(),
                "rows": len(rows),
                "leads": len(leads),
                "converted_leads": converted_leads,
            },
            "evaluation": {
                "cutoff": evaluation.cutoff.isoformat(),
                "horizon_days": evaluation.horizon_days,
                "outcomes_until": evaluation.outcomes_until.isoformat(),
                "held_out": f"leads created after {train.cutoff}",
            },
            "fit": {
                "candidate_rules": fitted.considered,
                "proposed_rules": sum(rule.proposed for rule in rules),
                "kept_rules": len(fitted.weights),
                "kept_proposed_rules": len(set(fitted.weights) & proposed),
                "penalty_c": fitted.c,
                "cv_auc": fitted.cv_auc,
                "points_per_log_odds": scale,
            },
            "rules": rule_report,
            "settings_moved": moved,
            "held_out_auc": comparison,
            "scorecard": str(scorecard_folder),
            "_backtest": backtest_result,
        }
    finally:
        if temporary is not None:
            temporary.cleanup()


def render(result: dict[str, Any]) -> str:
    """The suggestion as Markdown."""
    train, evaluation, fit = result["training"], result["evaluation"], result["fit"]
    lines = [
        "# Suggested scorecard",
        "",
        f"Learned from the {train['leads']:,} leads known on {train['cutoff']} and not yet won, "
        f"{train['converted_leads']:,} of which won by {train['outcomes_until']}. Judged on held-out leads "
        f"({evaluation['held_out']}), scored as of {evaluation['cutoff']} and judged on the wins of the "
        f"{evaluation['horizon_days']} days after it.",
        "",
        f"{fit['candidate_rules']} candidate rules ({fit['proposed_rules']} proposed, the others current), "
        "weighed by an L2-penalised logistic regression (scikit-learn; the penalty with the best "
        f"cross-validated AUC: C = {fit['penalty_c']:.3g}, AUC {fit['cv_auc']:.3f}); every current rule "
        f"re-weighted and the {fit['kept_proposed_rules']} strongest proposed ones added; "
        f"{fit['points_per_log_odds']:.1f} points per unit of log-odds, so that the totals spread like "
        "the current ones.",
        "",
        f"The scorecard is in `{result['scorecard']}`: try it with "
        f"`leadscore backtest {result['scorecard']}`, adopt it with "
        f"`leadscore scorecard --use {result['scorecard']}`.",
        "",
        "## Held-out AUC",
        "",
    ]
    rows = []
    for model, entry in result["held_out_auc"].items():
        rows.append(
            (
                model,
                f"{entry['leads']:,}",
                f"{entry['converted']:,}",
                backtest._auc_text(entry["current"]) if entry["current"] else "n/a",
                backtest._auc_text(entry["suggested"]) if entry["suggested"] else "n/a",
                backtest._auc_text(entry["plain_logistic"]),
                backtest._auc_text(entry["tuned_logistic"]),
                backtest._num(entry["current_top_decile_lift"]),
                backtest._num(entry["suggested_top_decile_lift"]),
            )
        )
    lines += backtest._table(
        (
            "model",
            "held-out leads",
            "converted",
            "current",
            "suggested",
            "plain logistic regression",
            "tuned, unrounded, every candidate",
            "top-decile lift, current",
            "top-decile lift, suggested",
        ),
        rows,
    )
    lines += ["", "## Rules", ""]
    lines += backtest._table(
        ("rule", "model", "when", "points before", "points after", "evidence"),
        [
            (
                rule["rule_id"],
                rule["scoring_model_id"],
                rule["rule"],
                backtest._points(rule["points_before"]),
                backtest._points(float(rule["points_after"])),
                rule["evidence"],
            )
            for rule in result["rules"]
        ],
    )
    if result["settings_moved"]:
        lines += ["", "## Thresholds and bands, moved to keep the same shares of leads above them", ""]
        lines += backtest._table(
            ("seed", "row", "column", "before", "after"),
            [(s["seed"], s["row"], s["column"], s["before"], s["after"]) for s in result["settings_moved"]],
        )
    return "\n".join(lines) + "\n"


def write(result: dict[str, Any], out: Path) -> list[Path]:
    """suggestion.md and suggestion.json, and the held-out backtest (backtest.md, backtest.json)
    beside the scorecard folder."""
    out.mkdir(parents=True, exist_ok=True)
    markdown, data = out / "suggestion.md", out / "suggestion.json"
    markdown.write_text(render(result), encoding="utf-8")
    public = {key: value for key, value in result.items() if not key.startswith("_")}
    data.write_text(json.dumps(public, indent=2, default=str), encoding="utf-8")
    written = [markdown, data, *backtest.write(result["_backtest"], out)]
    return written


def main(
    out: Path,
    cutoff: dt.date | None,
    horizon_days: int | None,
    max_new_rules: int,
    min_conversions: int,
    variables: dict[str, object],
    workdir: Path | None,
) -> None:
    """The `leadscore suggest` command."""
    try:
        result = run(out, cutoff, horizon_days, max_new_rules, min_conversions, variables, workdir=workdir)
    except (ValueError, RuntimeError) as error:
        raise SystemExit(f"Suggest failed: {error}") from None
    written = write(result, out)
    print(render(result))
    print("Wrote " + ", ".join(str(path) for path in written) + ".")
