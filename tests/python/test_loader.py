"""The export loader (leadscore/loader.py, leadscore/exports.py) on small hand-written folders.

Every expected value here is written by hand or counted with the csv module, never taken from
the loader. Each test loads into its own DuckDB file under tmp_path; the PostgreSQL tests share
one throwaway server.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import psycopg2
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from leadscore import loader
from leadscore.contract import raw_tables
from leadscore.exports import normalise_header
from leadscore.loader import LoadError, load, load_duckdb, load_postgres, postgres_dsn
from leadscore.project import project_dir

from postgres import server_binaries, throwaway_server

FIXTURES = project_dir() / "tests" / "fixtures" / "raw"
LAST_TABLE = list(raw_tables())[-1]
"""The raw table written last: a failure there comes after every other table was replaced."""
LEADS_COLUMNS = (
    "lead_id, email, first_name, last_name, job_title, department, seniority, country, "
    "company_id, company_name, lead_source, created_at, updated_at"
)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write a file into the export folder (text as UTF-8, bytes as given)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def rows(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()


def columns(database: Path, table: str) -> list[str]:
    with duckdb.connect(str(database), read_only=True) as con:
        return [row[0] for row in con.execute(f"describe raw.{table}").fetchall()]


def csv_row_counts(folder: Path) -> dict[str, int]:
    """Data rows per <table>.csv, counted with the csv module."""
    counts = {}
    for table in raw_tables():
        with (folder / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
            counts[table] = sum(1 for _ in csv.reader(handle)) - 1
    return counts


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


# --- headers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("\ufeffRecord ID", "record_id"),
        ("  First Name ", "first_name"),
        ("EMAIL", "email"),
        ("Country/Region", "country_region"),
        ("Email (work)", "email_work"),
        ("Président--Nom", "president_nom"),
        ("lead_id", "lead_id"),
    ],
)
def test_header_normalisation(header: str, expected: str) -> None:
    assert normalise_header(header) == expected


def test_headers_are_matched_ignoring_case_and_bom(tmp_path: Path, database: Path) -> None:
    folder = tmp_path / "export"
    write(folder, "Leads.CSV", "\ufeffLead ID,EMAIL, First Name \nL1,ann@acme.com,Ann\n")
    result = load(folder, database=database)
    assert result.counts["leads"] == 1
    assert rows(database, "select lead_id, email, first_name from raw.leads") == [
        ("L1", "ann@acme.com", "Ann")
    ]
    renamed = next(note for note in result.notes if "headers renamed" in note)
    assert "'Lead ID' -> lead_id" in renamed
    assert "'EMAIL' -> email" in renamed
    assert "' First Name ' -> first_name" in renamed


def test_two_headers_with_one_name_are_refused(tmp_path: Path, database: Path) -> None:
    write(tmp_path / "export", "leads.csv", "lead_id,First Name,first_name\nL1,Ann,Anna\n")
    with pytest.raises(LoadError) as error:
        load(tmp_path / "export", database=database)
    message = str(error.value)
    assert "leads.csv" in message
    assert "'First Name'" in message
    assert "'first_name'" in message


# --- formats ----------------------------------------------------------------------------------


def test_semicolon_delimiter_is_sniffed(tmp_path: Path, database: Path) -> None:
    write(tmp_path / "export", "companies.csv", "company_id;name;annual_revenue\nC1;Acme, Inc.;1,5\n")
    load(tmp_path / "export", database=database)
    assert rows(database, "select company_id, name, annual_revenue from raw.companies") == [
        ("C1", "Acme, Inc.", "1,5")
    ]


def test_delimiter_can_be_told(tmp_path: Path, database: Path) -> None:
    # `|` is never sniffed over the commas here; told, it is used.
    write(tmp_path / "export", "companies.csv", "company_id|name,with,commas\nC1|a,b,c\n")
    result = load(tmp_path / "export", database=database, delimiter="|")
    assert result.columns["companies"][-1] == "name_with_commas"
    assert rows(database, "select company_id, name_with_commas from raw.companies") == [("C1", "a,b,c")]


def test_tab_separated_file(tmp_path: Path, database: Path) -> None:
    write(tmp_path / "export", "identities.tsv", "anonymous_id\tlead_id\tidentified_at\nA1\tL1\t2025-01-01\n")
    load(tmp_path / "export", database=database)
    assert rows(database, "select * from raw.identities") == [("A1", "L1", "2025-01-01")]


def test_gzip_csv(tmp_path: Path, database: Path) -> None:
    write(
        tmp_path / "export",
        "events.csv.gz",
        gzip.compress(b"event_id,event_type\nE1,page_view\nE2,blog_read\n"),
    )
    result = load(tmp_path / "export", database=database)
    assert result.counts["events"] == 2
    assert rows(database, "select event_id, event_type from raw.events order by 1") == [
        ("E1", "page_view"),
        ("E2", "blog_read"),
    ]


def test_parquet_values_become_text(tmp_path: Path, database: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    table = pa.table({"Company ID": ["C1", "C2"], "employee_count": [120, None], "name": ["Acme", "Beta"]})
    pq.write_table(table, folder / "companies.parquet")
    load(folder, database=database)
    assert rows(database, "select company_id, employee_count, name from raw.companies order by 1") == [
        ("C1", "120", "Acme"),
        ("C2", None, "Beta"),
    ]
    assert rows(
        database, "select data_type from information_schema.columns where table_name = 'companies'"
    ) == [("VARCHAR",)] * len(columns(database, "companies"))


def test_json_array_and_newline_delimited_json(tmp_path: Path, database: Path) -> None:
    folder = tmp_path / "export"
    leads = [{"lead_id": "L1", "Email": " Ann@Acme.com ", "score": 12}, {"lead_id": "L2", "Tier": "gold"}]
    write(folder, "leads.json", json.dumps(leads))
    events = "\n".join(json.dumps(event) for event in [{"event_id": "E1"}, {"event_id": "E2", "url": "/x"}])
    write(folder, "Events.JSONL.gz", gzip.compress(events.encode()))
    load(folder, database=database)
    assert rows(database, "select lead_id, email, score, tier from raw.leads order by 1") == [
        ("L1", " Ann@Acme.com ", "12", None),
        ("L2", None, None, "gold"),
    ]
    assert rows(database, "select event_id, url from raw.events order by 1") == [("E1", None), ("E2", "/x")]


# --- values and columns -----------------------------------------------------------------------


def test_values_land_exactly_as_exported(tmp_path: Path, database: Path) -> None:
    text = 'lead_id,first_name,job_title,email\nL1,  Ann ,"Head of ""Sales""","a@b.c"\nL2,,"two\nlines",\n'
    write(tmp_path / "export", "leads.csv", text)
    load(tmp_path / "export", database=database)
    assert rows(database, "select lead_id, first_name, job_title, email from raw.leads order by 1") == [
        ("L1", "  Ann ", 'Head of "Sales"', "a@b.c"),
        ("L2", None, "two\nlines", None),
    ]


def test_extra_columns_are_kept_and_missing_ones_reported(tmp_path: Path, database: Path) -> None:
    write(
        tmp_path / "export",
        "leads.csv",
        "Industry Vertical,lead_id,email,Lead Score (old)\nSaaS,L1,a@b.c,7\n",
    )
    result = load(tmp_path / "export", database=database)
    assert columns(database, "leads") == [*LEADS_COLUMNS.split(", "), "industry_vertical", "lead_score_old"]
    assert rows(database, "select lead_id, industry_vertical, lead_score_old from raw.leads") == [
        ("L1", "SaaS", "7")
    ]
    missing = next(note for note in result.notes if "no column for" in note)
    assert "first_name" in missing
    assert "email" not in missing.split("no column for")[1]
    assert any("extra columns kept: industry_vertical, lead_score_old" in note for note in result.notes)


def test_unknown_files_are_reported(tmp_path: Path, database: Path) -> None:
    folder = tmp_path / "export"
    write(folder, "leads.csv", "lead_id\nL1\n")
    write(folder, "notes.txt", "hello")
    write(folder, "contacts.csv", "id\n1\n")
    write(folder, "leads.xlsx", b"PK")
    result = load(folder, database=database)
    ignored = [note for note in result.notes if "unknown file, ignored" in note]
    assert sorted(note.split(":")[0] for note in ignored) == ["contacts.csv", "leads.xlsx", "notes.txt"]


def test_two_files_for_one_table_are_refused(tmp_path: Path, database: Path) -> None:
    write(tmp_path / "export", "leads.csv", "lead_id\nL1\n")
    write(tmp_path / "export", "LEADS.json", '[{"lead_id": "L2"}]')
    with pytest.raises(LoadError, match=r"two files for raw\.leads: LEADS\.json and leads\.csv"):
        load(tmp_path / "export", database=database)


def test_tables_without_a_file_become_empty(tmp_path: Path, database: Path) -> None:
    load_duckdb(FIXTURES, database)
    write(tmp_path / "export", "leads.csv", "lead_id\nL1\n")
    result = load(tmp_path / "export", database=database)
    assert result.counts == {table: int(table == "leads") for table in raw_tables()}
    assert rows(database, "select count(*) from raw.events") == [(0,)]
    assert "raw.events: no file feeds it, the table is now empty" in result.notes


def test_fixture_folder_loads_every_row(database: Path) -> None:
    reported: list[str] = []
    counts = load_duckdb(FIXTURES, database, report=reported.append)
    assert counts == csv_row_counts(FIXTURES)
    for table, expected in counts.items():
        assert rows(database, f"select count(*) from raw.{table}") == [(expected,)]
    # The fixture leads carry the demo scorecard's custom attribute beyond the contract.
    assert reported == ["raw.leads <- leads.csv: extra columns kept: team_size"]


# --- encodings --------------------------------------------------------------------------------

CP1252 = "lead_id,last_name\nL1,Müller\nL2,Strauß\n".encode("cp1252")
# "lead_id,last_name\n" is 18 bytes and "L1,M" 4 more: the ü (0xFC) is byte 22, on line 2.


def test_non_utf8_is_refused_with_file_and_offset(tmp_path: Path, database: Path) -> None:
    write(tmp_path / "export", "leads.csv", CP1252)
    with pytest.raises(LoadError) as error:
        load(tmp_path / "export", database=database)
    message = str(error.value)
    assert message.startswith("leads.csv: not valid UTF-8")
    assert "0xFC at byte offset 22 (line 2)" in message
    assert "--encoding" in message
    assert not rows_exist(database)


def rows_exist(database: Path) -> bool:
    """Whether the database has a raw schema at all."""
    if not database.exists():
        return False
    return bool(rows(database, "select * from information_schema.schemata where schema_name = 'raw'"))


def test_non_utf8_loads_with_its_encoding(tmp_path: Path, database: Path) -> None:
    write(tmp_path / "export", "leads.csv.gz", gzip.compress(CP1252))
    result = load(tmp_path / "export", database=database, encoding="cp1252")
    assert rows(database, "select lead_id, last_name from raw.leads order by 1") == [
        ("L1", "Müller"),
        ("L2", "Strauß"),
    ]
    assert "leads.csv.gz: transcoded from cp1252 to UTF-8" in result.notes


def test_utf16_with_bom_is_detected(tmp_path: Path, database: Path) -> None:
    write(tmp_path / "export", "leads.csv", "lead_id;last_name\nL1;Zoë\n".encode("utf-16"))
    load(tmp_path / "export", database=database)
    assert rows(database, "select lead_id, last_name from raw.leads") == [("L1", "Zoë")]


def test_unknown_encoding_is_refused(tmp_path: Path, database: Path) -> None:
    write(tmp_path / "export", "leads.csv", "lead_id\nL1\n")
    with pytest.raises(LoadError, match="unknown encoding 'klingon'"):
        load(tmp_path / "export", database=database, encoding="klingon")


# --- unreadable files and atomicity -----------------------------------------------------------

BROKEN = {
    "ragged.csv": (
        "leads.csv",
        "lead_id,email\nL1,a@b.c\nL2,b@c.d,extra\n",
        "Expected Number of Columns: 2 Found: 3",
    ),
    "broken.json": ("leads.json", '[{"lead_id": "L1"}, {"lead_id": ', "Malformed JSON"),
    "empty.csv": ("leads.csv", "", "empty file"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_unreadable_file_is_refused_with_its_name_and_reason(
    tmp_path: Path, database: Path, case: str
) -> None:
    name, content, reason = BROKEN[case]
    write(tmp_path / "export", name, content)
    with pytest.raises(LoadError) as error:
        load(tmp_path / "export", database=database)
    assert str(error.value).startswith(f"{name}: ")
    assert reason in str(error.value)


def raw_snapshot(database: Path) -> dict[str, list[tuple]]:
    return {table: sorted(rows(database, f"select * from raw.{table}"), key=repr) for table in raw_tables()}


def good_then_broken(tmp_path: Path) -> tuple[Path, Path]:
    """A folder that loads, and one whose events file is ragged (its leads file is fine)."""
    good = tmp_path / "good"
    write(good, "leads.csv", "lead_id,email\nL1,a@b.c\nL2,b@c.d\n")
    write(good, "events.csv", "event_id,lead_id\nE1,L1\n")
    broken = tmp_path / "broken"
    write(broken, "leads.csv", "lead_id,email\nL9,z@z.z\n")
    write(broken, "events.csv", "event_id,lead_id\nE1,L1,oops\n")
    return good, broken


def test_failed_load_leaves_duckdb_raw_schema_as_it_was(tmp_path: Path, database: Path) -> None:
    good, broken = good_then_broken(tmp_path)
    load(good, database=database)
    before = raw_snapshot(database)
    with pytest.raises(LoadError, match=r"events\.csv"):
        load(broken, database=database)
    assert raw_snapshot(database) == before
    assert before["leads"] == [("L1", "a@b.c", *[None] * 11), ("L2", "b@c.d", *[None] * 11)]


def test_failure_while_writing_rolls_back_every_duckdb_table(
    tmp_path: Path, database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, _ = good_then_broken(tmp_path)
    load(good, database=database)
    before = raw_snapshot(database)
    write(tmp_path / "next", "leads.csv", "lead_id\nL7\n")
    write(tmp_path / "next", "events.csv", "event_id\nE7\n")
    replace = loader.replace_duckdb_table

    def fail_on_last_table(con: duckdb.DuckDBPyConnection, table: str, staged: str) -> None:
        if table == LAST_TABLE:
            raise duckdb.IOException("disk full")
        replace(con, table, staged)

    monkeypatch.setattr(loader, "replace_duckdb_table", fail_on_last_table)
    with pytest.raises(LoadError, match=r"nothing was changed: .*disk full"):
        load(tmp_path / "next", database=database)
    assert raw_snapshot(database) == before


# --- PostgreSQL ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres() -> Iterator[dict[str, str]]:
    try:
        server_binaries()
    except FileNotFoundError as error:
        pytest.skip(f"PostgreSQL server binaries not installed: {error}")
    with throwaway_server() as settings:
        yield settings


def pg_rows(settings: dict[str, str], sql: str) -> list[tuple]:
    with psycopg2.connect(postgres_dsn(settings)) as con, con.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def pg_snapshot(settings: dict[str, str]) -> dict[str, list[tuple]]:
    return {
        table: sorted(pg_rows(settings, f"select * from raw.{table}"), key=repr) for table in raw_tables()
    }


def test_postgres_load_keeps_every_row_and_extra_column(postgres: dict[str, str], tmp_path: Path) -> None:
    assert load_postgres(FIXTURES, postgres) == csv_row_counts(FIXTURES)
    folder = tmp_path / "export"
    text = 'lead_id,Select,"Custom ""Tier""",email\nL1,x,gold,\nL2,,"",'
    write(folder, "leads.csv", text + '" a@b.c "\n')
    write(folder, "events.csv.gz", gzip.compress("event_id,url\nE1,/ü\n".encode()))
    counts = load_postgres(folder, postgres)
    assert counts["leads"] == 2
    assert pg_rows(postgres, 'select lead_id, "select", custom_tier, email from raw.leads order by 1') == [
        ("L1", "x", "gold", None),
        ("L2", None, None, " a@b.c "),
    ]
    assert pg_rows(postgres, "select event_id, url from raw.events") == [("E1", "/ü")]
    assert pg_rows(postgres, "select count(*) from raw.companies") == [(0,)]
    types = pg_rows(
        postgres, "select distinct data_type from information_schema.columns where table_schema = 'raw'"
    )
    assert types == [("text",)]


def test_failed_postgres_load_changes_nothing(postgres: dict[str, str], tmp_path: Path) -> None:
    good, broken = good_then_broken(tmp_path)
    load_postgres(good, postgres)
    before = pg_snapshot(postgres)
    with pytest.raises(LoadError, match=r"events\.csv"):
        load_postgres(broken, postgres)
    assert pg_snapshot(postgres) == before


def test_failure_while_writing_rolls_back_every_postgres_table(
    postgres: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, _ = good_then_broken(tmp_path)
    load_postgres(good, postgres)
    before = pg_snapshot(postgres)
    write(tmp_path / "next", "leads.csv", "lead_id,new_column\nL7,x\n")
    write(tmp_path / "next", "events.csv", "event_id\nE7\n")
    replace = loader.replace_postgres_table

    def fail_on_last_table(cursor: Any, table: str, names: tuple[str, ...], data: Path) -> None:
        if table == LAST_TABLE:
            cursor.execute("select 1 / 0")
        replace(cursor, table, names, data)

    monkeypatch.setattr(loader, "replace_postgres_table", fail_on_last_table)
    with pytest.raises(LoadError, match="nothing was changed: division by zero"):
        load_postgres(tmp_path / "next", postgres)
    assert pg_snapshot(postgres) == before
    assert "new_column" not in [
        row[0]
        for row in pg_rows(
            postgres, "select column_name from information_schema.columns where table_name = 'leads'"
        )
    ]


def test_postgres_cannot_hold_nul_so_the_load_removes_it_and_says_so(
    postgres: dict[str, str], tmp_path: Path
) -> None:
    write(tmp_path / "export", "leads.csv", "lead_id,email\nL1,a\x00b@x.com\nL2,c@x.com\n")
    result = load(tmp_path / "export", target="postgres", settings=postgres)
    assert "raw.leads: NUL (U+0000) removed from 1 value(s): PostgreSQL text cannot hold it" in result.notes
    assert pg_rows(postgres, "select lead_id, email from raw.leads order by 1") == [
        ("L1", "ab@x.com"),
        ("L2", "c@x.com"),
    ]
