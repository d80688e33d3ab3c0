"""The short report `make build` ends with: rows per table and the quarantine by reason."""

from __future__ import annotations

from pathlib import Path

from leadscore.warehouse import connect

SUMMARY_SCHEMAS = ("staging", "marts", "data_quality")


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
            (schema, name, con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0])
            for schema, name in tables
        ]


def quarantine_by_reason() -> list[tuple[str, str, int]]:
    """(source table, reason, rows) of the quarantine."""
    with connect(read_only=True) as con:
        return con.execute(
            "select source_table, reason, count(*) from data_quality.fct_quarantined_rows "
            "group by all order by source_table, reason"
        ).fetchall()


def reconciliation() -> list[tuple]:
    """The per-table balance of raw rows."""
    with connect(read_only=True) as con:
        return con.execute(
            "select source_table, raw_rows, staged_rows, quarantined_rows, superseded_rows, "
            "erased_rows, unaccounted_rows from data_quality.rpt_source_reconciliation "
            "order by source_table"
        ).fetchall()


def score_separation(database: Path | None = None) -> list[tuple]:
    """Per scoring model: leads, converters, conversion rate and AUC."""
    with connect(read_only=True, path=database) as con:
        return con.execute(
            "select scoring_model_id, leads, converted_leads, "
            "round(100 * conversion_rate, 2), round(auc, 3) "
            "from marts.rpt_score_separation order by scoring_model_id"
        ).fetchall()


def score_deciles(database: Path | None = None) -> list[tuple]:
    """Conversion rate (%) by score decile, one row per decile, one column per model."""
    with connect(read_only=True, path=database) as con:
        return con.execute(
            "pivot (select score_decile, scoring_model_id, "
            "round(100 * conversion_rate, 2) as rate from marts.rpt_score_deciles) "
            "on scoring_model_id using first(rate) order by score_decile desc"
        ).fetchall()


def score_decile_models(database: Path | None = None) -> list[str]:
    with connect(read_only=True, path=database) as con:
        return [
            r[0]
            for r in con.execute(
                "select distinct scoring_model_id from marts.rpt_score_deciles order by 1"
            ).fetchall()
        ]


def funnel(database: Path | None = None) -> list[tuple]:
    """Per scoring model: leads by lifecycle stage, MQLs and SQLs now, MQAs."""
    with connect(read_only=True, path=database) as con:
        return con.execute(
            "select s.scoring_model_id, count(*) filter (where s.is_mql), "
            "count(*) filter (where s.mql_at is not null), count(*) filter (where s.is_sql), "
            "count(*) filter (where s.lifecycle_stage = 'customer'), "
            "(select count(*) from marts.fct_account_scores a "
            " where a.scoring_model_id = s.scoring_model_id and a.is_mqa), "
            "(select round(100 * avg(case when t.is_sla_met then 1.0 else 0.0 end), 1) "
            " from marts.fct_lifecycle_transitions t where t.scoring_model_id = s.scoring_model_id "
            " and t.lifecycle_stage = 'mql' and t.is_sla_met is not null) "
            "from marts.fct_lead_scores s group by s.scoring_model_id order by 1"
        ).fetchall()


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


def render() -> str:
    """The whole build summary as text."""
    parts = [
        "Tables built",
        format_table(("schema", "table", "rows"), table_counts()),
        "",
        "Raw rows accounted for (rows in = staged + quarantined + erased)",
        format_table(
            ("source", "raw", "staged", "quarantined", "superseded", "erased", "unaccounted"),
            reconciliation(),
        ),
        "",
        "Quarantine by reason",
        format_table(("source", "reason", "rows"), quarantine_by_reason()),
        "",
        "Funnel as of the scoring date",
        format_table(("model", "MQL now", "ever MQL", "SQL", "customers", "MQAs", "MQL SLA met %"), funnel()),
        "",
        "Does the score predict won deals? (AUC: 0.5 is chance, 1.0 perfect)",
        format_table(("model", "leads", "converted", "conversion %", "AUC"), score_separation()),
        "",
        "Conversion % by total-score decile (10 = highest scores)",
        format_table(("decile", *score_decile_models()), score_deciles()),
    ]
    return "\n".join(parts)
