"""Great Expectations suites over the warehouse tables (GX 1.x, pandas route).

The staged tables' suites follow from the raw contract (`leadscore.contract`), the same
definition the dbt staging models read, so GX and dbt agree on what is valid: keys and
required columns present, numbers inside their bounds, countries ISO codes of the
country_names seed, emails well-formed. The marts' suites are declared in `_suites`. The
tables are read from the DuckDB warehouse read-only into pandas, validated in an ephemeral
GX context, and every failed expectation is reported with the table and the column.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.data_context.types.base import ProgressBarsConfig

from leadscore.contract import Table, contract
from leadscore.project import read_seed
from leadscore.warehouse import connect

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s.]+$"
MD5_PATTERN = r"^[0-9a-f]{32}$"
LIFECYCLE_STAGES = ("lead", "mql", "sql", "opportunity", "customer", "disqualified", "recycled")


def _seed_values(seed: str, column: str, lower: bool = True) -> list[str]:
    """The distinct values of one seed column: sets live in the seeds, not here."""
    return sorted({row[column].strip().lower() if lower else row[column].strip() for row in read_seed(seed)})


STAGED_NAMES = {("companies", "name"): "company_name"}
"""Contract columns the staged model renames."""


def _contract_expectations(table: Table) -> list[gxe.Expectation]:
    """What the raw contract promises about a staged table (see _raw__sources.yml)."""
    expectations: list[gxe.Expectation] = []
    keys = table.key
    for column in table.columns:
        name = STAGED_NAMES.get((table.name, column.name), column.name)
        if table.name == "erasure_requests" and column.type == "email":
            continue  # staged as a hash only
        if column.required:
            expectations.append(gxe.ExpectColumnValuesToNotBeNull(column=name))
        if column.type == "number" and ("min" in column.meta or "max" in column.meta):
            expectations.append(
                gxe.ExpectColumnValuesToBeBetween(
                    column=name, min_value=column.meta.get("min"), max_value=column.meta.get("max")
                )
            )
        if column.type == "country":
            expectations.append(
                gxe.ExpectColumnValuesToBeInSet(
                    column=name, value_set=_seed_values("country_names", "country_code", lower=False)
                )
            )
        if column.type == "email":
            expectations.append(gxe.ExpectColumnValuesToMatchRegex(column=name, regex=EMAIL_PATTERN))
            expectations.append(gxe.ExpectColumnValuesToNotMatchRegex(column=name, regex=r"[A-Z\s]"))
        if column.type == "domain":
            expectations.append(gxe.ExpectColumnValuesToNotMatchRegex(column=name, regex=r"^www\.|[A-Z/\s]"))
    if table.name == "erasure_requests":
        return expectations  # keyed by the email's hash (_staged_extras)
    if len(keys) == 1:
        expectations.append(gxe.ExpectColumnValuesToBeUnique(column=keys[0]))
    elif keys:
        expectations.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=list(keys)))
    return expectations


Suite = Callable[["duckdb.DuckDBPyConnection | None"], list[gxe.Expectation]]


def _staged_suite(table: Table) -> Suite:
    """The suite of a staged table: the contract's promises and the table's own."""

    def suite(con: duckdb.DuckDBPyConnection | None) -> list[gxe.Expectation]:
        return [*_contract_expectations(table), *_staged_extras(table.name)]

    return suite


def _staged_extras(table: str) -> list[gxe.Expectation]:
    """What a staged table promises beyond the contract: vocabularies and hashed keys."""
    if table == "events":
        return [
            gxe.ExpectColumnValuesToBeInSet(
                column="event_type", value_set=_seed_values("event_types", "event_type")
            )
        ]
    if table == "erasure_requests":
        return [
            *_key("email_hash"),
            gxe.ExpectColumnValuesToMatchRegex(column="email_hash", regex=MD5_PATTERN),
        ]
    return []


def _key(column: str) -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column=column),
        gxe.ExpectColumnValuesToBeUnique(column=column),
    ]


def _keys(con: duckdb.DuckDBPyConnection | None, table: str, column: str) -> list[str]:
    """The keys a relationship points at (empty without a warehouse)."""
    if con is None:
        return []
    return [row[0] for row in con.execute(f"select distinct {column} from {table}").fetchall()]


def _rule_ids() -> list[str]:
    return sorted(
        row["rule_id"].strip() for seed in ("fit_rules", "engagement_rules") for row in read_seed(seed)
    )


def _suites() -> dict[str, Suite]:
    """Table (schema.name) -> expectations, given the warehouse (for relationships)."""
    return {
        **{f"staging.stg_raw__{name}": _staged_suite(table) for name, table in contract().items()},
        "data_quality.fct_quarantined_rows": lambda con: [
            *_key("quarantine_id"),
            gxe.ExpectColumnValuesToBeInSet(
                column="reason", value_set=_seed_values("data_quality_reasons", "reason")
            ),
        ],
        "data_quality.fct_field_issues": lambda con: [
            *_key("field_issue_id"),
            gxe.ExpectColumnValuesToBeInSet(
                column="reason", value_set=_seed_values("data_quality_reasons", "reason")
            ),
            gxe.ExpectColumnValuesToNotBeNull(column="record_key"),
        ],
        "data_quality.rpt_source_reconciliation": lambda con: [
            *_key("source_table"),
            gxe.ExpectColumnValuesToBeBetween(column="unaccounted_rows", min_value=0, max_value=0),
        ],
        "marts.fct_lead_scores": lambda con: [
            *_key("lead_score_id"),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["lead_id", "scoring_model_id"]),
            gxe.ExpectColumnValuesToBeInSet(
                column="lead_id", value_set=_keys(con, "staging.stg_raw__leads", "lead_id")
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="scoring_model_id", value_set=_seed_values("scoring_models", "scoring_model_id")
            ),
            gxe.ExpectColumnValuesToBeInSet(column="fit_grade", value_set=["A", "B", "C", "D"]),
            gxe.ExpectColumnValuesToBeInSet(column="engagement_level", value_set=[1, 2, 3, 4]),
            gxe.ExpectColumnValuesToMatchRegex(column="rating", regex=r"^[A-D][1-4]$"),
            gxe.ExpectColumnValuesToBeBetween(column="score", min_value=0, max_value=100),
            gxe.ExpectColumnValuesToNotBeNull(column="total_score"),
        ],
        "marts.fct_lead_score_contributions": lambda con: [
            *_key("contribution_id"),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["lead_id", "scoring_model_id", "rule_id"]),
            gxe.ExpectColumnValuesToBeInSet(
                column="lead_id", value_set=_keys(con, "staging.stg_raw__leads", "lead_id")
            ),
            gxe.ExpectColumnValuesToBeInSet(column="rule_id", value_set=_rule_ids()),
            gxe.ExpectColumnValuesToBeInSet(column="rule_type", value_set=["fit", "engagement"]),
            gxe.ExpectColumnValuesToBeBetween(column="occurrences", min_value=1),
        ],
        "marts.fct_lifecycle_transitions": lambda con: [
            *_key("transition_id"),
            gxe.ExpectCompoundColumnsToBeUnique(
                column_list=["lead_id", "scoring_model_id", "lifecycle_stage"]
            ),
            gxe.ExpectColumnValuesToBeInSet(column="lifecycle_stage", value_set=list(LIFECYCLE_STAGES)),
            gxe.ExpectColumnValuesToBeInSet(
                column="lead_id", value_set=_keys(con, "staging.stg_raw__leads", "lead_id")
            ),
            gxe.ExpectColumnValuesToNotBeNull(column="reached_at"),
            gxe.ExpectColumnValuesToBeBetween(column="minutes_to_first_touch", min_value=0),
        ],
        "marts.dim_accounts": lambda con: [
            *_key("company_id"),
            gxe.ExpectColumnValuesToBeBetween(column="matched_leads", min_value=0),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="matched_leads", column_B="leads_matched_by_domain", or_equal=True
            ),
        ],
        "marts.fct_account_scores": lambda con: [
            *_key("account_score_id"),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["company_id", "scoring_model_id"]),
            gxe.ExpectColumnValuesToBeInSet(
                column="company_id", value_set=_keys(con, "marts.dim_accounts", "company_id")
            ),
            gxe.ExpectColumnValuesToBeInSet(column="best_fit_grade", value_set=["A", "B", "C", "D"]),
            gxe.ExpectColumnValuesToBeInSet(
                column="buyer_stage", value_set=["none", *_seed_values("buyer_stages", "buyer_stage")]
            ),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="contacts", column_B="engaged_contacts", or_equal=True
            ),
        ],
        "marts.dim_leads": lambda con: [
            *_key("lead_id"),
            gxe.ExpectColumnValuesToMatchRegex(column="email_hash", regex=MD5_PATTERN),
            gxe.ExpectColumnValuesToBeInSet(column="lifecycle_stage", value_set=list(LIFECYCLE_STAGES)),
            gxe.ExpectColumnValuesToBeInSet(
                column="company_id", value_set=_keys(con, "marts.dim_accounts", "company_id")
            ),
        ],
    }


@dataclass(frozen=True)
class Failure:
    """One expectation a table did not meet."""

    table: str
    expectation: str
    column: str | None
    detail: str


def validate_frame(name: str, frame: pd.DataFrame, expectations: list[gxe.Expectation]) -> list[Failure]:
    """Validate one dataframe against expectations; return what failed."""
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas(name="warehouse").add_dataframe_asset(name=name)
    batch = asset.add_batch_definition_whole_dataframe("whole table")
    suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=name, data=batch, suite=suite)
    )
    result = definition.run(batch_parameters={"dataframe": frame})
    failures = []
    for outcome in result.results:
        if outcome.success:
            continue
        config = outcome.expectation_config
        if config is None:
            continue
        detail = outcome.result.get("partial_unexpected_list") or outcome.result.get("observed_value")
        failures.append(Failure(name, config.type, config.kwargs.get("column"), str(detail)[:200]))
    return failures


def validate_warehouse(tables: list[str] | None = None) -> tuple[int, list[Failure]]:
    """Run every suite on the warehouse; return (expectations checked, failures)."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    suites = _suites()
    checked, failures = 0, []
    with connect(read_only=True) as con:
        for table in tables or list(suites):
            expectations = suites[table](con)
            frame = con.execute(f"select * from {table}").df()
            checked += len(expectations)
            failures += validate_frame(table, frame, expectations)
    return checked, failures


def main(tables: list[str] | None = None) -> int:
    """Print the outcome; return the exit code (1 when anything failed)."""
    checked, failures = validate_warehouse(tables)
    for failure in failures:
        column = f".{failure.column}" if failure.column else ""
        print(f"FAIL {failure.table}{column}: {failure.expectation} -> {failure.detail}")
    print(f"Great Expectations: {checked - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0
