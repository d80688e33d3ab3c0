"""Portability: the same models, tests and results on a real PostgreSQL server.

The server is a throwaway cluster on loopback started here (`make test` installs the
binaries). A DuckDB-only construct in a model fails this test."""

from __future__ import annotations

from collections import Counter

import psycopg2
import pytest

from leadscore.loader import load_postgres, postgres_dsn
from leadscore.postgres import throwaway_server

from conftest import (
    FIXTURE_VARS,
    FIXTURES,
    dbt,
    expected_field_issues,
    expected_quarantine,
    expected_reconciliation,
)


@pytest.fixture(scope="module")
def postgres_build(tmp_path_factory: pytest.TempPathFactory):
    workdir = tmp_path_factory.mktemp("postgres")
    with throwaway_server() as settings:
        load_postgres(FIXTURES / "raw", settings)
        result = dbt(["build", "--target", "postgres", "--vars", FIXTURE_VARS], workdir, settings)
        yield result, settings


def _query(settings: dict[str, str], sql: str) -> list[tuple]:
    with psycopg2.connect(postgres_dsn(settings)) as con, con.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def test_dbt_build_passes_on_postgres(postgres_build) -> None:
    result, _ = postgres_build
    assert result.returncode == 0, result.stdout[-6000:]
    assert "Completed successfully" in result.stdout


def test_postgres_reconciles_like_duckdb(postgres_build) -> None:
    _, settings = postgres_build
    rows = _query(
        settings,
        "select source_table, raw_rows, staged_rows, quarantined_rows, superseded_rows, "
        "erased_rows from data_quality.rpt_source_reconciliation",
    )
    assert {row[0]: tuple(row[1:]) for row in rows} == expected_reconciliation()


def test_postgres_quarantines_like_duckdb(postgres_build) -> None:
    _, settings = postgres_build
    rows = _query(settings, "select source_table, record_key, reason from data_quality.fct_quarantined_rows")
    assert Counter(rows) == expected_quarantine()


def test_postgres_nulls_bad_values_like_duckdb(postgres_build) -> None:
    _, settings = postgres_build
    rows = _query(
        settings,
        "select source_table, record_key, column_name, raw_value, reason from data_quality.fct_field_issues",
    )
    assert Counter(rows) == expected_field_issues()


def test_postgres_scores_the_custom_attribute(postgres_build) -> None:
    _, settings = postgres_build
    rows = _query(
        settings,
        "select lead_id, matched_on from marts.fct_lead_score_contributions "
        "where rule_id = 'F022' and scoring_model_id = 'crm' order by lead_id",
    )
    # team_size between 5 and 100: L1 (12), L2 (8), L6 (25); L4 has 3, L8 "1,5" is no number.
    assert rows == [("L1", "team_size = 12"), ("L2", "team_size = 8"), ("L6", "team_size = 25")]
