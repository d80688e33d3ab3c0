"""The report `leadscore build` ends with. It opens with what was lost per raw table, then says
what to fix (values nulled, deals that count for no scoring model), then the funnel and how
well the score predicts won deals, with the reason when it cannot say."""

from __future__ import annotations

from pathlib import Path

import duckdb

from leadscore.warehouse import connect, scalar

SUMMARY_SCHEMAS = ("staging", "marts", "data_quality")
WINDOW_LABELS = {
    "won_after_as_of": "won after as_of (what the score predicted)",
    "won_by_as_of": "won by as_of (history: the score saw what led to the win)",
}


def _rows(
    sql: str, database: Path | None = None, parameters: list[object] | None = None
) -> list[tuple] | None:
    """The query's rows, or None when a table it reads was not built."""
    with connect(read_only=True, path=database) as con:
        try:
            return con.execute(sql, parameters or []).fetchall()
        except duckdb.CatalogException:
            return None


def table_counts() -> list[tuple[str, str, int]]:
    """(schema, table, rows) for every table the build made in the summary schemas."""
    with connect(read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and table_schema in (select unnest(?)) "
            "order by table_schema, table_name",
            [list(SUMMARY_SCHEMAS)],
        ).fetchall()
        return [
            (schema, name, scalar(con, f'select count(*) from "{schema}"."{name}"'))
            for schema, name in tables
        ]


def loss_per_table(database: Path | None = None) -> list[tuple] | None:
    """Per raw table: rows, staged, quarantined, superseded, erased, lost %, budget and verdict."""
    return _rows(
        "select source_table, raw_rows, staged_rows, quarantined_rows, superseded_rows, erased_rows, "
        "unaccounted_rows, round(100 * lost_share, 2), field_issues, "
        "case when lost_share > loss_budget_error then 'OVER BUDGET (error above ' "
        "       || round(100 * loss_budget_error, 1) || ' %)' "
        "     when lost_share > loss_budget_warn then 'warning (above ' "
        "       || round(100 * loss_budget_warn, 1) || ' %)' else 'ok' end "
        "from data_quality.rpt_source_reconciliation order by source_table",
        database,
    )


def quarantine_by_reason() -> list[tuple] | None:
    """(source table, reason, rows) of the quarantine."""
    return _rows(
        "select source_table, reason, count(*) from data_quality.fct_quarantined_rows "
        "group by all order by source_table, count(*) desc"
    )


def field_issues_by_reason() -> list[tuple] | None:
    """(source table, column, reason, values nulled, an example) of the field issues."""
    return _rows(
        "select source_table, column_name, reason, count(*), min(raw_value) "
        "from data_quality.fct_field_issues group by all order by source_table, count(*) desc"
    )


def unmatched_propositions() -> list[tuple] | None:
    """Product lines of staged deals that name no scoring model: (proposition, deals, won)."""
    return _rows(
        "select o.proposition, count(*), count(*) filter (where o.is_won) "
        "from staging.stg_raw__opportunities o "
        "where o.proposition is not null and o.proposition not in "
        "(select scoring_model_id from staging.stg_scorecard__scoring_models) "
        "group by 1 order by 2 desc"
    )


def score_separation(database: Path | None = None) -> list[tuple]:
    """Per scoring model and outcome window: leads, converters, conversion rate and AUC."""
    return (
        _rows(
            "select scoring_model_id, outcome_window, leads, converted_leads, "
            "round(100 * conversion_rate, 2), round(auc, 3) "
            "from marts.rpt_score_separation order by scoring_model_id, outcome_window desc",
            database,
        )
        or []
    )


MIN_PREDICTED_CONVERSIONS = 20
"""Conversions after as_of a scoring model needs before the deciles and evaluate judge on them."""


def judged_window(database: Path | None = None) -> str:
    """The outcome window to judge the score on: after as_of (what the score predicted) when
    every scoring model has enough conversions there, else by as_of (history)."""
    predicted = [row[3] for row in score_separation(database) if row[1] == "won_after_as_of"]
    enough = bool(predicted) and min(predicted) >= MIN_PREDICTED_CONVERSIONS
    return "won_after_as_of" if enough else "won_by_as_of"


def separation_in(window: str, database: Path | None = None) -> dict[str, tuple]:
    """Per scoring model in one outcome window: (model, leads, converted, conversion %, AUC)."""
    return {row[0]: (row[0], *row[2:]) for row in score_separation(database) if row[1] == window}


def score_deciles(window: str, database: Path | None = None) -> list[tuple]:
    """Conversion rate (%) by score decile, one row per decile, one column per model."""
    if window not in WINDOW_LABELS:
        raise ValueError(f"unknown outcome window {window!r}")
    return (
        _rows(
            "pivot (select score_decile, scoring_model_id, round(100 * conversion_rate, 2) as rate "
            f"from marts.rpt_score_deciles where outcome_window = '{window}') "
            "on scoring_model_id using first(rate) order by score_decile desc",
            database,
        )
        or []
    )


def score_decile_models(database: Path | None = None) -> list[str]:
    return [
        row[0]
        for row in _rows("select distinct scoring_model_id from marts.rpt_score_deciles order by 1", database)
        or []
    ]


def funnel(database: Path | None = None) -> list[tuple] | None:
    """Per scoring model: leads by lifecycle stage, MQLs and SQLs now, MQAs."""
    return _rows(
        "select s.scoring_model_id, count(*), count(*) filter (where s.is_mql), "
        "count(*) filter (where s.mql_at is not null), count(*) filter (where s.is_sql), "
        "count(*) filter (where s.lifecycle_stage = 'customer'), "
        "(select count(*) from marts.fct_account_scores a "
        " where a.scoring_model_id = s.scoring_model_id and a.is_mqa), "
        "(select round(100 * avg(case when t.is_sla_met then 1.0 else 0.0 end), 1) "
        " from marts.fct_lifecycle_transitions t where t.scoring_model_id = s.scoring_model_id "
        " and t.lifecycle_stage = 'mql' and t.is_sla_met is not null) "
        "from marts.fct_lead_scores s group by s.scoring_model_id order by 1",
        database,
    )


def why_no_auc(database: Path | None = None) -> list[str]:
    """Plain reasons the AUC cannot be computed, from the staged deals."""
    counts = _rows(
        "select count(*), count(*) filter (where is_won), "
        "count(*) filter (where is_won and lead_id is not null) from staging.stg_raw__opportunities",
        database,
    )
    if not counts:
        return []
    deals, won, won_with_lead = counts[0]
    if deals == 0:
        return [
            "no deals were loaded (raw.opportunities is empty): there is no outcome to judge the score on"
        ]
    if won == 0:
        return ["no staged deal is won (is_won): there is no conversion to judge the score on"]
    if won_with_lead == 0:
        return [f"none of the {won:,} won deals names its contact (lead_id): conversions are per lead"]
    return []


def format_table(headers: tuple[str, ...], rows: list[tuple]) -> str:
    """A plain, aligned text table."""
    cells = [tuple(str(v) for v in headers)] + [
        tuple(f"{v:,}" if isinstance(v, int) else str(v) for v in r) for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(
                v.rjust(w) if n and v[:1].isdigit() else v.ljust(w) for v, w in zip(row, widths, strict=True)
            ).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _section(title: str, headers: tuple[str, ...], rows: list[tuple] | None, empty: str) -> list[str]:
    if rows is None:
        return [title, "  (not built: see the dbt errors above)", ""]
    if not rows:
        return [title, f"  {empty}", ""]
    return [title, format_table(headers, rows), ""]


def _proposition_lines() -> list[str]:
    rows = unmatched_propositions()
    if not rows:
        return []
    lines = [
        "Deals whose product line is no scoring model (they count for none, so their wins are no conversions)"
    ]
    lines.append(format_table(("proposition", "deals", "won"), rows))
    lines.append(
        "  Fix: set `proposition` to a scoring model id in the export or its mapping (or leave it empty "
        "to count for every model), or add a scoring model with that id (seeds/scorecard/scoring_models.csv)."
    )
    return [*lines, ""]


def _prediction_lines() -> list[str]:
    separation = score_separation()
    lines = ["Does the score predict won deals? (AUC: 0.5 is chance, 1.0 perfect)"]
    if not separation:
        return [*lines, "  (not built: see the dbt errors above)", ""]
    rows = [
        (m, WINDOW_LABELS.get(w, w), leads, conv, rate, auc) for m, w, leads, conv, rate, auc in separation
    ]
    lines.append(format_table(("model", "outcome window", "leads", "converted", "conversion %", "AUC"), rows))
    if all(auc is None for *_, auc in separation):
        reasons = why_no_auc() or [
            "no lead converted in either window for a scoring model it is scored in "
            "(see the product lines above)"
        ]
        lines += [f"  No AUC: {reason}." for reason in reasons]
    elif all(auc is None for _, w, *_, auc in separation if w == "won_after_as_of"):
        lines.append(
            "  No deal was won after as_of: the prediction can only be judged on history. Score as of an "
            "earlier date (leadscore build --as-of YYYY-MM-DD) to judge it on what came after."
        )
    window = judged_window()
    models = score_decile_models()
    if models:
        lines += ["", f"Conversion % by total-score decile, {WINDOW_LABELS[window]} (10 = highest scores)"]
        lines.append(format_table(("decile", *models), score_deciles(window)))
    return [*lines, ""]


def render() -> str:
    """The whole build summary as text."""
    parts = [
        *_section(
            "Raw rows lost to the quarantine, per table (superseded duplicates are not lost)",
            (
                "source",
                "raw",
                "staged",
                "quarantined",
                "superseded",
                "erased",
                "unaccounted",
                "lost %",
                "values nulled",
                "loss budget",
            ),
            loss_per_table(),
            "no raw tables",
        ),
        *_section(
            "Quarantine by reason (data_quality.fct_quarantined_rows)",
            ("source", "reason", "rows"),
            quarantine_by_reason(),
            "nothing quarantined",
        ),
        *_section(
            "Values nulled in staged rows (data_quality.fct_field_issues)",
            ("source", "column", "reason", "values", "e.g."),
            field_issues_by_reason(),
            "none",
        ),
        *_proposition_lines(),
        *_section(
            "Funnel as of the scoring date",
            ("model", "leads", "MQL now", "ever MQL", "SQL", "customers", "MQAs", "MQL SLA met %"),
            funnel(),
            "no leads scored",
        ),
        *_prediction_lines(),
        *_section("Tables built", ("schema", "table", "rows"), table_counts(), "none"),
    ]
    return "\n".join(parts).rstrip()
