"""`leadscore report`: one self-contained HTML page on the scorecard, for a person to read.

It shows, per scoring model, how the total scores are spread (with the MQL threshold), how
often leads convert by score band, grade, engagement level, rating and decile (calibration),
the lift of each rule, the lead -> MQL -> SQL -> opportunity -> won funnel with the days
between stages, and, when a backtest JSON is given, the baseline and candidate scorecards
side by side. The charts are plotly figures; plotly.js is written into the page once, so the
file opens offline and needs nothing from the network.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import qualitative
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from leadscore.backtest import SUMMARY_HEADERS
from leadscore.project import project_dir
from leadscore.summary import MIN_PREDICTED_CONVERSIONS
from leadscore.warehouse import connect, duckdb_path

__all__ = [
    "DEFAULT_BACKTEST",
    "DEFAULT_OUT",
    "REQUIRED_TABLES",
    "MissingTablesError",
    "Warehouse",
    "build_report",
    "main",
    "read_backtest",
    "read_warehouse",
    "render",
]

DEFAULT_OUT = Path("reports") / "scorecard.html"
"""Where the report goes, under the project folder, unless told otherwise."""

DEFAULT_BACKTEST = Path("reports") / "backtest" / "backtest.json"
"""The backtest JSON the report shows when there is one and no other was named."""

REQUIRED_TABLES = (
    "marts.fct_lead_scores",
    "marts.fct_lifecycle_transitions",
    "marts.rpt_scorecard_performance",
    "marts.rpt_score_deciles",
    "marts.rpt_score_separation",
    "staging.stg_scorecard__scoring_models",
)
"""The warehouse tables the report reads."""

WINDOWS = ("won_by_as_of", "won_after_as_of")
WINDOW_NAMES = {
    "won_by_as_of": "won by as_of (history)",
    "won_after_as_of": "won after as_of (predicted)",
}
WINDOW_COLOURS = {"won_by_as_of": "#8da0cb", "won_after_as_of": "#fc8d62"}
SCORECARD_COLOURS = {"baseline": "#8c8c8c", "candidate": "#1f77b4"}
MODEL_COLOURS = qualitative.Plotly

FUNNEL_STAGES = (
    ("lead", "lead"),
    ("mql", "MQL"),
    ("sql", "SQL"),
    ("opportunity", "opportunity"),
    ("customer", "won"),
)
"""(lifecycle_stage in fct_lifecycle_transitions, the funnel's word for it), in funnel order."""

CALIBRATION_PANELS = (
    ("score_band", "by score band"),
    ("score_decile", "by total-score decile (10 = highest)"),
    ("fit_grade", "by fit grade"),
    ("engagement_level", "by engagement level"),
    ("rating", "by rating (grade + engagement level)"),
)
"""The calibration panels of each model: a measure of rpt_scorecard_performance (the decile
panel reads rpt_score_deciles) and its title."""

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


class MissingTablesError(RuntimeError):
    """The warehouse lacks tables the report reads."""

    def __init__(self, missing: Sequence[str], database: Path) -> None:
        self.missing = list(missing)
        super().__init__(
            f"The warehouse {database} has no {', '.join(self.missing)}: run `leadscore build` first."
        )


# --- reading the warehouse -------------------------------------------------------------------


def _records(
    con: duckdb.DuckDBPyConnection, sql: str, parameters: dict[str, object] | None = None
) -> list[dict[str, Any]]:
    """The query's rows as dictionaries keyed by column name."""
    cursor = con.execute(sql, parameters or {})
    columns = [column[0] for column in cursor.description or []]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def missing_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables of REQUIRED_TABLES the warehouse does not hold."""
    present = {
        f"{schema}.{name}"
        for schema, name in con.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    }
    return [table for table in REQUIRED_TABLES if table not in present]


@dataclass
class Warehouse:
    """Everything the report shows from one warehouse, read in one go."""

    path: Path
    as_of: dt.date | None
    models: list[dict[str, Any]]
    score_bins: list[dict[str, Any]]
    bin_width: float
    separation: list[dict[str, Any]]
    performance: list[dict[str, Any]]
    deciles: list[dict[str, Any]]
    funnel: list[dict[str, Any]]
    stage_days: list[dict[str, Any]]

    @property
    def model_ids(self) -> list[str]:
        return [model["scoring_model_id"] for model in self.models]

    def judged_window(self) -> str:
        """After as_of when every model has enough conversions there, else by as_of (as the
        build summary judges)."""
        predicted = [row["converted_leads"] for row in self.separation if row["outcome_window"] == WINDOWS[1]]
        return WINDOWS[1] if predicted and min(predicted) >= MIN_PREDICTED_CONVERSIONS else WINDOWS[0]


def nice_width(span: float, bins: int = 60) -> float:
    """A round bin width (1, 2, 2.5 or 5 times a power of ten) giving at most about `bins` bins."""
    if not span or span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / bins
    power = 10.0 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= raw)


def read_warehouse(database: Path | None = None) -> Warehouse:
    """Read what the report shows; MissingTablesError when the build has not made a table."""
    path = database or duckdb_path()
    with connect(read_only=True, path=path) as con:
        missing = missing_tables(con)
        if missing:
            raise MissingTablesError(missing, path)
        as_of = con.execute("select max(as_of) from marts.fct_lead_scores").fetchone()
        models = _records(
            con,
            """
            select
                m.scoring_model_id, m.scoring_model_name as name, m.mql_threshold, m.mql_min_grade,
                count(s.lead_id) as leads,
                count(*) filter (where s.is_mql) as mqls_now,
                count(s.mql_at) as mqls_ever,
                count(*) filter (where s.is_sql) as sqls,
                quantile_cont(s.total_score, 0.5) as median_total_score,
                min(s.total_score) as min_total_score,
                max(s.total_score) as max_total_score
            from staging.stg_scorecard__scoring_models as m
            left join marts.fct_lead_scores as s on s.scoring_model_id = m.scoring_model_id
            group by all
            order by m.scoring_model_id
            """,
        )
        low = min((m["min_total_score"] for m in models if m["min_total_score"] is not None), default=0.0)
        high = max((m["max_total_score"] for m in models if m["max_total_score"] is not None), default=0.0)
        width = nice_width(float(high) - float(low))
        score_bins = _records(
            con,
            """
            select scoring_model_id, floor(total_score / $width) * $width as bin_start, count(*) as leads
            from marts.fct_lead_scores
            where total_score is not null
            group by all
            order by scoring_model_id, bin_start
            """,
            {"width": width},
        )
        separation = _records(
            con,
            "select scoring_model_id, outcome_window, leads, converted_leads, conversion_rate, auc "
            "from marts.rpt_score_separation order by scoring_model_id, outcome_window desc",
        )
        performance = _records(
            con,
            "select * from marts.rpt_scorecard_performance "
            "order by scoring_model_id, measure, outcome_window, sort_order, item",
        )
        deciles = _records(
            con,
            "select scoring_model_id, outcome_window, score_decile, leads, converted_leads, conversion_rate, "
            "min_total_score, max_total_score from marts.rpt_score_deciles "
            "order by scoring_model_id, outcome_window, score_decile",
        )
        funnel = _records(con, FUNNEL_SQL)
        stage_days = _records(con, STAGE_DAYS_SQL)
    return Warehouse(
        path=path,
        as_of=as_of[0] if as_of else None,
        models=models,
        score_bins=score_bins,
        bin_width=width,
        separation=separation,
        performance=performance,
        deciles=deciles,
        funnel=funnel,
        stage_days=stage_days,
    )


_STAGE_ORDER = " ".join(f"when '{stage}' then {n}" for n, (stage, _) in enumerate(FUNNEL_STAGES, start=1))

FUNNEL_SQL = f"""
with furthest as (
    select
        lead_id,
        scoring_model_id,
        max(case lifecycle_stage {_STAGE_ORDER} end) as furthest_stage
    from marts.fct_lifecycle_transitions
    group by lead_id, scoring_model_id
)
select
    s.scoring_model_id,
    count(*) as lead,
    count(*) filter (where f.furthest_stage >= 2) as mql,
    count(*) filter (where f.furthest_stage >= 3) as sql,
    count(*) filter (where f.furthest_stage >= 4) as opportunity,
    count(*) filter (where f.furthest_stage >= 5) as customer
from marts.fct_lead_scores as s
left join furthest as f
    on s.lead_id = f.lead_id and s.scoring_model_id = f.scoring_model_id
group by s.scoring_model_id
order by s.scoring_model_id
"""
"""Per model: the leads scored, and how many reached each funnel stage or a further one."""

_STEPS = " union all ".join(
    f"select scoring_model_id, {n} as step_order, '{before[1]} → {after[1]}' as step, "
    f"date_diff('second', {before[0]}_at, {after[0]}_at) / 86400.0 as days "
    f"from reached where {before[0]}_at is not null and {after[0]}_at is not null"
    for n, (before, after) in enumerate(itertools.pairwise(FUNNEL_STAGES), start=1)
)
_REACHED_AT = ", ".join(
    f"max(case when lifecycle_stage = '{stage}' then reached_at end) as {stage}_at"
    for stage, _ in FUNNEL_STAGES
)

STAGE_DAYS_SQL = f"""
with reached as (
    select
        lead_id,
        scoring_model_id,
        {_REACHED_AT}
    from marts.fct_lifecycle_transitions
    group by lead_id, scoring_model_id
),
steps as ({_STEPS})
select
    scoring_model_id,
    step_order,
    step,
    count(*) as leads,
    quantile_cont(days, 0.05) as p05,
    quantile_cont(days, 0.25) as p25,
    quantile_cont(days, 0.5) as median,
    quantile_cont(days, 0.75) as p75,
    quantile_cont(days, 0.95) as p95
from steps
group by all
order by scoring_model_id, step_order
"""
"""Per model and pair of consecutive stages: the days between them, over the leads whose
transitions hold both."""


# --- formatting ------------------------------------------------------------------------------


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _pct(rate: float | None, digits: int = 1) -> str:
    return "n/a" if rate is None else f"{100 * rate:.{digits}f} %"


def _num(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def _int(value: int | None) -> str:
    return "n/a" if value is None else f"{value:,}"


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value:+g}"


def _auc(entry: dict[str, Any] | None) -> str:
    if not entry or entry.get("auc") is None:
        return "n/a"
    return f"{entry['auc']:.3f} [{entry['ci_low']:.3f}, {entry['ci_high']:.3f}]"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], numeric_from: int = 1) -> str:
    """An HTML table; cells from column numeric_from on are right-aligned."""
    head = "".join(f"<th>{_esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{_esc(cell)}</td>' if n >= numeric_from else f"<td>{_esc(cell)}</td>"
            for n, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _model_colour(models: Sequence[str], model: str) -> str:
    return MODEL_COLOURS[models.index(model) % len(MODEL_COLOURS)] if model in models else "#444444"


# --- the page --------------------------------------------------------------------------------


@dataclass
class Page:
    """The report being written: its sections of HTML and the charts in them."""

    charts: int = 0
    parts: list[str] = field(default_factory=list)
    toc: list[tuple[str, str]] = field(default_factory=list)

    def section(self, anchor: str, title: str, intro: str) -> None:
        if self.toc:
            self.parts.append("</section>")
        self.toc.append((anchor, title))
        self.parts.append(f'<section id="{anchor}"><h2>{_esc(title)}</h2><p class="intro">{intro}</p>')

    def heading(self, text: str) -> None:
        self.parts.append(f"<h3>{_esc(text)}</h3>")

    def html(self, fragment: str) -> None:
        self.parts.append(fragment)

    def note(self, text: str) -> None:
        self.parts.append(f'<p class="note">{text}</p>')

    def chart(self, figure: go.Figure, caption: str, height: int = 420) -> None:
        """One chart: its own div (plotly.js is in the page head) and a caption on how to read it."""
        self.charts += 1
        top, bottom = 90, 50
        figure.update_layout(
            height=height,
            template="plotly_white",
            margin={"l": 60, "r": 30, "t": top, "b": bottom},
            # Above the plot, right-aligned (the title is on the left): clear of subplot titles
            # and axis titles alike.
            legend={
                "orientation": "h",
                "xanchor": "right",
                "x": 1.0,
                "yanchor": "bottom",
                "y": 1.0 + 34 / max(height - top - bottom, 100),
            },
        )
        div = pio.to_html(
            figure,
            full_html=False,
            include_plotlyjs=False,
            div_id=f"chart-{self.charts}",
            config=PLOTLY_CONFIG,
            default_height=f"{height}px",
        )
        self.parts.append(f'<figure class="chart">{div}<figcaption>{caption}</figcaption></figure>')

    def details(self, summary: str, fragment: str) -> None:
        self.parts.append(f"<details><summary>{_esc(summary)}</summary>{fragment}</details>")


def no_data_figure(title: str, reason: str) -> go.Figure:
    """A chart that says there is nothing to plot, and why."""
    figure = go.Figure()
    figure.update_layout(
        title=title,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {
                "text": f"No data: {_esc(reason)}",
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": 16, "color": "#666666"},
            }
        ],
    )
    return figure


def _panel_note(figure: go.Figure, row: int, col: int, text: str) -> None:
    """A note in the middle of one subplot (in paper coordinates: an empty subplot draws no axes
    to anchor it to)."""
    subplot = figure.get_subplot(row, col)
    x_low, x_high = subplot.xaxis.domain
    y_low, y_high = subplot.yaxis.domain
    figure.add_annotation(
        text=_esc(text),
        x=(x_low + x_high) / 2,
        y=(y_low + y_high) / 2,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"color": "#666666"},
    )


# --- 1. score distribution -------------------------------------------------------------------


def distribution_figure(warehouse: Warehouse) -> go.Figure:
    """Histogram of total score per model (bins counted in the warehouse), MQL thresholds dashed."""
    if not warehouse.score_bins:
        return no_data_figure("Total score per lead", "no lead was scored")
    figure = go.Figure()
    width = warehouse.bin_width
    models = warehouse.model_ids
    for model in models:
        bins = [row for row in warehouse.score_bins if row["scoring_model_id"] == model]
        if not bins:
            continue
        figure.add_trace(
            go.Bar(
                x=[float(row["bin_start"]) + width / 2 for row in bins],
                y=[row["leads"] for row in bins],
                width=width,
                name=model,
                opacity=0.6,
                marker={"color": _model_colour(models, model)},
                customdata=[[float(row["bin_start"]), float(row["bin_start"]) + width] for row in bins],
                hovertemplate=f"{model}<br>total score %{{customdata[0]:g}} to <%{{customdata[1]:g}}"
                "<br>%{y:,} leads<extra></extra>",
            )
        )
    thresholds: dict[float, list[str]] = {}
    for settings in warehouse.models:
        if settings["mql_threshold"] is not None and settings["leads"]:
            thresholds.setdefault(float(settings["mql_threshold"]), []).append(settings["scoring_model_id"])
    for threshold, sharing in thresholds.items():
        figure.add_vline(
            x=threshold,
            line={
                "dash": "dash",
                "width": 2,
                "color": _model_colour(models, sharing[0]) if len(sharing) == 1 else "#333333",
            },
            annotation_text=f"MQL threshold {threshold:g} ({', '.join(sharing)})",
            annotation_position="top",
        )
    figure.update_layout(
        title="Total score per lead (fit + engagement)",
        barmode="overlay",
        showlegend=True,
        xaxis_title="total score",
        yaxis_title="leads",
        bargap=0,
    )
    return figure


def score_distribution(page: Page, warehouse: Warehouse) -> None:
    page.section(
        "distribution",
        "Score distribution",
        "How the scoring models spread the leads: each bar counts the leads whose total score "
        "(fit + engagement, as of as_of) falls in the bar's range. The dashed line is the model's "
        "MQL threshold: leads to its right (with at least the minimum fit grade) are marketing "
        "qualified. A wall of leads just under the line is worth a look before moving it.",
    )
    page.chart(
        distribution_figure(warehouse),
        f"One colour per scoring model, overlaid; bins of {warehouse.bin_width:g} points. "
        "Hover a bar for its range and count.",
    )
    page.html(
        table(
            (
                "model",
                "name",
                "leads",
                "MQL threshold",
                "min. grade",
                "MQL now",
                "ever MQL",
                "SQL",
                "median total score",
            ),
            [
                (
                    m["scoring_model_id"],
                    m["name"],
                    _int(m["leads"]),
                    _num(m["mql_threshold"], 0),
                    m["mql_min_grade"],
                    _int(m["mqls_now"]),
                    _int(m["mqls_ever"]),
                    _int(m["sqls"]),
                    _num(m["median_total_score"], 1),
                )
                for m in warehouse.models
            ],
            numeric_from=2,
        )
    )


# --- 2. calibration --------------------------------------------------------------------------


def _calibration_rows(warehouse: Warehouse, model: str, measure: str, window: str) -> list[dict[str, Any]]:
    """(item, sort order, description, leads, converted, rate, lift over base) of one panel and
    window, in order."""
    if measure == "score_decile":
        return [
            {
                "item": str(row["score_decile"]),
                "sort_order": row["score_decile"],
                "description": f"total score {_num(row['min_total_score'], 1)} to "
                f"{_num(row['max_total_score'], 1)}",
                "leads": row["leads"],
                "converted": row["converted_leads"],
                "rate": row["conversion_rate"],
                "lift": None,
            }
            for row in warehouse.deciles
            if row["scoring_model_id"] == model and row["outcome_window"] == window
        ]
    return [
        {
            "item": str(row["item"]),
            "sort_order": row["sort_order"],
            "description": row.get("item_description") or "",
            "leads": row["leads"],
            "converted": row["converted_leads"],
            "rate": row["conversion_rate"],
            "lift": row.get("lift_over_base"),
        }
        for row in warehouse.performance
        if row["scoring_model_id"] == model and row["measure"] == measure and row["outcome_window"] == window
    ]


def calibration_figure(warehouse: Warehouse, model: str) -> go.Figure:
    """Conversion rate by score band, decile, grade, engagement level and rating, both windows."""
    figure = make_subplots(
        rows=3,
        cols=2,
        specs=[[{"colspan": 2}, None], [{}, {}], [{}, {}]],
        subplot_titles=[title for _, title in CALIBRATION_PANELS],
        vertical_spacing=0.13,
        horizontal_spacing=0.08,
    )
    positions = [(1, 1), (2, 1), (2, 2), (3, 1), (3, 2)]
    in_legend: set[str] = set()
    for (measure, _), (row, col) in zip(CALIBRATION_PANELS, positions, strict=True):
        panel = {window: _calibration_rows(warehouse, model, measure, window) for window in WINDOWS}
        # One order for both windows (a group may be missing from one of them).
        order = sorted(
            {(r["sort_order"], _esc(r["item"])) for rows in panel.values() for r in rows},
            key=lambda pair: (pair[0] is None, pair[0] or 0, pair[1]),
        )
        plotted = False
        for window, rows in panel.items():
            if not rows:
                continue
            plotted = True
            figure.add_trace(
                go.Bar(
                    x=[_esc(r["item"]) for r in rows],
                    y=[100 * (r["rate"] or 0.0) for r in rows],
                    name=WINDOW_NAMES[window],
                    legendgroup=window,
                    showlegend=window not in in_legend,
                    marker={"color": WINDOW_COLOURS[window]},
                    customdata=[
                        [r["converted"], r["leads"], _num(r["lift"]), _esc(r["description"])] for r in rows
                    ],
                    hovertemplate=f"{WINDOW_NAMES[window]}<br>%{{x}} %{{customdata[3]}}"
                    "<br>%{customdata[0]:,} of %{customdata[1]:,} leads converted (%{y:.1f} %)"
                    "<br>lift over the base rate %{customdata[2]}<extra></extra>",
                ),
                row=row,
                col=col,
            )
            in_legend.add(window)
        if not plotted:
            _panel_note(figure, row, col, "no data")
        figure.update_xaxes(
            type="category",
            categoryorder="array",
            categoryarray=[item for _, item in order],
            row=row,
            col=col,
        )
        figure.update_yaxes(title_text="converted %", row=row, col=col, rangemode="tozero")
    figure.update_layout(title=f"{model}: conversion rate by band", barmode="group", showlegend=True)
    if not any(row["converted_leads"] for row in warehouse.separation if row["scoring_model_id"] == model):
        figure.update_layout(title=f"{model}: conversion rate by band (no lead converted in either window)")
    return figure


def calibration(page: Page, warehouse: Warehouse) -> None:
    page.section(
        "calibration",
        "Calibration: conversion by score band",
        "Does a higher score mean more won deals? Each bar is the share of a group's leads that "
        "converted (won a deal of the model's product line). In a scorecard that works, the bars "
        "rise with the score band, the decile and the fit grade, fall from engagement level 1 "
        "(most engaged) to 4, and the A1-type ratings lead. Two outcome windows: "
        "<b>won by as_of</b> is history (the score already saw what led to the win, so it "
        "flatters the scorecard); <b>won after as_of</b> counts, among the leads not yet won, the "
        "wins that came later — what the score predicted.",
    )
    rows = [
        (
            row["scoring_model_id"],
            WINDOW_NAMES.get(row["outcome_window"], row["outcome_window"]),
            _int(row["leads"]),
            _int(row["converted_leads"]),
            _pct(row["conversion_rate"], 2),
            _num(row["auc"], 3),
        )
        for row in warehouse.separation
    ]
    page.html(
        table(("model", "outcome window", "leads", "converted", "conversion", "AUC"), rows, numeric_from=2)
    )
    page.note(
        "AUC: the chance that a lead that converted outscored one that did not (0.5 is chance, "
        "1.0 perfect); n/a without both converters and non-converters."
    )
    for model in warehouse.model_ids:
        page.heading(model)
        page.chart(
            calibration_figure(warehouse, model),
            f"{_esc(model)}: each panel groups the leads one way; hover a bar for the counts and the "
            "lift over the model's base rate (2.0 = converts twice as often as the average lead). "
            "A group of a handful of leads makes a tall bar from one conversion: check its count.",
            height=1000,
        )
        mql_rows = [
            row
            for row in warehouse.performance
            if row["scoring_model_id"] == model and row["measure"] == "mql"
        ]
        if mql_rows:
            page.html(
                table(
                    ("MQL handover", "outcome window", "MQLs", "reached the outcome", "precision", "recall"),
                    [
                        (
                            row.get("item_description") or row["item"],
                            WINDOW_NAMES.get(row["outcome_window"], row["outcome_window"]),
                            _int(row["leads"]),
                            _int(row["converted_leads"]),
                            _pct(row["precision"]),
                            _pct(row["recall"]),
                        )
                        for row in mql_rows
                    ],
                    numeric_from=2,
                )
            )
            page.note(
                "Precision: the share of the MQLs that reached the outcome (a won deal, or a deal "
                "opened); recall: the share of the leads that reached it that had been MQLs."
            )


# --- 3. lift per rule ------------------------------------------------------------------------


def _rule_label(row: dict[str, Any], length: int = 48) -> str:
    description = str(row.get("item_description") or "")
    if len(description) > length:
        description = description[: length - 1] + "…"
    return _esc(f"{row['item']} {description}".strip())


def rule_rows(warehouse: Warehouse, model: str, window: str) -> list[dict[str, Any]]:
    """The rule rows of one model and window, the highest lift first (no lift last)."""
    rows = [
        row
        for row in warehouse.performance
        if row["scoring_model_id"] == model and row["measure"] == "rule" and row["outcome_window"] == window
    ]
    return sorted(
        rows, key=lambda r: (r["lift"] is None, -(r["lift"] or 0.0), r["sort_order"] or 0, r["item"])
    )


def charted_rules(warehouse: Warehouse, model: str, order_window: str) -> list[dict[str, Any]]:
    """The rules of the lift chart: those that gave a lead points in either window, in the order
    of their lift in order_window."""
    hit = {
        row["item"]
        for row in warehouse.performance
        if row["scoring_model_id"] == model and row["measure"] == "rule" and row["leads"]
    }
    return [row for row in rule_rows(warehouse, model, order_window) if row["item"] in hit]


def rule_lift_figure(warehouse: Warehouse, model: str, order_window: str) -> go.Figure:
    """Horizontal bars: the lift of each rule in both windows, the dotted line at 1."""
    ordered = charted_rules(warehouse, model, order_window)
    if not ordered:
        return no_data_figure(f"{model}: lift per rule", "no rule gave this model's leads points")
    labels = [_rule_label(row) for row in ordered]
    figure = go.Figure()
    lifts_by_window: dict[str, list[float | None]] = {}
    rows_by_window: dict[str, list[dict[str, Any] | None]] = {}
    for window in WINDOWS:
        by_item = {row["item"]: row for row in rule_rows(warehouse, model, window)}
        rows_by_window[window] = [by_item.get(row["item"]) for row in ordered]
        lifts = [row["lift"] if row else None for row in rows_by_window[window]]
        if any(value is not None for value in lifts):
            lifts_by_window[window] = lifts
    if not lifts_by_window:
        return no_data_figure(
            f"{model}: lift per rule", "no lift: no lead converted, or every lead converted, in either window"
        )
    # The window the scorecard is judged on is shown; the other is a click on the legend away
    # (few conversions make its lifts noisy), unless the judged one has no lift at all.
    shown = order_window if order_window in lifts_by_window else next(iter(lifts_by_window))
    for window, lifts in lifts_by_window.items():
        rows = rows_by_window[window]
        figure.add_trace(
            go.Bar(
                y=labels,
                x=lifts,
                visible=True if window == shown else "legendonly",
                orientation="h",
                text=["" if value is None else f"{value:.2f}" for value in lifts],
                textposition="outside",
                cliponaxis=False,
                name=WINDOW_NAMES[window],
                marker={"color": WINDOW_COLOURS[window]},
                customdata=[
                    [
                        _int(row["leads"]) if row else "n/a",
                        _int(row["converted_leads"]) if row else "n/a",
                        _pct(row["conversion_rate"]) if row else "n/a",
                        _pct(row["conversion_rate_missed"]) if row else "n/a",
                        _num(row["lift_over_base"]) if row else "n/a",
                        _points(row["configured_points"]) if row else "—",
                        _points(row["fitted_points"]) if row else "—",
                        _num(row["average_points"], 1) if row else "n/a",
                    ]
                    for row in rows
                ],
                hovertemplate=f"{WINDOW_NAMES[window]}<br>%{{y}}<br>lift %{{x:.2f}}"
                "<br>hit %{customdata[0]} leads, %{customdata[1]} converted (%{customdata[2]});"
                " missed: %{customdata[3]}<br>lift over the base rate %{customdata[4]}"
                "<br>points configured %{customdata[5]}, fitted %{customdata[6]},"
                " given on average %{customdata[7]}<extra></extra>",
            )
        )
    figure.add_vline(x=1, line={"dash": "dot", "color": "#333333"})
    figure.update_layout(
        title=f"{model}: lift per rule",
        barmode="group",
        showlegend=True,
        xaxis_title="lift: conversion of the leads the rule hit ÷ of those it missed (dotted: 1, no signal)",
        yaxis={"autorange": "reversed", "type": "category"},
    )
    return figure


def rule_lift(page: Page, warehouse: Warehouse) -> None:
    window = warehouse.judged_window()
    page.section(
        "rules",
        "Lift per rule",
        "Which criteria really precede conversion? A rule's lift is the conversion rate of the "
        "leads it gave points to over that of the leads it did not: 2.0 means its leads convert "
        "twice as often, 1.0 that it earns its points without predicting anything. A positive "
        "rule should sit above 1 and a negative one below. Configured points are the scorecard's; "
        "fitted points are the ones the outcomes suggest. Rules are sorted by their lift "
        f"{_esc(WINDOW_NAMES[window])}.",
    )
    for model in warehouse.model_ids:
        page.heading(model)
        rules = rule_rows(warehouse, model, window)
        charted = charted_rules(warehouse, model, window)
        figure = rule_lift_figure(warehouse, model, window)
        page.chart(
            figure,
            f"{_esc(model)}: one bar per rule and outcome window; hover for the counts and the "
            "configured and fitted points. Rules that gave no lead points are left out (see the "
            "table); a rule without a bar has no lift in that window: none of its leads converted "
            "and none of the others did, or only its leads did (∞ in the table).",
            height=max(420, 160 + 28 * len(charted)) if figure.data else 320,
        )
        if rules:
            page.details(
                f"{model}: the rules as a table ({WINDOW_NAMES[window]})",
                table(
                    (
                        "rule",
                        "description",
                        "leads hit",
                        "converted",
                        "conversion",
                        "conversion, missed",
                        "lift",
                        "lift over base",
                        "configured points",
                        "fitted points",
                        "average points",
                    ),
                    [
                        (
                            row["item"],
                            row.get("item_description") or "",
                            _int(row["leads"]),
                            _int(row["converted_leads"]),
                            _pct(row["conversion_rate"]),
                            _pct(row["conversion_rate_missed"]),
                            _lift(row),
                            _num(row["lift_over_base"]),
                            _points(row["configured_points"]),
                            _points(row["fitted_points"]),
                            _num(row["average_points"], 1),
                        )
                        for row in rules
                    ],
                    numeric_from=2,
                ),
            )


def _lift(row: dict[str, Any]) -> str:
    """A rule's lift; ∞ when its leads converted and none of the others did."""
    if row["lift"] is None and row["leads"] and row["converted_leads"] and row["converted_missed"] == 0:
        return "∞"
    return _num(row["lift"])


# --- 4. funnel -------------------------------------------------------------------------------


def funnel_shares(row: dict[str, Any]) -> list[float | None]:
    """Each stage's leads as a share of the stage before (None for the first, or after none)."""
    counts = [row[stage] for stage, _ in FUNNEL_STAGES]
    return [None, *(after / before if before else None for before, after in itertools.pairwise(counts))]


def funnel_figure(warehouse: Warehouse) -> go.Figure:
    """The lead -> MQL -> SQL -> opportunity -> won funnel, one bar per model and stage on a log
    scale (a linear funnel hides the last stages, a few per cent of the first)."""
    if not any(row["lead"] for row in warehouse.funnel):
        return no_data_figure("Funnel", "no lead was scored")
    figure = go.Figure()
    models = warehouse.model_ids
    stages = [word for _, word in FUNNEL_STAGES]
    for row in warehouse.funnel:
        model = row["scoring_model_id"]
        counts = [row[stage] for stage, _ in FUNNEL_STAGES]
        shares = funnel_shares(row)
        figure.add_trace(
            go.Bar(
                x=stages,
                # A stage no lead reached has no bar on a log scale.
                y=[count or None for count in counts],
                name=model,
                marker={"color": _model_colour(models, model)},
                text=[
                    f"{count:,}" + ("" if share is None else f"<br>{_pct(share)}")
                    for count, share in zip(counts, shares, strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                customdata=[[f"{count:,}", _pct(share)] for count, share in zip(counts, shares, strict=True)],
                hovertemplate=f"{model}<br>%{{x}}: %{{customdata[0]}} leads<br>%{{customdata[1]}} of the "
                "stage before<extra></extra>",
            )
        )
    figure.update_layout(
        title="Leads that reached each stage (or a further one)",
        barmode="group",
        showlegend=True,
        yaxis={"type": "log", "title": "leads (log scale)"},
        xaxis={"type": "category"},
    )
    return figure


def stage_days_figure(warehouse: Warehouse) -> go.Figure:
    """Days between consecutive stages as boxes: 25th-75th percentile, median, 5th-95th whiskers."""
    if not warehouse.stage_days:
        return no_data_figure("Days between stages", "no lead has reached two consecutive stages")
    figure = go.Figure()
    models = warehouse.model_ids
    for model in models:
        rows = [row for row in warehouse.stage_days if row["scoring_model_id"] == model]
        if not rows:
            continue
        figure.add_trace(
            go.Box(
                x=[row["step"] for row in rows],
                q1=[row["p25"] for row in rows],
                median=[row["median"] for row in rows],
                q3=[row["p75"] for row in rows],
                lowerfence=[row["p05"] for row in rows],
                upperfence=[row["p95"] for row in rows],
                name=model,
                marker={"color": _model_colour(models, model)},
                hoverinfo="x+name",
            )
        )
    figure.update_layout(
        title="Days between consecutive stages",
        boxmode="group",
        yaxis_title="days",
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": _step_names()},
    )
    return figure


def _step_names() -> list[str]:
    return [f"{before[1]} → {after[1]}" for before, after in itertools.pairwise(FUNNEL_STAGES)]


def funnel(page: Page, warehouse: Warehouse) -> None:
    page.section(
        "funnel",
        "The journey: lead → MQL → SQL → opportunity → won",
        "Per scoring model, as of as_of: how many leads reached each stage, or a further one (a "
        "lead whose deal opened before it became an MQL counts as an MQL too), and how long the "
        "steps took. Stages come from marts.fct_lifecycle_transitions; won means a won deal of "
        "the model's product line by as_of.",
    )
    page.chart(
        funnel_figure(warehouse),
        "One bar per model and stage, on a log scale so that the last stages stay visible: equal "
        "steps down are equal shares lost. Above each bar: the leads, and their share of the stage "
        "before. A stage no lead reached has no bar.",
    )
    page.chart(
        stage_days_figure(warehouse),
        "Each box: the days from one stage to the next over the leads that reached both; the line "
        "in the box is the median, the box runs from the 25th to the 75th percentile, the "
        "whiskers from the 5th to the 95th.",
    )
    page.html(
        table(
            ("model", *(word for _, word in FUNNEL_STAGES)),
            [
                (
                    row["scoring_model_id"],
                    *(
                        _int(row[stage]) + ("" if share is None else f" ({_pct(share)})")
                        for (stage, _), share in zip(FUNNEL_STAGES, funnel_shares(row), strict=True)
                    ),
                )
                for row in warehouse.funnel
            ],
        )
    )
    page.html(
        table(
            ("model", "step", "leads", "median days", "75th percentile, days"),
            [
                (
                    row["scoring_model_id"],
                    row["step"],
                    _int(row["leads"]),
                    _num(row["median"], 1),
                    _num(row["p75"], 1),
                )
                for row in warehouse.stage_days
            ],
            numeric_from=2,
        )
        if warehouse.stage_days
        else '<p class="note">No lead has reached two consecutive stages yet.</p>'
    )


# --- 5. backtest -----------------------------------------------------------------------------


def read_backtest(path: Path) -> dict[str, Any]:
    """The backtest JSON `leadscore backtest` writes; ValueError when it is not one."""
    try:
        result = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path} is not JSON: {error}") from None
    if not isinstance(result, dict) or not isinstance(result.get("windows"), list):
        raise ValueError(f"{path} is no backtest result (it has no list of windows)")
    return result


def backtest_auc_figure(result: dict[str, Any]) -> go.Figure:
    """AUC with its 95 % interval per model (and all models) and cutoff, baseline beside candidate."""
    groups: list[tuple[str, str, dict[str, Any]]] = []
    for window in result["windows"]:
        cutoff = str(window.get("cutoff", "?"))
        for model, entry in (window.get("models") or {}).items():
            groups.append(
                (model, cutoff, {name: (entry.get(name) or {}).get("auc") for name in SCORECARD_COLOURS})
            )
        pooled = window.get("all_models") or {}
        if pooled:
            groups.append(
                (
                    "all models",
                    cutoff,
                    {name: (pooled.get(name) or {}).get("auc") for name in SCORECARD_COLOURS},
                )
            )
    usable = [g for g in groups if any(auc and auc.get("auc") is not None for auc in g[2].values())]
    if not usable:
        return no_data_figure(
            "AUC per model and cutoff", "no AUC: no population had both converters and others"
        )
    figure = go.Figure()
    for name, colour in SCORECARD_COLOURS.items():
        aucs = [g[2].get(name) or {} for g in usable]
        values = [a.get("auc") for a in aucs]
        figure.add_trace(
            go.Scatter(
                x=[[g[0] for g in usable], [g[1] for g in usable]],
                y=values,
                mode="markers",
                name=name,
                marker={"color": colour, "size": 11},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [(a["ci_high"] - a["auc"]) if a.get("auc") is not None else None for a in aucs],
                    "arrayminus": [
                        (a["auc"] - a["ci_low"]) if a.get("auc") is not None else None for a in aucs
                    ],
                    "color": colour,
                },
                customdata=[[_auc(a)] for a in aucs],
                hovertemplate=f"{name}: AUC %{{customdata[0]}}<extra></extra>",
            )
        )
    figure.add_hline(y=0.5, line={"dash": "dot", "color": "#333333"}, annotation_text="0.5 = chance")
    figure.update_layout(
        title="AUC per model and cutoff, with 95 % intervals",
        scattermode="group",
        yaxis={"title": "AUC", "range": [0, 1.02]},
    )
    return figure


def backtest_decile_figure(window: dict[str, Any]) -> go.Figure:
    """Lift by score decile, baseline beside candidate, one panel per model."""
    models = list((window.get("models") or {}).items())
    if not models:
        return no_data_figure(f"Lift by decile, as of {window.get('cutoff')}", "no model in this window")
    figure = make_subplots(rows=1, cols=len(models), subplot_titles=[model for model, _ in models])
    in_legend: set[str] = set()
    for col, (_, entry) in enumerate(models, start=1):
        plotted = False
        for name, colour in SCORECARD_COLOURS.items():
            deciles = (entry.get(name) or {}).get("deciles") or []
            if not deciles or all(d.get("lift") is None for d in deciles):
                continue
            plotted = True
            figure.add_trace(
                go.Bar(
                    x=[str(d["decile"]) for d in deciles],
                    y=[d.get("lift") for d in deciles],
                    name=name,
                    legendgroup=name,
                    showlegend=name not in in_legend,
                    marker={"color": colour},
                    customdata=[
                        [d.get("converted"), d.get("leads"), _pct(d.get("conversion_rate"), 2)]
                        for d in deciles
                    ],
                    hovertemplate=f"{name}, decile %{{x}}: lift %{{y:.2f}}<br>%{{customdata[0]}} of "
                    "%{customdata[1]} converted (%{customdata[2]})<extra></extra>",
                ),
                row=1,
                col=col,
            )
            in_legend.add(name)
        if not plotted:
            _panel_note(figure, 1, col, "no data: no lead converted")
        figure.update_xaxes(type="category", title_text="decile (10 = highest scores)", row=1, col=col)
        figure.update_yaxes(title_text="lift", rangemode="tozero", row=1, col=col)
    figure.add_hline(y=1, line={"dash": "dot", "color": "#333333"})
    figure.update_layout(
        title=f"Lift by score decile, as of {window.get('cutoff')} "
        f"(judged to {window.get('outcomes_until')})",
        barmode="group",
    )
    return figure


def _difference(entry: dict[str, Any]) -> str:
    diff = entry.get("auc_difference") or {}
    if diff.get("difference") is None:
        return "n/a"
    interval = f"[{diff['ci_low']:+.3f}, {diff['ci_high']:+.3f}]"
    return f"{diff['difference']:+.3f} {interval}, p = {diff['p_value']:.2f}"


def backtest(page: Page, result: dict[str, Any] | None, path: Path | None) -> None:
    page.section(
        "backtest",
        "Backtest: baseline against candidate",
        "A time-honest comparison of two scorecards: both score the leads as of a cutoff with only "
        "what was known then, and are judged on the deals won within the horizon after it. The "
        "AUC is the chance a converter outscores a non-converter (0.5 is chance); its interval and "
        "the paired difference are DeLong's. Lift by decile: conversion of each tenth of the "
        "leads, by score, over the base rate.",
    )
    if result is None:
        page.note(
            "No backtest in this report: run <code>leadscore backtest</code>, then "
            "<code>leadscore report --backtest reports/backtest/backtest.json</code>."
        )
        return
    scorecards = result.get("scorecards") or {}
    page.html(
        "<ul>"
        f"<li>baseline: {_esc(scorecards.get('baseline'))}</li>"
        f"<li>candidate: {_esc(scorecards.get('candidate'))}</li>"
        f"<li>backtest of {_esc(result.get('generated_at'))} on <code>{_esc(result.get('warehouse'))}</code>"
        f" (<code>{_esc(path)}</code>)</li></ul>"
    )
    rules = result.get("rule_changes") or []
    if rules:
        page.html(
            table(
                ("seed", "rule", "model", "change", "when", "points before", "points after", "description"),
                [
                    (
                        r.get("seed"),
                        r.get("rule_id"),
                        r.get("scoring_model_id"),
                        r.get("change"),
                        r.get("rule"),
                        _points(r.get("points_before")),
                        _points(r.get("points_after")),
                        r.get("description"),
                    )
                    for r in rules
                ],
                numeric_from=5,
            )
        )
    else:
        page.note("No rule's points differ between the two scorecards.")
    settings = result.get("setting_changes") or []
    if settings:
        page.details(
            "Other scorecard values that differ",
            table(
                ("seed", "row", "column", "before", "after"),
                [
                    (s.get("seed"), s.get("row"), s.get("column"), s.get("before"), s.get("after"))
                    for s in settings
                ],
                numeric_from=5,
            ),
        )
    page.chart(
        backtest_auc_figure(result),
        "Grey: the baseline scorecard; blue: the candidate. Each pair is one model (and all models "
        "pooled) at one cutoff; the whiskers are 95 % intervals. Intervals that overlap widely say "
        "the data cannot tell the two apart; the table's paired difference is the sharper test.",
    )
    for window in result["windows"]:
        page.heading(
            f"As of {window.get('cutoff')}, judged on {window.get('horizon_days')} days after it "
            f"(to {window.get('outcomes_until')})"
        )
        rows = []
        for model, entry in (window.get("models") or {}).items():
            population = entry.get("population") or {}
            rows.append(
                (
                    model,
                    _int(population.get("leads")),
                    _int(population.get("converted")),
                    _auc((entry.get("baseline") or {}).get("auc")),
                    _auc((entry.get("candidate") or {}).get("auc")),
                    _difference(entry),
                    _num((entry.get("baseline") or {}).get("top_decile_lift")),
                    _num((entry.get("candidate") or {}).get("top_decile_lift")),
                )
            )
        page.html(
            table(
                SUMMARY_HEADERS,
                rows,
            )
        )
        page.chart(
            backtest_decile_figure(window),
            "One panel per model: bars above the dotted line at 1 convert more often than the "
            "population; a scorecard that ranks well has its lift climb towards decile 10.",
        )
    leaks = result.get("leaks") or []
    if leaks:
        page.details(
            "What still leaks from after the cutoff",
            "<ul>" + "".join(f"<li>{_esc(x)}</li>" for x in leaks) + "</ul>",
        )


# --- the whole report ------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0;
       background: #fafafa; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; }
h1 { margin-bottom: 4px; }
h2 { border-bottom: 2px solid #ddd; padding-bottom: 4px; margin-top: 48px; }
h3 { margin-top: 28px; }
.meta, .note, figcaption { color: #555; }
.intro { max-width: 70em; line-height: 1.45; }
figure.chart { margin: 16px 0 24px; border: 1px solid #eee; padding: 8px; }
figcaption { font-size: 0.92em; margin-top: 6px; }
table { border-collapse: collapse; margin: 12px 0; font-size: 0.92em; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
nav ol { columns: 2; }
code { background: #f3f3f3; padding: 1px 4px; }
details { margin: 8px 0 16px; }
summary { cursor: pointer; color: #1f5f9f; }
"""


def render(
    warehouse: Warehouse, backtest_result: dict[str, Any] | None = None, backtest_path: Path | None = None
) -> str:
    """The report as one HTML document, plotly.js inline once."""
    page = Page()
    score_distribution(page, warehouse)
    calibration(page, warehouse)
    rule_lift(page, warehouse)
    funnel(page, warehouse)
    backtest(page, backtest_result, backtest_path)
    page.html("</section>")
    contents = "".join(f'<li><a href="#{anchor}">{_esc(title)}</a></li>' for anchor, title in page.toc)
    written = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    models = ", ".join(warehouse.model_ids) or "none"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Lead scorecard report</title>"
        f"<style>{STYLE}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script>'
        f'</head><body><main data-charts="{page.charts}">'
        "<h1>Lead scorecard report</h1>"
        f'<p class="meta">Scored as of <b>{_esc(warehouse.as_of or "n/a")}</b> · warehouse '
        f"<code>{_esc(warehouse.path)}</code> · scoring models: {_esc(models)} · written {written}</p>"
        f"<nav><ol>{contents}</ol></nav>" + "".join(page.parts) + "</main></body></html>\n"
    )


def build_report(database: Path | None = None, backtest: Path | None = None, out: Path | None = None) -> Path:
    """Write the report of the warehouse (default: the project's) to out (default
    reports/scorecard.html in the project), with the backtest JSON's comparison when one is given."""
    out = out or project_dir() / DEFAULT_OUT
    warehouse = read_warehouse(database)
    result = read_backtest(backtest) if backtest is not None else None
    document = render(warehouse, result, backtest)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(document, encoding="utf-8")
    return out


def main(out: Path | None = None, backtest: Path | None = None, database: Path | None = None) -> None:
    """The `leadscore report` command: write the report, with the latest backtest when there is one."""
    if backtest is None and (project_dir() / DEFAULT_BACKTEST).is_file():
        backtest = project_dir() / DEFAULT_BACKTEST
    if backtest is not None and not backtest.is_file():
        raise SystemExit(f"No backtest result at {backtest}: run `leadscore backtest` first.")
    try:
        path = build_report(database=database, backtest=backtest, out=out)
    except (FileNotFoundError, MissingTablesError, ValueError) as error:
        raise SystemExit(str(error)) from None
    shown = f" with the backtest {backtest}" if backtest else ""
    print(f"Wrote the scorecard report{shown} to {path}")
