"""The Great Expectations suites catch what they promise to catch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import great_expectations.expectations as gxe
import pandas as pd
import pytest

from leadscore import quality


def _leads(**overrides: list) -> pd.DataFrame:
    frame = {
        "lead_id": ["L1", "L2", "L3"],
        "email": ["a@acme.com", "b@acme.com", None],
        "country": ["US", "GB", "DE"],
    }
    frame.update(overrides)
    return pd.DataFrame(frame)


def _lead_suite() -> list:
    return quality._suites()["staging.stg_raw__leads"](None)


def test_clean_leads_pass() -> None:
    assert quality.validate_frame("leads", _leads(), _lead_suite()) == []


def test_duplicate_key_and_bad_email_fail() -> None:
    frame = _leads(lead_id=["L1", "L1", "L3"], email=["a@acme.com", "Not An Email", None])
    failures = quality.validate_frame("leads", frame, _lead_suite())
    failed = {(f.expectation, f.column) for f in failures}
    assert ("expect_column_values_to_be_unique", "lead_id") in failed
    assert ("expect_column_values_to_match_regex", "email") in failed
    assert ("expect_column_values_to_not_match_regex", "email") in failed


def test_unknown_event_type_fails() -> None:
    suite = quality._suites()["staging.stg_raw__events"](None)
    frame = pd.DataFrame(
        {
            "event_id": ["E1", "E2"],
            "occurred_at": pd.to_datetime(["2025-01-01", "2025-01-02"]),
            "event_type": ["blog_read", "chat_started"],
        }
    )
    failures = quality.validate_frame("events", frame, suite)
    assert [(f.expectation, f.column) for f in failures] == [
        ("expect_column_values_to_be_in_set", "event_type")
    ]


def test_score_suite_catches_a_bad_rating_and_score() -> None:
    suite = quality._suites()["marts.fct_lead_scores"](None)
    frame = pd.DataFrame(
        {
            "lead_score_id": ["a", "b"],
            "lead_id": ["L1", "L1"],
            "scoring_model_id": ["crm", "crm"],
            "fit_grade": ["A", "E"],
            "engagement_level": [1, 5],
            "rating": ["A1", "E5"],
            "score": [50, 101],
            "total_score": [10.0, 20.0],
        }
    )
    failed = {(f.expectation, f.column) for f in quality.validate_frame("scores", frame, suite)}
    assert {
        ("expect_compound_columns_to_be_unique", None),
        ("expect_column_values_to_be_in_set", "fit_grade"),
        ("expect_column_values_to_be_in_set", "engagement_level"),
        ("expect_column_values_to_match_regex", "rating"),
        ("expect_column_values_to_be_between", "score"),
    } <= failed


def test_fixture_warehouse_passes_every_suite(fixture_warehouse: Path, monkeypatch) -> None:
    monkeypatch.setenv("LEADSCORE_DUCKDB", str(fixture_warehouse))
    checked, failures = quality.validate_warehouse()
    assert failures == []
    assert checked >= 30
    # Five rows at a time, every table of the fixtures in several batches: the same verdict.
    assert quality.validate_warehouse(rows=5) == (checked, [])


# A hand-made table of ten people, validated three rows at a time: batches hold rows 1-3, 4-6,
# 7-9 and 10. What is wrong with it, counted by hand:
#   person_id   P1 on rows 1 and 4 (batches 1 and 2): 2 rows not unique, unique in each batch;
#   email       null on row 10, the last batch: 1 row;
#   age         150 (row 3) and -1 (row 7) outside 0..120: 2 rows; row 5's null is missing;
#   team, company_id   (blue, C1) on rows 4 and 10 (batches 2 and 4): 2 rows not unique;
#   company_id  C9 (row 5) is no company: 1 row; rows 7 and 9 have none (missing).
PEOPLE = [
    ("P1", "a@acme.com", 30, "red", "C1"),
    ("P2", "b@acme.com", 40, "red", "C2"),
    ("P3", "c@acme.com", 150, "blue", "C2"),
    ("P1", "d@acme.com", 20, "blue", "C1"),
    ("P5", "e@acme.com", None, "red", "C9"),
    ("P6", "f@acme.com", 50, "green", "C2"),
    ("P7", "g@acme.com", -1, "blue", None),
    ("P8", "h@acme.com", 60, "green", "C1"),
    ("P9", "i@acme.com", 70, "red", None),
    ("P10", None, 80, "blue", "C1"),
]
EXPECTED = [
    ("expect_column_values_to_be_unique", "person_id", 2, "['P1', 'P1']"),
    ("expect_column_values_to_not_be_null", "email", 1, "[None]"),
    ("expect_column_values_to_be_between", "age", 2, "[150, -1]"),
    (
        "expect_compound_columns_to_be_unique",
        None,
        2,
        "[{'team': 'blue', 'company_id': 'C1'}, {'team': 'blue', 'company_id': 'C1'}]",
    ),
    ("expect_column_values_to_be_in_set", "company_id", 1, "['C9']"),
]


def _people_suite(con: duckdb.DuckDBPyConnection | None = None) -> list:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="person_id"),
        gxe.ExpectColumnValuesToBeUnique(column="person_id"),
        gxe.ExpectColumnValuesToNotBeNull(column="email"),
        gxe.ExpectColumnValuesToMatchRegex(column="email", regex=quality.EMAIL_PATTERN),
        gxe.ExpectColumnValuesToBeBetween(column="age", min_value=0, max_value=120),
        gxe.ExpectColumnValuesToBeInSet(column="team", value_set=["red", "blue", "green"]),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["team", "company_id"]),
        quality._references(con, "company_id", "staging.companies", "company_id"),
    ]


@pytest.fixture
def people(tmp_path: Path) -> Path:
    database = tmp_path / "people.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema staging")
        con.execute("create table staging.companies (company_id varchar)")
        con.execute("insert into staging.companies values ('C1'), ('C2')")
        con.execute(
            "create table staging.people "
            "(person_id varchar, email varchar, age integer, team varchar, company_id varchar)"
        )
        con.executemany("insert into staging.people values (?, ?, ?, ?, ?)", PEOPLE)
    return database


def _found(failures: list[quality.Failure]) -> list[tuple]:
    return [(f.expectation, f.column, f.unexpected_count, f.detail) for f in failures]


def test_three_rows_at_a_time_find_what_one_batch_finds(people: Path) -> None:
    with duckdb.connect(str(people), read_only=True) as con:
        small = quality.validate_table(con, "staging.people", _people_suite(), rows=3)
        whole = quality.validate_table(con, "staging.people", _people_suite(), rows=1000)
        frame = con.execute("select * from staging.people").df()
        in_pandas = quality.validate_frame("staging.people", frame, _people_suite(con))
    assert (small.rows, small.batches, small.largest_batch) == (10, 4, 3)
    assert (whole.rows, whole.batches, whole.largest_batch) == (10, 1, 10)
    assert small.checked == whole.checked == 8
    assert _found(small.failures) == _found(whole.failures) == EXPECTED
    # GX alone on the whole frame (uniqueness and the relationship included) counts the same.
    assert [found[:3] for found in _found(in_pandas)] == [expected[:3] for expected in EXPECTED]


def test_a_duplicate_split_across_batches_is_unique_in_each(people: Path) -> None:
    # Why uniqueness is checked in SQL: GX on each batch alone sees no duplicated person.
    with duckdb.connect(str(people), read_only=True) as con:
        frame = con.execute("select * from staging.people").df()
    unique = [gxe.ExpectColumnValuesToBeUnique(column="person_id")]
    assert all(quality.validate_frame("people", frame[i : i + 3], unique) == [] for i in range(0, 10, 3))
    assert len(quality.validate_frame("people", frame, unique)) == 1


def test_validate_warehouse_honours_the_batch_setting_read_only(people: Path, monkeypatch) -> None:
    monkeypatch.setenv("LEADSCORE_DUCKDB", str(people))
    monkeypatch.setenv(quality.BATCH_ROWS_SETTING, "4")
    monkeypatch.setattr(quality, "_suites", lambda: {"staging.people": _people_suite})
    sizes: list[int] = []
    read = quality._batches

    def counted(con: duckdb.DuckDBPyConnection, *args: object) -> Iterator[pd.DataFrame]:
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("create table staging.scratch (i integer)")
        for frame in read(con, *args):  # type: ignore[arg-type]
            sizes.append(len(frame))
            yield frame

    monkeypatch.setattr(quality, "_batches", counted)
    checked, failures = quality.validate_warehouse()
    assert sizes == [4, 4, 2]
    assert checked == 8
    assert _found(failures) == EXPECTED
    # The connection is closed: the file opens for writing in this process.
    with duckdb.connect(str(people)) as con:
        con.execute("create table staging.scratch (i integer)")


def test_a_small_table_is_one_batch_and_an_empty_one_still_validates(people: Path) -> None:
    with duckdb.connect(str(people)) as con:
        con.execute("create table staging.nobody as select * from staging.people limit 0")
    with duckdb.connect(str(people), read_only=True) as con:
        report = quality.validate_table(con, "staging.nobody", _people_suite())
        missing = quality.validate_table(
            con, "staging.nobody", [gxe.ExpectColumnValuesToNotBeNull(column="x")]
        )
    assert (report.rows, report.batches, report.failures) == (0, 1, [])
    assert [(f.expectation, f.column) for f in missing.failures] == [
        ("expect_column_values_to_not_be_null", "x")
    ]


def test_the_batch_setting_is_a_positive_whole_number(monkeypatch) -> None:
    monkeypatch.delenv(quality.BATCH_ROWS_SETTING, raising=False)
    assert quality.batch_rows() == quality.DEFAULT_BATCH_ROWS
    monkeypatch.setenv(quality.BATCH_ROWS_SETTING, "250_000")
    assert quality.batch_rows() == 250_000
    for bad in ("0", "-5", "many"):
        monkeypatch.setenv(quality.BATCH_ROWS_SETTING, bad)
        with pytest.raises(SystemExit, match=quality.BATCH_ROWS_SETTING):
            quality.batch_rows()


def test_a_whole_table_expectation_without_sql_is_refused(people: Path) -> None:
    # A row count cannot be added up from batches' verdicts, so it is not checked batch-wise.
    expectation = gxe.ExpectTableRowCountToBeBetween(min_value=1, max_value=5)
    with (
        duckdb.connect(str(people), read_only=True) as con,
        pytest.raises(ValueError, match="expect_table_row_count_to_be_between"),
    ):
        quality.validate_table(con, "staging.people", [expectation])


def test_a_missing_column_fails_its_expectation_in_sql_as_in_gx(people: Path) -> None:
    suite = [
        gxe.ExpectColumnValuesToBeUnique(column="nickname"),
        gxe.ExpectColumnValuesToNotBeNull(column="nickname"),
    ]
    with duckdb.connect(str(people), read_only=True) as con:
        failures = quality.validate_table(con, "staging.people", suite, rows=3).failures
    assert [(f.expectation, f.column) for f in failures] == [
        ("expect_column_values_to_be_unique", "nickname"),
        ("expect_column_values_to_not_be_null", "nickname"),
    ]
    assert all("nickname" in f.detail for f in failures)
