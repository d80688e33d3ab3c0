"""Portability: the same models, tests and results on a real PostgreSQL server.

The server is a throwaway cluster on loopback (`make test` installs the binaries); the build
is conftest's `postgres_build`, shared with the cross-engine comparison in test_spark.py. A
DuckDB-only construct in a model fails this test."""

from __future__ import annotations

import json
from collections import Counter

import psycopg2
import pytest

from leadscore.loader import load_postgres, postgres_dsn

from conftest import (
    COMPARED_SCHEMAS,
    FIXTURE_VARS,
    FIXTURES,
    HISTORY,
    dbt,
    expected_field_issues,
    expected_quarantine,
    expected_reconciliation,
)


def _query(settings: dict[str, str], sql: str) -> list[tuple]:
    with psycopg2.connect(postgres_dsn(settings)) as con, con.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def test_dbt_build_passes_on_postgres(postgres_build) -> None:
    result, *_ = postgres_build
    assert result.returncode == 0, result.stdout[-6000:]
    assert "Completed successfully" in result.stdout


def test_postgres_reconciles_like_duckdb(postgres_build) -> None:
    _, settings, _ = postgres_build
    rows = _query(
        settings,
        "select source_table, raw_rows, staged_rows, quarantined_rows, superseded_rows, "
        "erased_rows from data_quality.rpt_source_reconciliation",
    )
    assert {row[0]: tuple(row[1:]) for row in rows} == expected_reconciliation()


def test_postgres_quarantines_like_duckdb(postgres_build) -> None:
    _, settings, _ = postgres_build
    rows = _query(settings, "select source_table, record_key, reason from data_quality.fct_quarantined_rows")
    assert Counter(rows) == expected_quarantine()


def test_postgres_nulls_bad_values_like_duckdb(postgres_build) -> None:
    _, settings, _ = postgres_build
    rows = _query(
        settings,
        "select source_table, record_key, column_name, raw_value, reason from data_quality.fct_field_issues",
    )
    assert Counter(rows) == expected_field_issues()


def test_postgres_scores_the_custom_attribute(postgres_build) -> None:
    _, settings, _ = postgres_build
    rows = _query(
        settings,
        "select lead_id, matched_on from marts.fct_lead_score_contributions "
        "where rule_id = 'F022' and scoring_model_id = 'crm' order by lead_id",
    )
    # team_size between 5 and 100: L1 (12), L2 (8), L6 (25); L4 has 3, L8 "1,5" is no number.
    assert rows == [("L1", "team_size = 12"), ("L2", "team_size = 8"), ("L6", "team_size = 25")]


def _query_as(settings: dict[str, str], user: str, sql: str) -> list[tuple]:
    with psycopg2.connect(postgres_dsn({**settings, "LEADSCORE_PG_USER": user})) as con, con.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def test_the_bi_role_reads_the_marts_and_nothing_upstream(postgres_build) -> None:
    _, settings, _ = postgres_build
    # A dashboard's login, a member of the BI role the build created and granted.
    with psycopg2.connect(postgres_dsn(settings)) as con, con.cursor() as cur:
        cur.execute("create role dashboard login in role leadscore_bi")
    assert _query_as(settings, "dashboard", "select count(*) from marts.fct_lead_scores") == [(14,)]
    for upstream in (
        "raw.leads",
        "staging.stg_raw__leads",
        "intermediate.int_lead_fit",
        "data_quality.fct_quarantined_rows",
    ):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            _query_as(settings, "dashboard", f"select count(*) from {upstream}")


def test_descriptions_reach_the_warehouse_comments(postgres_build) -> None:
    _, settings, _ = postgres_build
    rows = _query(
        settings,
        "select col_description('marts.fct_lead_scores'::regclass, ordinal_position) "
        "from information_schema.columns where table_schema = 'marts' and table_name = 'fct_lead_scores' "
        "and column_name = 'fit_grade'",
    )
    assert rows == [("A-D, the fit band the fit score falls in (score_bands seed); A is the best fit.",)]


def test_a_developer_target_builds_beside_the_bi_schemas(postgres_build, tmp_path) -> None:
    _, settings, _ = postgres_build
    before = _query(settings, "select count(*), max(as_of) from marts.fct_lead_scores")
    env = {**settings, "LEADSCORE_SCHEMA_PREFIX": "ci_7"}
    result = dbt(
        [
            "build",
            "--target",
            "postgres_dev",
            "--select",
            "+fct_lead_scores",
            "--indirect-selection",
            "cautious",
            "--vars",
            FIXTURE_VARS,
        ],
        tmp_path,
        env,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert _query(settings, "select count(*) from ci_7_marts.fct_lead_scores") == [(14,)]
    assert _query(settings, "select count(*), max(as_of) from marts.fct_lead_scores") == before


def test_freshness_is_measured_on_every_raw_table(postgres_build) -> None:
    _, settings, workdir = postgres_build
    dbt(["source", "freshness", "--target", "postgres"], workdir, settings)
    results = json.loads((workdir / "target" / "sources.json").read_text())["results"]
    statuses = {result["unique_id"].rsplit(".", 1)[-1]: result["status"] for result in results}
    assert set(statuses) == {
        "companies",
        "leads",
        "events",
        "identities",
        "opportunities",
        "sales_qualifications",
        "sales_activities",
        "erasure_requests",
    }
    # The fixtures' rows are from 2025: every table is stale (a runtime error would read "runtime error").
    assert set(statuses.values()) == {"error"}


def test_an_incremental_build_keeps_the_matches_on_postgres(postgres_build, tmp_path) -> None:
    """The second build of int_event_rule_matches takes its incremental path (the pre-hook that
    forgets stale matches, then only unmatched events): nothing changed, so nothing moves."""
    _, settings, _ = postgres_build
    table = "intermediate.int_event_rule_matches"
    before = _query(settings, f"select * from {table} order by event_id, scoring_model_id")
    rerun = ["run", "--target", "postgres", "--select", "int_event_rule_matches", "--vars", FIXTURE_VARS]
    result = dbt(rerun, tmp_path, settings)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "delete from" in (tmp_path / "logs" / "dbt.log").read_text()
    assert before and _query(settings, f"select * from {table} order by event_id, scoring_model_id") == before


def _tables(settings: dict[str, str]) -> dict[str, Counter]:
    """Every table of the compared schemas and the score history: {schema.table: its rows}."""
    with psycopg2.connect(postgres_dsn(settings)) as con, con.cursor() as cursor:
        cursor.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema = any(%s) and table_type = 'BASE TABLE'",
            [list(COMPARED_SCHEMAS)],
        )
        names = [f"{schema}.{table}" for schema, table in cursor.fetchall()] + [HISTORY]
        tables = {}
        for name in names:
            cursor.execute(f"select * from {name}")
            tables[name] = Counter(cursor.fetchall())
    return tables


def test_an_incremental_day_gives_the_tables_of_a_full_build(postgres_build, tmp_path) -> None:
    """The fixtures in a second database of the server, built as of Jan 20 and then,
    incrementally, as of Jan 31 (the events between become scorable: new matches, some
    histories recomputed, the others kept), against the fixtures' build from scratch as of
    Jan 31 (postgres_build): the same rows everywhere."""
    _, reference, _ = postgres_build
    admin = psycopg2.connect(postgres_dsn(reference))
    admin.autocommit = True  # create database runs outside a transaction
    with admin.cursor() as cursor:
        cursor.execute("create database daily")
    admin.close()
    daily = {**reference, "LEADSCORE_PG_DATABASE": "daily"}
    load_postgres(FIXTURES / "raw", daily)
    # as_of as a daily job passes it (LEADSCORE_AS_OF): the day's build keeps dbt's partial parse.
    loss_budgets = "{loss_budgets: {default: {warn: 1, error: 1}}}"
    build = ["build", "--target", "postgres", "--threads", "4", "--vars", loss_budgets]
    for as_of in ("2025-01-20", "2025-01-31"):
        result = dbt(
            [*build, "--exclude-resource-type", "test", "unit_test"],
            tmp_path,
            {**daily, "LEADSCORE_AS_OF": as_of},
        )
        assert result.returncode == 0, result.stdout[-6000:]
    incremental, full = _tables(daily), _tables(reference)
    assert sorted(incremental) == sorted(full) and len(full) > 10, sorted(full)
    differing = [name for name in full if incremental[name] != full[name]]
    assert differing == [], differing
    assert sum(full[HISTORY].values()) > 0
