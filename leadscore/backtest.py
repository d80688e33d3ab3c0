"""The scorecard sandbox: a time-honest backtest of a candidate scorecard beside a baseline.

`leadscore backtest CANDIDATE_DIR` scores history twice — with the baseline scorecard (the
project's, or a git revision's with `--against REV`) and with the candidate folder put on top
of it — each in its own copy of the project building into its own copy of the warehouse's raw
tables, as of one or more cutoffs. At a cutoff the population is the leads known then (created
on or before it) and not yet won; the engine scores them with the events, assessments and
deals up to the cutoff, and they are judged on what came after: wins, and opportunities,
closing within the horizon after the cutoff. It prints and writes Markdown and JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from leadscore import metrics
from leadscore.project import project_dir
from leadscore.sandbox import OUTCOME_MODELS, Sandbox, export_revision, workspace
from leadscore.scorecard import SCORECARD_DIR, _condition, _selector

DEFAULT_OUT = Path("reports") / "backtest"
CUTOFF_SHARE = 0.7
"""The default cutoff: the day by which this share of the wins had closed."""
ROLLING_FIRST_SHARE = 0.5
"""A rolling backtest's first cutoff: the day by which this share of the wins had closed."""
RULE_SEEDS = ("fit_rules", "engagement_rules")
SETTING_SEEDS = {
    "scoring_models": ("scoring_model_id",),
    "score_bands": ("scoring_model_id", "dimension", "band"),
    "buyer_stages": ("scoring_model_id", "buyer_stage"),
}
SCORECARD_LABELS = ("baseline", "candidate")
SUMMARY_HEADERS = (
    "model",
    "leads",
    "converted",
    "AUC baseline [95 % CI]",
    "AUC candidate [95 % CI]",
    "difference (DeLong)",
    "top-decile lift, baseline",
    "top-decile lift, candidate",
)
"""The columns of a backtest's summary per cutoff (in the Markdown and the HTML report)."""

LEAKS = (
    "A lead's and its company's attributes (title, seniority, industry, size, custom attributes) "
    "are their latest version, not the one known at the cutoff.",
    "Anonymous visits are attributed to the lead their visitor became even when that happened "
    "after the cutoff (identity stitching is retroactive).",
    "Which copy of a duplicated raw row wins, and what is quarantined, is decided on today's data.",
)
"""What still leaks from after a cutoff into a score as of it (in the Markdown and the JSON)."""


@dataclass(frozen=True)
class Window:
    """Score as of cutoff (end of that day); judge on what closes in (cutoff, cutoff + horizon]."""

    cutoff: dt.date
    horizon_days: int

    @property
    def cutoff_end(self) -> pd.Timestamp:
        return pd.Timestamp(self.cutoff) + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)

    @property
    def outcomes_until(self) -> dt.date:
        return self.cutoff + dt.timedelta(days=self.horizon_days)

    @property
    def horizon_end(self) -> pd.Timestamp:
        return pd.Timestamp(self.outcomes_until) + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)


def win_dates(sandbox: Sandbox) -> pd.Series:
    """When each converted lead's first win closed, per scoring model (needs the outcome models)."""
    with sandbox.connect() as con:
        frame = con.execute(
            "select first_won_at from intermediate.int_lead_conversions where first_won_at is not null"
        ).df()
    return pd.to_datetime(frame["first_won_at"]).sort_values().reset_index(drop=True)


def _day_by_share(wins: pd.Series, share: float) -> dt.date:
    return pd.Timestamp(wins.quantile(share)).date()


def default_windows(
    wins: pd.Series,
    cutoffs: Sequence[dt.date] = (),
    horizon_days: int | None = None,
    rolling: int = 1,
) -> list[Window]:
    """The cutoffs (given, else the day by which 70 % of the wins had closed; with rolling N,
    N cutoffs evenly spaced between the 50 % and the 70 % days) and one horizon for all (given,
    else from the last cutoff to the last win)."""
    if not cutoffs:
        if wins.empty:
            raise SystemExit(
                "No won deal with a close date and a contact: give --cutoff and --horizon, there are "
                "no wins to judge a scorecard on."
            )
        shares = (
            [CUTOFF_SHARE] if rolling <= 1 else list(np.linspace(ROLLING_FIRST_SHARE, CUTOFF_SHARE, rolling))
        )
        cutoffs = sorted({_day_by_share(wins, share) for share in shares})
    if horizon_days is None:
        if wins.empty:
            raise SystemExit("No won deal with a close date: give --horizon.")
        last = pd.Timestamp(wins.max()).date()
        horizon_days = max((last - max(cutoffs)).days, 1)
    return [Window(cutoff, horizon_days) for cutoff in sorted(cutoffs)]


SCORED_SQL = """
select
    scores.lead_id,
    scores.scoring_model_id,
    scores.total_score,
    scores.score,
    scores.fit_score,
    scores.engagement_score,
    scores.fit_grade,
    scores.engagement_level,
    scores.rating,
    scores.buyer_stage,
    scores.is_mql,
    scores.mql_at,
    leads.created_at,
    conversions.first_won_at,
    coalesce(conversions.is_won_by_as_of, false) as is_won_by_cutoff,
    opportunities.first_opened_after_cutoff
from marts.fct_lead_scores as scores
inner join staging.stg_raw__leads as leads
    on scores.lead_id = leads.lead_id
left join intermediate.int_lead_conversions as conversions
    on scores.lead_id = conversions.lead_id
        and scores.scoring_model_id = conversions.scoring_model_id
left join (
    select lead_id, scoring_model_id, min(opened_at) as first_opened_after_cutoff
    from intermediate.int_opportunities_by_model
    where lead_id is not null and opened_at > $cutoff_end
    group by lead_id, scoring_model_id
) as opportunities
    on scores.lead_id = opportunities.lead_id
        and scores.scoring_model_id = opportunities.scoring_model_id
"""


def scored(sandbox: Sandbox, window: Window) -> pd.DataFrame:
    """Every lead and scoring model as the sandbox scored them as of the cutoff, with when the
    lead was created and its outcomes."""
    with sandbox.connect() as con:
        frame = con.execute(SCORED_SQL, {"cutoff_end": window.cutoff_end.to_pydatetime()}).df()
    for column in ("mql_at", "created_at", "first_won_at", "first_opened_after_cutoff"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def label(frame: pd.DataFrame, window: Window) -> pd.DataFrame:
    """The population at the cutoff and the outcomes after it: a lead is in when it was created
    on or before the cutoff and not won by it; it converted when its first win closed within the
    horizon; it reached an opportunity when one opened (or it won) within the horizon."""
    frame = frame.copy()
    created = frame["created_at"]
    frame["exclusion"] = np.select(
        [created.isna(), created > window.cutoff_end, frame["is_won_by_cutoff"]],
        ["no creation date", "created after the cutoff", "won by the cutoff"],
        "",
    )
    frame["in_population"] = frame["exclusion"] == ""
    won = frame["first_won_at"]
    frame["is_converted"] = (won > window.cutoff_end) & (won <= window.horizon_end)
    opened = frame["first_opened_after_cutoff"]
    frame["has_opportunity"] = frame["is_converted"] | (opened <= window.horizon_end)
    frame["is_mql_by_cutoff"] = frame["mql_at"].notna()
    return frame


def _rate(numerator: float, denominator: float) -> float | None:
    return None if not denominator else numerator / denominator


def _round(value: Any, digits: int = 4) -> Any:
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else round(float(value), digits)
    if isinstance(value, np.integer | np.bool_):
        return value.item()
    return value


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{key: _round(value) for key, value in row.items()} for row in table.to_dict("records")]


def _handover(population: pd.DataFrame, flag: str) -> dict[str, Any]:
    """Precision and recall of an MQL flag against later opportunities and wins."""
    flagged = population[flag]
    result: dict[str, Any] = {"mqls": int(flagged.sum())}
    for outcome, name in (("has_opportunity", "opportunity"), ("is_converted", "win")):
        hits = int((flagged & population[outcome]).sum())
        result[f"{name}_precision"] = _round(_rate(hits, int(flagged.sum())))
        result[f"{name}_recall"] = _round(_rate(hits, int(population[outcome].sum())))
    return result


def _rating_table(population: pd.DataFrame) -> list[dict[str, Any]]:
    base = population["is_converted"].mean() if len(population) else 0.0
    table = (
        population.groupby("rating")
        .agg(leads=("is_converted", "size"), converted=("is_converted", "sum"))
        .reset_index()
        .sort_values("rating")
    )
    table["conversion_rate"] = table["converted"] / table["leads"]
    table["lift"] = table["conversion_rate"] / base if base else np.nan
    return _records(table)


def evaluate(population: pd.DataFrame, score: str = "total_score") -> dict[str, Any]:
    """How one scorecard's scores of one model's population predict the outcomes."""
    converted = population["is_converted"]
    decile_table = metrics.deciles(population, score, "is_converted", "lead_id")
    return {
        "auc": metrics.auc(population[score], converted).as_dict(),
        "auc_opportunity": metrics.auc(population[score], population["has_opportunity"]).as_dict(),
        "top_decile_lift": _round(metrics.top_decile_lift(population, score, "is_converted", "lead_id")),
        "deciles": _records(decile_table),
        "ratings": _rating_table(population),
        "mql_by_cutoff": _handover(population, "is_mql_by_cutoff"),
        "mql_at_cutoff": _handover(population, "is_mql"),
    }


def mql_volume(frames: dict[str, pd.DataFrame], model: str) -> list[dict[str, Any]]:
    """MQLs per month by the month of mql_at (the MQL dates each scorecard would have
    produced), over every scored lead."""
    counts = []
    for name, frame in frames.items():
        subset = frame[(frame["scoring_model_id"] == model) & frame["mql_at"].notna()]
        months = subset["mql_at"].dt.strftime("%Y-%m").value_counts().rename(name)
        counts.append(months)
    table = pd.concat(counts, axis=1).fillna(0).astype(int).sort_index()
    return [{"month": month, **{name: int(row[name]) for name in frames}} for month, row in table.iterrows()]


def changes(baseline: pd.DataFrame, candidate: pd.DataFrame) -> dict[str, Any]:
    """How many leads of the population change grade, rating, buyer stage or MQL status."""
    keys = ["lead_id", "scoring_model_id"]
    columns = ["fit_grade", "rating", "buyer_stage", "is_mql", "is_mql_by_cutoff", "total_score"]
    joined = baseline[keys + columns].merge(candidate[keys + columns], on=keys, suffixes=("_b", "_c"))
    result: dict[str, Any] = {"leads": len(joined)}
    for column, name in (
        ("fit_grade", "grade"),
        ("rating", "rating"),
        ("buyer_stage", "buyer_stage"),
        ("is_mql", "mql_at_cutoff"),
        ("is_mql_by_cutoff", "mql_by_cutoff"),
    ):
        result[name] = int((joined[f"{column}_b"] != joined[f"{column}_c"]).sum())
    result["score_changed"] = int((~np.isclose(joined["total_score_b"], joined["total_score_c"])).sum())
    result["became_mql"] = int((~joined["is_mql_by_cutoff_b"] & joined["is_mql_by_cutoff_c"]).sum())
    result["no_longer_mql"] = int((joined["is_mql_by_cutoff_b"] & ~joined["is_mql_by_cutoff_c"]).sum())
    return result


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _describe_rule(seed: str, rule: dict[str, str]) -> str:
    if seed == "fit_rules":
        return _condition({**{"value_to": ""}, **rule})
    return f"{rule.get('event_type', '')} ({_selector({key: rule.get(key, '') for key in SELECTOR_KEYS})})"


SELECTOR_KEYS = ("content_id", "url_pattern", "content_type", "content_proposition", "content_stage")


def rule_changes(baseline: Path, candidate: Path) -> list[dict[str, Any]]:
    """Rules added, removed, re-weighted (only the points changed) or redefined (the condition
    changed too) between two projects' scorecards."""
    found: list[dict[str, Any]] = []
    for seed in RULE_SEEDS:
        before = {row["rule_id"]: row for row in _read_csv(baseline / SCORECARD_DIR / f"{seed}.csv")}
        after = {row["rule_id"]: row for row in _read_csv(candidate / SCORECARD_DIR / f"{seed}.csv")}
        for rule_id in sorted(set(before) | set(after)):
            old, new = before.get(rule_id), after.get(rule_id)
            if old == new:
                continue
            rule = new or old
            assert rule is not None
            entry: dict[str, Any] = {
                "seed": seed,
                "rule_id": rule_id,
                "scoring_model_id": rule.get("scoring_model_id", ""),
                "rule": _describe_rule(seed, rule),
                "points_before": _number(old["points"]) if old else None,
                "points_after": _number(new["points"]) if new else None,
                "description": rule.get("description", ""),
            }
            if old is None:
                entry["change"] = "added"
            elif new is None:
                entry["change"] = "removed"
            else:
                differing = sorted(key for key in set(old) | set(new) if old.get(key, "") != new.get(key, ""))
                condition = [key for key in differing if key not in ("points", "description")]
                if condition:
                    entry["change"] = "redefined"
                    entry["columns"] = condition
                elif _number(old["points"]) != _number(new["points"]):
                    entry["change"] = "re-weighted"
                else:
                    entry["change"] = "described"
            found.append(entry)
    return found


def setting_changes(baseline: Path, candidate: Path) -> list[dict[str, Any]]:
    """Other scorecard values that differ: thresholds, bands, stages (by row and column), and
    whole seeds (content catalog, attributes, ...) that differ."""
    found: list[dict[str, Any]] = []
    for seed, key_columns in SETTING_SEEDS.items():
        before = {
            tuple(row[c] for c in key_columns): row
            for row in _read_csv(baseline / SCORECARD_DIR / f"{seed}.csv")
        }
        after = {
            tuple(row[c] for c in key_columns): row
            for row in _read_csv(candidate / SCORECARD_DIR / f"{seed}.csv")
        }
        for key in sorted(set(before) | set(after)):
            old, new = before.get(key, {}), after.get(key, {})
            for column in sorted(set(old) | set(new)):
                if column in key_columns or old.get(column, "") == new.get(column, ""):
                    continue
                if _number(old.get(column, "")) is not None and _number(old.get(column, "")) == _number(
                    new.get(column, "")
                ):
                    continue
                found.append(
                    {
                        "seed": seed,
                        "row": "/".join(key),
                        "column": column,
                        "before": old.get(column),
                        "after": new.get(column),
                    }
                )
    others = {path.name for path in (baseline / SCORECARD_DIR).glob("*.csv")} | {
        path.name for path in (candidate / SCORECARD_DIR).glob("*.csv")
    }
    for name in sorted(others):
        if Path(name).stem in RULE_SEEDS or Path(name).stem in SETTING_SEEDS:
            continue
        old_rows = _read_csv(baseline / SCORECARD_DIR / name)
        new_rows = _read_csv(candidate / SCORECARD_DIR / name)
        if old_rows != new_rows:
            found.append(
                {
                    "seed": Path(name).stem,
                    "row": "(file)",
                    "column": "",
                    "before": f"{len(old_rows)} rows",
                    "after": f"{len(new_rows)} rows",
                }
            )
    return found


def compare_window(
    sandboxes: dict[str, Sandbox],
    window: Window,
    created_after: dt.date | None = None,
) -> dict[str, Any]:
    """Build both sandboxes as of the cutoff and compare them on its population (optionally only
    the leads created after a date: the held-out leads of the suggestion)."""
    frames: dict[str, pd.DataFrame] = {}
    for name, sandbox in sandboxes.items():
        sandbox.build(window.cutoff.isoformat())
        frames[name] = label(scored(sandbox, window), window)
    if created_after is not None:
        later = pd.Timestamp(created_after) + pd.Timedelta(days=1)
        for frame in frames.values():
            early = frame["in_population"] & (frame["created_at"] < later)
            frame.loc[early, "exclusion"] = "created on or before the training snapshot"
            frame.loc[early, "in_population"] = False
    baseline, candidate = frames["baseline"], frames["candidate"]
    models: dict[str, Any] = {}
    for model in sorted(baseline["scoring_model_id"].unique()):
        base = baseline[(baseline["scoring_model_id"] == model) & baseline["in_population"]]
        cand = candidate[(candidate["scoring_model_id"] == model) & candidate["in_population"]]
        aligned = base[["lead_id", "total_score", "is_converted"]].merge(
            cand[["lead_id", "total_score"]], on="lead_id", suffixes=("_b", "_c")
        )
        all_rows = baseline[baseline["scoring_model_id"] == model]
        models[model] = {
            "population": {
                "scored_leads": len(all_rows),
                "excluded": {
                    reason: int(count)
                    for reason, count in all_rows["exclusion"].value_counts().items()
                    if reason
                },
                "leads": len(base),
                "converted": int(base["is_converted"].sum()),
                "conversion_rate": _round(_rate(int(base["is_converted"].sum()), len(base))),
                "with_opportunity": int(base["has_opportunity"].sum()),
            },
            "baseline": evaluate(base),
            "candidate": evaluate(cand),
            "auc_difference": {
                key: _round(value)
                for key, value in metrics.auc_difference(
                    aligned["total_score_b"], aligned["total_score_c"], aligned["is_converted"]
                ).items()
            },
            "changes": changes(base, cand),
            "mql_volume": mql_volume(frames, model),
        }
    pooled = {
        name: frame[frame["in_population"]][["lead_id", "scoring_model_id", "total_score", "is_converted"]]
        for name, frame in frames.items()
    }
    return {
        "cutoff": window.cutoff.isoformat(),
        "horizon_days": window.horizon_days,
        "outcomes_until": window.outcomes_until.isoformat(),
        "created_after": created_after.isoformat() if created_after else None,
        "models": models,
        "all_models": {
            name: {
                "auc": metrics.auc(frame["total_score"], frame["is_converted"]).as_dict(),
                "leads": len(frame),
                "converted": int(frame["is_converted"].sum()),
            }
            for name, frame in pooled.items()
        },
        "_frames": frames,
    }


def population_keys(result: dict[str, Any]) -> set[tuple[str, str]]:
    """(lead, model) pairs in a compared window's population (for checks and the report)."""
    frame = result["_frames"]["baseline"]
    return set(map(tuple, frame.loc[frame["in_population"], ["lead_id", "scoring_model_id"]].to_numpy()))


def run(
    candidate: Path | None,
    against: str | None = None,
    cutoffs: Sequence[dt.date] = (),
    horizon_days: int | None = None,
    rolling: int = 1,
    variables: dict[str, object] | None = None,
    source: Path | None = None,
    project: Path | None = None,
    workdir: Path | None = None,
    created_after: dt.date | None = None,
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Backtest the candidate folder (on top of the baseline) against the baseline: the
    project's scorecard, or a git revision's (against). Returns the result (see write)."""
    from leadscore.warehouse import duckdb_path

    project = project or project_dir()
    source = source or duckdb_path()
    if candidate is None and against is None:
        raise SystemExit("Give a candidate scorecard folder, or --against REV to compare the working tree's.")
    folder, temporary = workspace(workdir, "leadscore-backtest-")
    try:
        baseline_folder: Path | None = None
        if against is not None:
            baseline_folder = folder / "baseline_scorecard"
            export_revision(against, baseline_folder, project)
        sandboxes = {
            "baseline": Sandbox.create(folder, "baseline", baseline_folder, source, variables, project),
            "candidate": Sandbox.create(folder, "candidate", candidate, source, variables, project),
        }
        windows = default_windows_for(sandboxes["baseline"], cutoffs, horizon_days, rolling)
        compared = [compare_window(sandboxes, window, created_after) for window in windows]
        result = {
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "warehouse": str(source),
            "scorecards": labels
            or {
                "baseline": f"git revision {against}" if against else "the project's scorecard",
                "candidate": (f"{candidate} on top of the baseline" if candidate else "the working tree's"),
            },
            "rule_changes": rule_changes(sandboxes["baseline"].project, sandboxes["candidate"].project),
            "setting_changes": setting_changes(sandboxes["baseline"].project, sandboxes["candidate"].project),
            "leaks": list(LEAKS),
            "windows": compared,
        }
        return result
    finally:
        if temporary is not None:
            temporary.cleanup()


def default_windows_for(
    sandbox: Sandbox, cutoffs: Sequence[dt.date], horizon_days: int | None, rolling: int
) -> list[Window]:
    """The windows to backtest: given, or from the wins (read from the sandbox after building
    its outcome models; the sandbox is built again as of each cutoff)."""
    if cutoffs and horizon_days is not None:
        return [Window(cutoff, horizon_days) for cutoff in sorted(cutoffs)]
    sandbox.build(dt.date.today().isoformat(), OUTCOME_MODELS)
    return default_windows(win_dates(sandbox), cutoffs, horizon_days, rolling)


def public(result: dict[str, Any]) -> dict[str, Any]:
    """The result without its data frames (what the JSON holds)."""
    return {
        **result,
        "windows": [
            {key: value for key, value in window.items() if not key.startswith("_")}
            for window in result["windows"]
        ],
    }


def _pct(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{100 * value:.{digits}f} %"


def _num(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _points(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:+g}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def _auc_text(entry: dict[str, Any]) -> str:
    return metrics.Auc(entry["auc"], entry["ci_low"], entry["ci_high"]).text()


def render(result: dict[str, Any]) -> str:
    """The backtest as Markdown."""
    lines = [
        "# Scorecard backtest",
        "",
        f"- baseline: {result['scorecards']['baseline']}",
        f"- candidate: {result['scorecards']['candidate']}",
        f"- warehouse: `{result['warehouse']}` (read only: each scorecard built into its own copy)",
        "",
        "## Rules whose points changed",
        "",
    ]
    rules = result["rule_changes"]
    if rules:
        lines += _table(
            ("seed", "rule", "model", "change", "when", "points before", "points after", "description"),
            [
                (
                    r["seed"],
                    r["rule_id"],
                    r["scoring_model_id"],
                    r["change"],
                    r["rule"],
                    _points(r["points_before"]),
                    _points(r["points_after"]),
                    r["description"],
                )
                for r in rules
            ],
        )
    else:
        lines.append("No rule differs.")
    if result["setting_changes"]:
        lines += ["", "## Other scorecard values that differ", ""]
        lines += _table(
            ("seed", "row", "column", "before", "after"),
            [(s["seed"], s["row"], s["column"], s["before"], s["after"]) for s in result["setting_changes"]],
        )
    for window in result["windows"]:
        lines += _window_lines(window)
    lines += ["", "## What still leaks from after the cutoff", ""]
    lines += [f"- {leak}" for leak in result["leaks"]]
    return "\n".join(lines) + "\n"


def _window_lines(window: dict[str, Any]) -> list[str]:
    held_out = (
        f" Only leads created after {window['created_after']} (held out from the training)."
        if window.get("created_after")
        else ""
    )
    lines = [
        "",
        f"## As of {window['cutoff']}, judged on {window['horizon_days']} days after it "
        f"(to {window['outcomes_until']})",
        "",
        "The population: leads created on or before the cutoff and not won by it, scored with what "
        "was known then; converted = first win closed within the horizon." + held_out,
        "",
    ]
    summary_rows = []
    for model, entry in window["models"].items():
        pop = entry["population"]
        diff = entry["auc_difference"]
        summary_rows.append(
            (
                model,
                f"{pop['leads']:,}",
                f"{pop['converted']:,}",
                _auc_text(entry["baseline"]["auc"]),
                _auc_text(entry["candidate"]["auc"]),
                "n/a"
                if diff["difference"] is None
                else f"{diff['difference']:+.3f} [{diff['ci_low']:+.3f}, {diff['ci_high']:+.3f}], "
                f"p = {diff['p_value']:.2f}",
                _num(entry["baseline"]["top_decile_lift"]),
                _num(entry["candidate"]["top_decile_lift"]),
            )
        )
    lines += _table(
        SUMMARY_HEADERS,
        summary_rows,
    )
    pooled = window["all_models"]
    lines += [
        "",
        f"All models together: AUC {_auc_text(pooled['baseline']['auc'])} (baseline), "
        f"{_auc_text(pooled['candidate']['auc'])} (candidate) on {pooled['baseline']['leads']:,} "
        f"lead-model pairs, {pooled['baseline']['converted']:,} converted.",
    ]
    for model, entry in window["models"].items():
        lines += _model_lines(model, entry)
    return lines


def _model_lines(model: str, entry: dict[str, Any]) -> list[str]:
    pop = entry["population"]
    excluded = ", ".join(f"{count:,} {reason}" for reason, count in pop["excluded"].items()) or "none"
    lines = [
        "",
        f"### {model}",
        "",
        f"{pop['scored_leads']:,} leads scored; left out: {excluded}. In the population: "
        f"{pop['leads']:,}, of which {pop['converted']:,} converted ({_pct(pop['conversion_rate'], 2)}) "
        f"and {pop['with_opportunity']:,} reached an opportunity.",
        "",
        "**Conversion and lift by score decile** (10 = highest total scores)",
        "",
    ]
    base, cand = entry["baseline"]["deciles"], entry["candidate"]["deciles"]
    rows = []
    for b, c in zip(base[::-1], cand[::-1], strict=True):
        rows.append(
            (
                b["decile"],
                f"{b['converted']}/{b['leads']}",
                _pct(b["conversion_rate"], 2),
                _num(b["lift"]),
                f"{c['converted']}/{c['leads']}",
                _pct(c["conversion_rate"], 2),
                _num(c["lift"]),
            )
        )
    lines += _table(
        (
            "decile",
            "baseline converted",
            "conversion",
            "lift",
            "candidate converted",
            "conversion",
            "lift",
        ),
        rows,
    )
    lines += ["", "**Conversion and lift by rating**", ""]
    ratings: dict[str, dict[str, Any]] = {}
    for name in SCORECARD_LABELS:
        for row in entry[name]["ratings"]:
            ratings.setdefault(row["rating"], {})[name] = row
    rating_rows = []
    for rating in sorted(ratings):
        cells: list[Any] = [rating]
        for name in SCORECARD_LABELS:
            row = ratings[rating].get(name)
            cells += (
                [f"{row['converted']}/{row['leads']}", _pct(row["conversion_rate"], 2), _num(row["lift"])]
                if row
                else ["0/0", "n/a", "n/a"]
            )
        rating_rows.append(cells)
    lines += _table(
        (
            "rating",
            "baseline converted",
            "conversion",
            "lift",
            "candidate converted",
            "conversion",
            "lift",
        ),
        rating_rows,
    )
    lines += ["", "**MQL handover against what came after**", ""]
    handover_rows = []
    for flag, words in (
        ("mql_by_cutoff", "reached MQL by the cutoff"),
        ("mql_at_cutoff", "MQL at the cutoff"),
    ):
        for name in SCORECARD_LABELS:
            h = entry[name][flag]
            handover_rows.append(
                (
                    words,
                    name,
                    f"{h['mqls']:,}",
                    _pct(h["opportunity_precision"]),
                    _pct(h["opportunity_recall"]),
                    _pct(h["win_precision"]),
                    _pct(h["win_recall"]),
                )
            )
    lines += _table(
        (
            "MQL",
            "scorecard",
            "MQLs",
            "precision (opportunity)",
            "recall (opportunity)",
            "precision (win)",
            "recall (win)",
        ),
        handover_rows,
    )
    ch = entry["changes"]
    lines += [
        "",
        f"**Leads that change** (of {ch['leads']:,}): score {ch['score_changed']:,}, grade {ch['grade']:,}, "
        f"rating {ch['rating']:,}, buyer stage {ch['buyer_stage']:,}, MQL at the cutoff "
        f"{ch['mql_at_cutoff']:,}, reached MQL by the cutoff {ch['mql_by_cutoff']:,} "
        f"({ch['became_mql']:,} more, {ch['no_longer_mql']:,} fewer).",
        "",
        "**MQLs per month** (by the MQL date each scorecard produces; last 12 months)",
        "",
    ]
    volume = entry["mql_volume"][-12:]
    lines += _table(
        ("month", *SCORECARD_LABELS),
        [(row["month"], *(row.get(name, 0) for name in SCORECARD_LABELS)) for row in volume],
    )
    return lines


def write(result: dict[str, Any], out: Path) -> tuple[Path, Path]:
    """Write backtest.md and backtest.json into the folder out."""
    out.mkdir(parents=True, exist_ok=True)
    markdown, data = out / "backtest.md", out / "backtest.json"
    markdown.write_text(render(result), encoding="utf-8")
    data.write_text(json.dumps(public(result), indent=2, default=str), encoding="utf-8")
    return markdown, data


def main(
    candidate: Path | None,
    against: str | None,
    cutoffs: Sequence[dt.date],
    horizon_days: int | None,
    rolling: int,
    variables: dict[str, object],
    out: Path,
    workdir: Path | None,
) -> None:
    """The `leadscore backtest` command."""
    if candidate is not None and not candidate.is_dir():
        raise SystemExit(f"{candidate} is not a scorecard folder")
    try:
        result = run(candidate, against, cutoffs, horizon_days, rolling, variables, workdir=workdir)
    except (ValueError, RuntimeError) as error:
        raise SystemExit(f"Backtest failed: {error}") from None
    markdown, data = write(result, out)
    print(render(result))
    print(f"Wrote {markdown} and {data}.")
