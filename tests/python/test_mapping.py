"""Mapping files (leadscore/mapping.py): each feature on a tiny export, the hand-made marketing-tool
export, and the shipped mappings on the real public data sets.

Expected values are written by hand, or counted from the real files with the csv module.
"""

from __future__ import annotations

import csv
import gzip
import os
import textwrap
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from leadscore.contract import raw_tables
from leadscore.loader import LoadError, LoadResult, load, load_mapped
from leadscore.mapping import MappingError
from leadscore.project import project_dir

PROJECT = project_dir()
EXPORTS = PROJECT / "tests" / "fixtures" / "exports"
REAL = Path(os.environ.get("LEADSCORE_REAL_DATA", PROJECT.parent / "shared" / "data" / "real"))
MAPPINGS = PROJECT / "mappings"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def rows(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()


def apply(tmp_path: Path, mapping: str, files: dict[str, str | bytes]) -> tuple[Path, LoadResult]:
    """Write the export and the mapping, load them into a fresh database; (database, result)."""
    folder = tmp_path / "export"
    for name, content in files.items():
        write(folder, name, content)
    mapping_file = write(tmp_path, "mapping.yml", textwrap.dedent(mapping))
    database = tmp_path / "warehouse.duckdb"
    return database, load_mapped(mapping_file, folder, database=database)


def problems(tmp_path: Path, mapping: str, files: dict[str, str | bytes]) -> str:
    """The message of the MappingError the mapping raises."""
    with pytest.raises(MappingError) as error:
        apply(tmp_path, mapping, files)
    return str(error.value)


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- files and tables -----------------------------------------------------------------------

MQL = "MQL ID,First Contact,Page\nm1,2026-01-02,p1\nm2,2026-01-03,p2\n"


def test_one_file_feeds_several_tables_and_several_files_one_table(tmp_path: Path) -> None:
    database, result = apply(
        tmp_path,
        """
        tables:
          leads:
            - from: mqls.csv
              columns: {lead_id: mql_id}
              keep: []
            - from: old_leads.csv
              columns: {lead_id: id}
          events:
            from: mqls.csv
            columns:
              event_id: "{mql_id}-form"
              lead_id: mql_id
              event_type: {constant: form_submitted}
              occurred_at: first_contact
              url: "/lp/{page}"
            keep: []
        """,
        {"mqls.csv": MQL, "old_leads.csv": "id,Segment\nx9,smb\n"},
    )
    assert result.counts["leads"] == 3
    assert rows(database, "select lead_id, segment from raw.leads order by 1") == [
        ("m1", None),
        ("m2", None),
        ("x9", "smb"),
    ]
    assert rows(
        database, "select event_id, lead_id, event_type, occurred_at, url from raw.events order by 1"
    ) == [
        ("m1-form", "m1", "form_submitted", "2026-01-02", "/lp/p1"),
        ("m2-form", "m2", "form_submitted", "2026-01-03", "/lp/p2"),
    ]
    assert result.counts["companies"] == 0
    assert "mapping.yml" not in " ".join(result.notes)


def test_file_names_and_column_names_ignore_case(tmp_path: Path) -> None:
    database, _ = apply(
        tmp_path,
        """
        tables:
          leads:
            from: contacts.CSV
            columns: {lead_id: Record ID, company_name: "COMPANY"}
        """,
        {"CONTACTS.csv": "record id,Company,EMAIL\n7,Acme,a@b.c\n"},
    )
    assert rows(database, "select lead_id, company_name, email from raw.leads") == [("7", "Acme", "a@b.c")]


def test_files_not_read_by_the_mapping_are_reported(tmp_path: Path) -> None:
    _, result = apply(
        tmp_path,
        "tables: {leads: {from: a.csv}}",
        {"a.csv": "lead_id\nL1\n", "products.csv": "x\n1\n"},
    )
    assert "products.csv: not used by the mapping, ignored" in result.notes


# --- values ---------------------------------------------------------------------------------


def test_templates_constants_and_value_maps(tmp_path: Path) -> None:
    database, _ = apply(
        tmp_path,
        """
        tables:
          opportunities:
            from: deals.csv
            columns:
              opportunity_id: "D-{deal}{{x}}"
              proposition:
                column: product
                values: {gtxpro: GTX Pro, "  MG Special ": mg, dropped: null}
              stage: {constant: won}
              is_won:
                column: stage
                values: {won: "true", lost: "false"}
                default: null
              amount: {template: "{value}"}
        """,
        {
            "deals.csv": (
                "deal,product,stage,value\n"
                "1, GTXPro ,Won,10\n"
                "2,mg special,LOST,\n"
                "3,Unlisted,Engaging,5\n"
                "4,DROPPED,,1\n"
                "5,,won,2\n"
            )
        },
    )
    assert rows(
        database, "select opportunity_id, proposition, stage, is_won, amount from raw.opportunities"
    ) == [
        ("D-1{x}", "GTX Pro", "won", "true", "10"),
        ("D-2{x}", "mg", "won", "false", None),
        ("D-3{x}", "Unlisted", "won", None, "5"),
        ("D-4{x}", None, "won", None, "1"),
        ("D-5{x}", None, "won", "true", "2"),
    ]


def test_a_template_is_null_when_a_column_it_names_is_null(tmp_path: Path) -> None:
    database, _ = apply(
        tmp_path,
        "tables: {events: {from: e.csv, columns: {event_id: '{a}-{b}'}}}",
        {"e.csv": "a,b\n1,2\n3,\n"},
    )
    assert rows(database, "select event_id from raw.events") == [("1-2",), (None,)]


def test_values_are_data_not_sql(tmp_path: Path) -> None:
    hostile = "x'); drop table raw.leads; --"
    database, _ = apply(
        tmp_path,
        f"""
        tables:
          leads:
            from: a.csv
            columns:
              lead_id: "{{{{'id'}}}} {{id}}"
              job_title: {{constant: "{hostile}"}}
              department: {{column: dept, values: {{"it'": "$1 ?"}}}}
        """,
        {"a.csv": "id,dept\n1,IT'\n"},
    )
    assert rows(database, "select lead_id, job_title, department from raw.leads") == [
        ("{'id'} 1", hostile, "$1 ?")
    ]


def test_yaml_words_stay_text(tmp_path: Path) -> None:
    database, _ = apply(
        tmp_path,
        """
        tables:
          sales_qualifications:
            from: bant.csv
            columns:
              has_budget: {column: budget, values: {yes: Y, no: N, on: "1.10"}}
              disqualified_reason: {constant: 0042}
        """,
        {"bant.csv": "lead_id,assessed_at,budget\nL1,2026-01-01,YES\nL2,2026-01-01,no\nL3,2026-01-01,On\n"},
    )
    assert rows(
        database, "select lead_id, has_budget, disqualified_reason from raw.sales_qualifications"
    ) == [
        ("L1", "Y", "0042"),
        ("L2", "N", "0042"),
        ("L3", "1.10", "0042"),
    ]


def test_timestamp_formats_become_iso_and_unparsed_values_keep_their_text(tmp_path: Path) -> None:
    database, result = apply(
        tmp_path,
        """
        tables:
          events:
            from: e.csv
            columns:
              event_id: id
              occurred_at: {column: at, format: "%d/%m/%Y %H:%M"}
              url: {column: day, format: ["%d.%m.%Y", "%Y%m%d"]}
              campaign_id: {column: zoned, format: "%d/%m/%Y %H:%M:%S.%f %z"}
        """,
        {
            "e.csv": (
                "id,at,day,zoned\n"
                "1,31/05/2026 14:05,31.05.2026,31/05/2026 14:05:00.25 +0200\n"
                "2, 01/02/2026 00:00 ,20260102,01/01/2026 00:00:00.0 -0100\n"
                "3,2026-05-31 14:05,soon,\n"
                "4,,,\n"
            )
        },
    )
    assert rows(database, "select event_id, occurred_at, url, campaign_id from raw.events") == [
        ("1", "2026-05-31T14:05:00", "2026-05-31", "2026-05-31T12:05:00.250000Z"),
        ("2", "2026-02-01T00:00:00", "2026-01-02", "2026-01-01T01:00:00Z"),
        ("3", "2026-05-31 14:05", "soon", None),
        ("4", None, None, None),
    ]
    assert (
        "raw.events <- e.csv: 1 value(s) of occurred_at did not match the format; kept as text"
        in result.notes
    )
    assert "raw.events <- e.csv: 1 value(s) of url did not match the format; kept as text" in result.notes


def test_scale_multiplies_plain_numbers_exactly(tmp_path: Path) -> None:
    database, result = apply(
        tmp_path,
        """
        tables:
          companies:
            from: accounts.csv
            columns:
              company_id: account
              annual_revenue: {column: revenue, scale: 1000000}
              employee_count: {column: staff, scale: "0.001"}
        """,
        {"accounts.csv": 'account,revenue,staff\nA,1100.04,1500\nB, 0.1 ,7\nC,"1,200",\nD,,0\n'},
    )
    assert rows(database, "select company_id, annual_revenue, employee_count from raw.companies") == [
        ("A", "1100040000", "1.5"),
        ("B", "100000", "0.007"),
        ("C", "1,200", None),
        ("D", None, "0"),
    ]
    assert any("1 value(s) of annual_revenue are not plain numbers to scale" in note for note in result.notes)


# --- rows: wide columns into events ---------------------------------------------------------

CONTACTS = (
    "id,last_seen,Do Not Email,modified\n"
    "1,2026-03-01 10:00,yes,2026-03-02\n"
    "2,,No,2026-03-03\n"
    "3,  ,TRUE ,2026-03-04\n"
    "4,2026-03-05 08:00,,2026-03-06\n"
)


def test_a_wide_column_becomes_one_event_per_non_empty_value(tmp_path: Path) -> None:
    database, _ = apply(
        tmp_path,
        """
        tables:
          events:
            - from: contacts.csv
              where: {column: last_seen, present: true}
              columns:
                event_id: "{id}-seen"
                lead_id: id
                event_type: {constant: page_view}
                occurred_at: last_seen
              keep: []
            - from: contacts.csv
              where:
                - {column: do_not_email, in: ["true", "yes"]}
                - {column: modified, present: true}
              columns:
                event_id: "{id}-unsubscribe"
                lead_id: id
                event_type: {constant: unsubscribe}
                occurred_at: modified
              keep: []
          leads:
            from: contacts.csv
            where: {column: do_not_email, not_in: ["yes"]}
            columns: {lead_id: id}
            keep: []
        """,
        {"contacts.csv": CONTACTS},
    )
    assert rows(database, "select event_id, lead_id, event_type, occurred_at from raw.events order by 1") == [
        ("1-seen", "1", "page_view", "2026-03-01 10:00"),
        ("1-unsubscribe", "1", "unsubscribe", "2026-03-02"),
        ("3-unsubscribe", "3", "unsubscribe", "2026-03-04"),
        ("4-seen", "4", "page_view", "2026-03-05 08:00"),
    ]
    assert rows(database, "select lead_id from raw.leads") == [("2",), ("3",), ("4",)]


# --- extra columns ----------------------------------------------------------------------------

PEOPLE = "Person,Email,Work Email,Tier,Notes\np1,home@x.y,work@x.y,gold,call back\n"


def test_unmapped_columns_are_kept_as_extras_by_default(tmp_path: Path) -> None:
    database, result = apply(
        tmp_path,
        "tables: {leads: {from: people.csv, columns: {lead_id: person, email: work_email}}}",
        {"people.csv": PEOPLE},
    )
    assert result.columns["leads"][-2:] == ("tier", "notes")
    assert rows(database, "select lead_id, email, tier, notes from raw.leads") == [
        ("p1", "work@x.y", "gold", "call back")
    ]
    assert (
        "raw.leads <- people.csv: column 'email' not loaded: raw.leads.email is mapped from elsewhere"
        in result.notes
    )


def test_keep_and_drop_choose_the_extras(tmp_path: Path) -> None:
    keep_db, keep = apply(
        tmp_path / "keep",
        "tables: {leads: {from: people.csv, columns: {lead_id: person}, keep: [Tier, person]}}",
        {"people.csv": PEOPLE},
    )
    drop_db, drop = apply(
        tmp_path / "drop",
        "tables: {leads: {from: people.csv, columns: {lead_id: person}, drop: [notes, work_email]}}",
        {"people.csv": PEOPLE},
    )
    assert keep.columns["leads"][-2:] == ("person", "tier")
    assert rows(keep_db, "select lead_id, person, tier from raw.leads") == [("p1", "p1", "gold")]
    assert drop.columns["leads"][-1] == "tier"
    assert rows(drop_db, "select lead_id, email, tier from raw.leads") == [("p1", "home@x.y", "gold")]


# --- reading options --------------------------------------------------------------------------


def test_encoding_and_delimiter_per_file(tmp_path: Path) -> None:
    database, result = apply(
        tmp_path,
        """
        files:
          leads.csv: {encoding: cp1252, delimiter: "|"}
        tables:
          leads: {from: leads.csv}
          companies: {from: companies.csv.gz}
        """,
        {
            "leads.csv": "lead_id|last_name\nL1|Müller, Jr.\n".encode("cp1252"),
            "companies.csv.gz": gzip.compress("company_id;name\nC1;Zoë AG\n".encode()),
        },
    )
    assert rows(database, "select lead_id, last_name from raw.leads") == [("L1", "Müller, Jr.")]
    assert rows(database, "select company_id, name from raw.companies") == [("C1", "Zoë AG")]
    assert "leads.csv: transcoded from cp1252 to UTF-8" in result.notes


# --- errors -----------------------------------------------------------------------------------


def test_mapping_errors_are_all_reported(tmp_path: Path) -> None:
    message = problems(
        tmp_path,
        """
        tables:
          prospects: {from: a.csv}
          leads:
            from: a.csv
            colums: {}
            columns:
              lead_score: id
              lead_id: {column: id, constant: x}
        """,
        {"a.csv": "id\n1\n"},
    )
    assert "unknown table 'prospects'" in message
    assert "unknown key 'colums'" in message
    assert "'lead_score' is not a column of raw.leads" in message
    assert "give exactly one of column, template, constant" in message


def test_a_template_naming_a_missing_column_is_refused(tmp_path: Path) -> None:
    message = problems(
        tmp_path,
        "tables: {events: {from: a.csv, columns: {url: '/lp/{page_id}'},"
        " where: {column: nope, present: true}}}",
        {"a.csv": "event_id,page\n1,p\n"},
    )
    assert "url reads column 'page_id', which the file lacks" in message
    assert "where names column 'nope', which the file lacks" in message
    assert "the file's columns are event_id, page" in message


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    message = problems(tmp_path, "tables: {leads: {from: contacts.csv}}", {"other.csv": "x\n1\n"})
    assert "file 'contacts.csv' is not in" in message


def test_paths_outside_the_export_folder_are_refused(tmp_path: Path) -> None:
    message = problems(tmp_path, "tables: {leads: {from: ../secrets.csv}}", {"a.csv": "x\n1\n"})
    assert "must be a path inside the export folder" in message


def test_a_bad_mapping_writes_nothing(tmp_path: Path) -> None:
    database, _ = apply(tmp_path / "first", "tables: {leads: {from: a.csv}}", {"a.csv": "lead_id\nL1\n"})
    mapping = write(tmp_path, "bad.yml", "tables: {leads: {from: a.csv, columns: {lead_id: missing}}}")
    with pytest.raises(LoadError):
        load(tmp_path / "first" / "export", mapping=mapping, database=database)
    assert rows(database, "select lead_id from raw.leads") == [("L1",)]


# --- the hand-made marketing-tool export (tests/fixtures/exports) ---------------------------


@pytest.fixture(scope="module")
def hubspot(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LoadResult]:
    database = tmp_path_factory.mktemp("hubspot") / "warehouse.duckdb"
    return database, load_mapped(EXPORTS / "hubspot.yml", EXPORTS / "hubspot", database=database)


def test_hubspot_export_row_counts(hubspot: tuple[Path, LoadResult]) -> None:
    _, result = hubspot
    expected = dict.fromkeys(raw_tables(), 0) | {"leads": 12, "events": 12, "opportunities": 5}
    assert result.counts == expected


def test_hubspot_timestamps_are_loaded_untouched(hubspot: tuple[Path, LoadResult]) -> None:
    database, _ = hubspot
    created = dict(rows(database, "select lead_id, created_at from raw.leads"))
    assert created == {
        "101": "2026-05-04T09:15:00",
        "102": "2026-05-05 10:20:30",
        "103": "2026-05-06T11:00:00Z",
        "104": "2026-05-07T16:30:00+05:30",
        "105": "2026-05-08T01:45:00-0800",
        "106": "2026-05-09T08:00:00.5Z",
        "107": "2026-05-10 12:34:56.123",
        "108": "2026-05-11T13:14:15.123456",
        "109": "2026-05-12T07:08:09.123456789+00:00",
        "110": "2026-05-13",
        "111": "1778745600",
        "112": "1778837400000",
    }


def test_hubspot_custom_attributes_survive(hubspot: tuple[Path, LoadResult]) -> None:
    database, result = hubspot
    assert {"industry_vertical", "company_size"} <= set(result.columns["leads"])
    assert rows(
        database, "select industry_vertical, company_size, email from raw.leads where lead_id = '102'"
    ) == [("Telecommunications", "1,200", "Bob.Ng@BetaCalls.io")]
    assert rows(database, "select lead_source from raw.leads where lead_id in ('104', '105') order by 1") == [
        ("REFERRALS",),
        ("event",),
    ]


def test_hubspot_wide_columns_become_events(hubspot: tuple[Path, LoadResult]) -> None:
    database, _ = hubspot
    events = rows(database, "select event_type, lead_id, occurred_at from raw.events")
    assert Counter(event_type for event_type, _, _ in events) == {"page_view": 9, "unsubscribe": 3}
    unsubscribed = sorted((lead, at) for event_type, lead, at in events if event_type == "unsubscribe")
    assert unsubscribed == [
        ("103", "2026-06-03T08:00:00Z"),
        ("106", "2026-06-06T10:00:00.5Z"),
        ("109", "2026-06-09T07:00:00.987654321+00:00"),
    ]
    assert ("page_view", "110", "31/05/2026") in events


def test_hubspot_deals(hubspot: tuple[Path, LoadResult]) -> None:
    database, _ = hubspot
    assert rows(
        database, "select opportunity_id, proposition, is_won, closed_at, amount from raw.opportunities"
    ) == [
        ("D-1", "crm", "true", "2026-06-12T15:30:00", "25000"),
        ("D-2", "call_centre", "false", "2026-06-15T09:00:00", "8,000"),
        ("D-3", "crm", None, None, "12000"),
        ("D-4", "call_centre", "true", "2026-06-30T17:45:00", "4500.50"),
        ("D-5", "crm", None, "not set", None),
    ]


# --- the real public data sets (../shared/data/real) ---------------------------------------


def real_folder(name: str) -> Path:
    folder = REAL / name
    if not folder.is_dir():
        pytest.skip(f"real data not available: {folder} is absent (see the data README)")
    return folder


@pytest.fixture(scope="module")
def olist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LoadResult, Path]:
    folder = real_folder("olist_marketing_funnel")
    database = tmp_path_factory.mktemp("olist") / "warehouse.duckdb"
    return database, load_mapped(MAPPINGS / "olist_marketing_funnel.yml", folder, database=database), folder


@pytest.fixture(scope="module")
def crm(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LoadResult, Path]:
    folder = real_folder("crm_sales_opportunities")
    database = tmp_path_factory.mktemp("crm") / "warehouse.duckdb"
    return database, load_mapped(MAPPINGS / "crm_sales_opportunities.yml", folder, database=database), folder


def test_olist_row_counts(olist: tuple[Path, LoadResult, Path]) -> None:
    _, result, folder = olist
    mqls = len(csv_rows(folder / "marketing_qualified_leads.csv"))
    deals = len(csv_rows(folder / "closed_deals.csv"))
    expected = dict.fromkeys(raw_tables(), 0) | {"leads": mqls, "events": mqls, "opportunities": deals}
    assert result.counts == expected


def test_olist_leads_and_form_events(olist: tuple[Path, LoadResult, Path]) -> None:
    database, result, folder = olist
    mqls = csv_rows(folder / "marketing_qualified_leads.csv")
    leads = rows(database, "select lead_id, created_at, lead_source, landing_page_id from raw.leads")
    expected = [
        (m["mql_id"], m["first_contact_date"], m["origin"] or None, m["landing_page_id"]) for m in mqls
    ]
    assert sorted(leads) == sorted(expected)
    events = rows(database, "select event_id, lead_id, event_type, occurred_at, url from raw.events")
    assert sorted(events) == sorted(
        (
            f"{m['mql_id']}-form",
            m["mql_id"],
            "form_submitted",
            m["first_contact_date"],
            f"/lp/{m['landing_page_id']}",
        )
        for m in mqls
    )
    # The closed-deal attributes would leak the outcome: they are not lead attributes.
    deal_columns = set(csv_rows(folder / "closed_deals.csv")[0]) - {"mql_id"}
    assert not deal_columns & set(result.columns["leads"])


def test_olist_won_deals(olist: tuple[Path, LoadResult, Path]) -> None:
    database, _, folder = olist
    deals = csv_rows(folder / "closed_deals.csv")
    opportunities = rows(
        database,
        "select opportunity_id, lead_id, proposition, created_at, closed_at, stage, is_won"
        " from raw.opportunities",
    )
    assert sorted(opportunities) == sorted(
        (d["mql_id"], d["mql_id"], "marketplace", d["won_date"], d["won_date"], "won", "true") for d in deals
    )


def series_by_product(folder: Path) -> dict[str, str]:
    """Product -> its series in lower case, from products.csv (the pipeline writes GTX Pro as GTXPro)."""
    series = {row["product"]: row["series"].lower() for row in csv_rows(folder / "products.csv")}
    return series | {"GTXPro": series["GTX Pro"]}


def test_crm_row_counts(crm: tuple[Path, LoadResult, Path]) -> None:
    _, result, folder = crm
    accounts = len(csv_rows(folder / "accounts.csv"))
    pipeline = len(csv_rows(folder / "sales_pipeline.csv"))
    assert result.counts == dict.fromkeys(raw_tables(), 0) | {
        "companies": accounts,
        "opportunities": pipeline,
    }


def test_crm_companies(crm: tuple[Path, LoadResult, Path]) -> None:
    database, _, folder = crm
    fixes = {"technolgy": "technology", "Philipines": "Philippines", "Korea": "South Korea"}
    expected = sorted(
        (
            a["account"],
            a["account"],
            fixes.get(a["sector"], a["sector"]),
            a["employees"],
            Decimal(a["revenue"]) * 1_000_000,
            fixes.get(a["office_location"], a["office_location"]),
            a["year_established"],
            a["subsidiary_of"] or None,
        )
        for a in csv_rows(folder / "accounts.csv")
    )
    loaded = rows(
        database,
        "select company_id, name, industry, employee_count, annual_revenue, country, year_established, "
        "subsidiary_of from raw.companies",
    )
    assert sorted((*row[:4], Decimal(row[4]), *row[5:]) for row in loaded) == expected
    assert not any("technolgy" in str(row) or "Philipines" in str(row) for row in loaded)


def test_crm_opportunities(crm: tuple[Path, LoadResult, Path]) -> None:
    database, _, folder = crm
    series = series_by_product(folder)
    won = {"Won": "true", "Lost": "false"}
    expected = sorted(
        (
            p["opportunity_id"],
            p["account"] or None,
            series[p["product"]],
            p["deal_stage"],
            won.get(p["deal_stage"]),
            p["engage_date"] or None,
            p["close_date"] or None,
            p["close_value"] or None,
            p["sales_agent"],
        )
        for p in csv_rows(folder / "sales_pipeline.csv")
    )
    loaded = rows(
        database,
        "select opportunity_id, company_id, proposition, stage, is_won, created_at, closed_at, amount,"
        " sales_agent from raw.opportunities",
    )
    assert sorted(loaded) == expected
    assert sum(1 for row in loaded if row[1] is None) == sum(1 for row in expected if row[1] is None) > 0


def test_repeated_keys_and_bad_formats_are_refused(tmp_path: Path) -> None:
    repeated = problems(
        tmp_path / "a", "tables:\n  leads: {from: a.csv}\n  leads: {from: b.csv}\n", {"a.csv": "x\n"}
    )
    assert "key leads given twice" in repeated
    bad_format = problems(
        tmp_path / "b",
        "tables: {events: {from: a.csv, columns: {occurred_at: {column: at, format: '%Q'}}}}",
        {"a.csv": "at\n1\n"},
    )
    assert "format '%Q'" in bad_format
