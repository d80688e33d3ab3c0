"""Great Expectations suites over the warehouse tables (GX 1.x, pandas route), validated in
batches of bounded size.

The staged tables' suites follow from the raw contract (`leadscore.contract`), the same
definition the dbt staging models read, so GX and dbt agree on what is valid: keys and
required columns present, numbers inside their bounds, countries ISO codes of the
country_names seed, emails well-formed. The marts' suites are declared in `_suites`. Every
failed expectation is reported with the table and the column.

A table is never read into memory whole. `validate_warehouse` streams it out of the DuckDB
warehouse (opened read-only) with DuckDB's Arrow record-batch reader, only the columns the
suite names, in batches of at most LEADSCORE_VALIDATE_BATCH_ROWS rows (`batch_rows`), runs
each batch through the suite in an ephemeral GX context and adds the batches' results up per
expectation: element, missing and unexpected counts summed, the first unexpected values kept.
That sum is exact for the row-local expectations (a value null, out of bounds, outside a
small set, malformed; one column against another in the same row), whose verdict on a row
does not depend on any other row. It is wrong for the expectations about the whole table: a
duplicated key whose two rows sit in different batches is unique in each, and a relationship
needs every key of the parent table, a table's worth of values that no batch setting bounds.
Those (`_in_sql`: column and compound uniqueness, relationships) are checked where the data
lives, one DuckDB query each (within DuckDB's memory limit), and reported as GX reports the
same expectation on a whole frame. An expectation that is neither row-local nor one of those
is refused rather than checked batch by batch.
"""

from __future__ import annotations

import copy
import logging
import math
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.core import ExpectationValidationResult
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.expectations.expectation import (
    ColumnMapExpectation,
    ColumnPairMapExpectation,
    MulticolumnMapExpectation,
)

from leadscore.contract import Table, contract
from leadscore.project import read_seed
from leadscore.warehouse import connect

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s.]+$"
MD5_PATTERN = r"^[0-9a-f]{32}$"
LIFECYCLE_STAGES = ("lead", "mql", "sql", "opportunity", "customer", "disqualified", "recycled")

BATCH_ROWS_SETTING = "LEADSCORE_VALIDATE_BATCH_ROWS"
DEFAULT_BATCH_ROWS = 500_000
"""Rows per batch. A batch is held as a pandas frame of the suite's columns plus GX's masks
over it: 0.5 to 1 KiB a row for the widest suites (measured on the events and the score
contributions), so the default holds 250 to 500 MiB at once, whatever the size of the table,
on top of the 250 MiB the libraries take. The SQL checks run inside DuckDB, within its own
memory limit (LEADSCORE_DUCKDB_MEMORY_LIMIT), spilling to disk past it."""
ARROW_BATCH_ROWS = 122_880
"""The most rows DuckDB puts in one Arrow record batch (a row group)."""
EXAMPLES = 20
"""Unexpected values kept per failed expectation, as GX's partial_unexpected_list."""
REFERENCES = "references"
"""The meta key of a relationship expectation: {"table": parent, "column": key}."""


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


def _references(con: duckdb.DuckDBPyConnection | None, column: str, table: str, key: str) -> gxe.Expectation:
    """Every value of `column` is a `key` of `table`. On a frame (`validate_frame`) GX checks it
    against the keys read from `con`; on the warehouse it is checked in SQL, an anti-join,
    through the table and key kept in its meta (`validate_warehouse` builds its suites without
    a connection, so no key set is read into memory)."""
    return gxe.ExpectColumnValuesToBeInSet(
        column=column, value_set=_keys(con, table, key), meta={REFERENCES: {"table": table, "column": key}}
    )


def _rule_ids() -> list[str]:
    return sorted(
        row["rule_id"].strip() for seed in ("fit_rules", "engagement_rules") for row in read_seed(seed)
    )


def _suites() -> dict[str, Suite]:
    """Table (schema.name) -> expectations, given the warehouse (whose keys become the
    relationships' value sets on a frame; None leaves them empty, see `_references`)."""
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
            _references(con, "lead_id", "staging.stg_raw__leads", "lead_id"),
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
            _references(con, "lead_id", "staging.stg_raw__leads", "lead_id"),
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
            _references(con, "lead_id", "staging.stg_raw__leads", "lead_id"),
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
            _references(con, "company_id", "marts.dim_accounts", "company_id"),
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
            _references(con, "company_id", "marts.dim_accounts", "company_id"),
        ],
    }


@dataclass(frozen=True)
class Failure:
    """One expectation a table did not meet."""

    table: str
    expectation: str
    column: str | None
    detail: str
    unexpected_count: int | None = None
    """Rows that broke it (None for an expectation not counted in rows, or not evaluated)."""


@dataclass
class Outcome:
    """One expectation's result over a table: GX's results on its batches added up, or the
    result of one SQL query, in GX's terms."""

    expectation: gxe.Expectation
    element_count: int = 0
    missing_count: int = 0
    unexpected_count: int = 0
    counted: bool = False
    """Whether the result counts rows (map expectations); otherwise GX's verdict stands."""
    examples: list[Any] = field(default_factory=list)
    observed_value: Any = None
    error: str | None = None
    judged_failed: bool = False

    def add(self, result: ExpectationValidationResult) -> None:
        """Add GX's result on one batch."""
        counts = result.result or {}
        if "unexpected_count" in counts:
            self.counted = True
            self.element_count += int(counts.get("element_count") or 0)
            self.missing_count += int(counts.get("missing_count") or 0)
            self.unexpected_count += int(counts.get("unexpected_count") or 0)
            room = EXAMPLES - len(self.examples)
            self.examples += [_plain(value) for value in (counts.get("partial_unexpected_list") or [])[:room]]
        elif self.observed_value is None:
            self.observed_value = counts.get("observed_value")
        self.judged_failed = self.judged_failed or not result.success
        self.error = self.error or _exception_message(result)

    @property
    def success(self) -> bool:
        """GX's verdict on the whole table: the share of rows considered (missing values
        aside) that met the expectation is at least its `mostly`."""
        if self.error is not None:
            return False
        if not self.counted:
            return not self.judged_failed
        considered = self.element_count - self.missing_count
        mostly = getattr(self.expectation, "mostly", None)
        mostly = 1.0 if mostly is None else float(mostly)
        return considered == 0 or (considered - self.unexpected_count) / considered >= mostly

    def failure(self, table: str) -> Failure:
        """The reported failure: the first unexpected values, else what GX observed."""
        config = self.expectation.configuration
        detail = self.error or self.examples or self.observed_value
        return Failure(
            table,
            config.type,
            config.kwargs.get("column"),
            str(detail)[:200],
            self.unexpected_count if self.counted else None,
        )


def _plain(value: Any) -> Any:
    """A value as Python writes it, whatever the batch's dtype: numpy numbers as Python
    numbers, pandas' missing values as None (so a row prints the same in any batch)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    if isinstance(value, np.integer | np.floating | np.bool_):
        value = value.item()
    if value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _exception_message(result: ExpectationValidationResult) -> str | None:
    """The message of an exception GX caught while evaluating an expectation, if any."""
    info = result.exception_info or {}
    reports = [info] if "raised_exception" in info else list(info.values())
    for report in reports:
        if isinstance(report, dict) and report.get("raised_exception"):
            return str(report.get("exception_message"))
    return None


class _GXSuite:
    """One table's suite in an ephemeral GX context, run on one frame after another."""

    def __init__(self, name: str, expectations: list[gxe.Expectation]) -> None:
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        asset = context.data_sources.add_pandas(name="warehouse").add_dataframe_asset(name=name)
        batch = asset.add_batch_definition_whole_dataframe("batch")
        # A suite takes copies: an expectation belongs to one suite, and gets its id there.
        copies = [copy.copy(expectation) for expectation in expectations]
        suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=copies))
        self._index = {expectation.id: index for index, expectation in enumerate(suite.expectations)}
        self._definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suite)
        )

    def run(self, frame: pd.DataFrame) -> list[tuple[int, ExpectationValidationResult]]:
        """Each expectation's result on the frame, by its position in the suite."""
        results = self._definition.run(batch_parameters={"dataframe": frame}).results
        return [(self._index[result.expectation_config.id], result) for result in results]  # type: ignore[union-attr]


def validate_frame(name: str, frame: pd.DataFrame, expectations: list[gxe.Expectation]) -> list[Failure]:
    """Validate one dataframe against expectations, all in GX (the frame is the whole table,
    so uniqueness is checked in GX too); return what failed."""
    outcomes = [Outcome(expectation) for expectation in expectations]
    for index, result in _GXSuite(name, expectations).run(frame):
        outcomes[index].add(result)
    return [outcome.failure(name) for outcome in outcomes if not outcome.success]


NOT_ROW_LOCAL = (
    gxe.ExpectColumnValuesToBeUnique,
    gxe.ExpectCompoundColumnsToBeUnique,
    gxe.ExpectColumnValuesToBeIncreasing,
    gxe.ExpectColumnValuesToBeDecreasing,
)
"""Map expectations whose verdict on a row depends on other rows."""


def _is_reference(expectation: gxe.Expectation) -> bool:
    return isinstance(expectation, gxe.ExpectColumnValuesToBeInSet) and REFERENCES in (expectation.meta or {})


def _row_local(expectation: gxe.Expectation) -> bool:
    """Whether GX on batches, added up, gives GX's verdict on the whole table."""
    row_wise = (ColumnMapExpectation, ColumnPairMapExpectation, MulticolumnMapExpectation)
    return (
        isinstance(expectation, row_wise)
        and not isinstance(expectation, NOT_ROW_LOCAL)
        and not _is_reference(expectation)
    )


def _quote(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _in_sql(con: duckdb.DuckDBPyConnection, table: str, expectation: gxe.Expectation) -> Outcome:
    """An expectation about the whole table, checked where the data lives by one DuckDB query
    (and one more for examples when it failed), counted as GX counts it on a whole frame:

    - column uniqueness: rows whose non-null value appears more than once (nulls are missing);
    - compound uniqueness: rows whose combination appears more than once, rows skipped as its
      `ignore_row_if` says (nulls equal to nulls, as in pandas' `duplicated`);
    - a relationship (`_references`): non-null values that are no key of the parent table.

    A query DuckDB cannot run (a column missing) fails the expectation with DuckDB's message,
    as GX fails an expectation it cannot evaluate."""
    outcome = Outcome(expectation, counted=True)
    try:
        if isinstance(expectation, gxe.ExpectColumnValuesToBeUnique):
            _count_duplicates(con, table, [expectation.column], "all_values_are_missing", outcome)
        elif isinstance(expectation, gxe.ExpectCompoundColumnsToBeUnique):
            _count_duplicates(
                con, table, list(expectation.column_list), str(expectation.ignore_row_if), outcome
            )
        elif isinstance(expectation, gxe.ExpectColumnValuesToBeInSet) and _is_reference(expectation):
            parent = (expectation.meta or {})[REFERENCES]
            _count_orphans(con, table, expectation.column, parent["table"], parent["column"], outcome)
        else:
            raise ValueError(
                f"{table}: {expectation.configuration.type} is about the whole table and cannot be "
                "added up over batches; give it a query in quality._in_sql"
            )
    except duckdb.Error as error:
        outcome.error = str(error).splitlines()[0]
    return outcome


def _count_duplicates(
    con: duckdb.DuckDBPyConnection, table: str, names: list[str], ignore_row_if: str, outcome: Outcome
) -> None:
    """Rows whose values of `names` another row shares: a group by, where the data lives."""
    columns = [_quote(name) for name in names]
    keys = ", ".join(columns)
    ignored = {
        "all_values_are_missing": " and ".join(f"{column} is null" for column in columns),
        "any_value_is_missing": " or ".join(f"{column} is null" for column in columns),
    }.get(ignore_row_if, "false")
    row = con.execute(
        f"""
        select coalesce(sum(n), 0), coalesce(sum(n) filter (ignored), 0),
            coalesce(sum(n) filter (not ignored and n > 1), 0)
        from (select any_value({ignored}) as ignored, count(*) as n from {table} group by {keys})
        """
    ).fetchone()
    outcome.element_count, outcome.missing_count, outcome.unexpected_count = row or (0, 0, 0)
    if outcome.unexpected_count:
        duplicated = con.execute(
            f"""
            select {keys}, count(*) from {table} where not ({ignored})
            group by {keys} having count(*) > 1 order by {keys} limit {EXAMPLES}
            """
        ).fetchall()
        for *values, n in duplicated:
            value = values[0] if len(names) == 1 else dict(zip(names, values, strict=True))
            outcome.examples += [value] * n
        del outcome.examples[EXAMPLES:]


def _count_orphans(
    con: duckdb.DuckDBPyConnection, table: str, name: str, parent: str, key: str, outcome: Outcome
) -> None:
    """Rows whose value of `name` is no `key` of `parent`: an anti-join, where the data lives."""
    column = f"c.{_quote(name)}"
    orphan = (
        f"{column} is not null and not exists (select 1 from {parent} as p where p.{_quote(key)} = {column})"
    )
    row = con.execute(
        f"select count(*), count(*) filter ({column} is null), count(*) filter ({orphan}) from {table} as c"
    ).fetchone()
    outcome.element_count, outcome.missing_count, outcome.unexpected_count = row or (0, 0, 0)
    if outcome.unexpected_count:
        outcome.examples = [
            value
            for (value,) in con.execute(
                f"select {column} from {table} as c where {orphan} order by 1 limit {EXAMPLES}"
            ).fetchall()
        ]


def batch_rows(environ: Mapping[str, str] | None = None) -> int:
    """The most rows validated at once: LEADSCORE_VALIDATE_BATCH_ROWS of the environment (this
    process's by default), else 500,000."""
    value = (os.environ if environ is None else environ).get(BATCH_ROWS_SETTING, "").strip().replace("_", "")
    if not value:
        return DEFAULT_BATCH_ROWS
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{BATCH_ROWS_SETTING} must be a whole number of rows above 0, not {value!r}")
    return int(value)


def _columns_of(expectations: list[gxe.Expectation]) -> list[str]:
    """The columns the expectations name, in order."""
    names: list[str] = []
    for expectation in expectations:
        kwargs = expectation.configuration.kwargs
        for name in (
            kwargs.get("column"),
            kwargs.get("column_A"),
            kwargs.get("column_B"),
            *kwargs.get("column_list", ()),
        ):
            if name is not None and name not in names:
                names.append(name)
    return names


def _batches(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: int
) -> Iterator[pd.DataFrame]:
    """The table's `columns` as frames of `rows` rows (the last one fewer), in the table's
    order. DuckDB streams the query as Arrow record batches (of at most a row group, 122,880
    rows, whatever is asked); they are sliced and regrouped to `rows` rows and each group is
    converted by DuckDB as `.df()` converts a whole table, so a batch has the table's types.
    An empty table gives one empty frame."""
    present = {name for (name, *_) in con.execute(f"describe {table}").fetchall()}
    # A column the table lacks is not selected; GX reports it on its expectation.
    selected = ", ".join(_quote(name) for name in columns if name in present) or "null as no_column"
    reader = con.sql(f"select {selected} from {table}").to_arrow_reader(min(rows, ARROW_BATCH_ROWS))
    converter = con.cursor()

    def frame(group: list[pa.RecordBatch]) -> pd.DataFrame:
        """The group as one frame; the group is emptied, so its Arrow rows go before the
        frame is validated."""
        arrow = pa.Table.from_batches(group, schema=reader.schema)
        group.clear()
        return converter.from_arrow(arrow).df()

    try:
        group: list[pa.RecordBatch] = []
        count, given = 0, 0
        for batch in reader:
            while batch.num_rows:
                take = min(rows - count, batch.num_rows)
                group.append(batch.slice(0, take))
                count, batch = count + take, batch.slice(take)
                if count == rows:
                    count, given = 0, given + 1
                    yield frame(group)
        if group or not given:
            yield frame(group)
    finally:
        reader.close()
        converter.close()


@dataclass(frozen=True)
class TableReport:
    """What validating one table checked, found, and how it read the table."""

    table: str
    checked: int
    failures: list[Failure]
    rows: int
    batches: int
    largest_batch: int


def validate_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    expectations: list[gxe.Expectation],
    rows: int | None = None,
) -> TableReport:
    """Validate one warehouse table in batches of at most `rows` rows (default: the setting):
    the row-local expectations in GX batch by batch, the others in SQL (`_in_sql`). Failures
    come in the order the suite declares its expectations."""
    rows = rows or batch_rows()
    in_gx = [index for index, expectation in enumerate(expectations) if _row_local(expectation)]
    outcomes: dict[int, Outcome] = {index: Outcome(expectations[index]) for index in in_gx}
    seen, batches, largest = 0, 0, 0
    if in_gx:
        suite = _GXSuite(table, [expectations[index] for index in in_gx])
        for frame in _batches(con, table, _columns_of([expectations[index] for index in in_gx]), rows):
            batches, seen, largest = batches + 1, seen + len(frame), max(largest, len(frame))
            for position, result in suite.run(frame):
                outcomes[in_gx[position]].add(result)
            del frame  # before the next batch is read: one batch in memory at a time
    for index, expectation in enumerate(expectations):
        if index not in outcomes:
            outcomes[index] = _in_sql(con, table, expectation)
    failures = [outcomes[index].failure(table) for index in sorted(outcomes) if not outcomes[index].success]
    return TableReport(table, len(expectations), failures, seen, batches, largest)


def validate_warehouse(tables: list[str] | None = None, rows: int | None = None) -> tuple[int, list[Failure]]:
    """Run every suite on the warehouse, each table in batches of at most `rows` rows (default:
    LEADSCORE_VALIDATE_BATCH_ROWS); return (expectations checked, failures)."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    suites = _suites()
    rows = rows or batch_rows()
    checked, failures = 0, []
    with connect(read_only=True) as con:
        for table in tables or list(suites):
            report = validate_table(con, table, suites[table](None), rows)
            checked += report.checked
            failures += report.failures
    return checked, failures


def main(tables: list[str] | None = None) -> int:
    """Print the outcome; return the exit code (1 when anything failed)."""
    checked, failures = validate_warehouse(tables)
    for failure in failures:
        column = f".{failure.column}" if failure.column else ""
        print(f"FAIL {failure.table}{column}: {failure.expectation} -> {failure.detail}")
    print(f"Great Expectations: {checked - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0
