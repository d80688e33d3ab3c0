"""The public exports in ../shared/data/real, loaded through their mappings and scored with the
example scorecards: nothing lost, product lines matched, and the Olist scorecard over origin and
landing page predicting the deals won after its scoring date. Skipped, with the reason, when
the data folder is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from leadscore import scorecard
from leadscore.loader import load
from leadscore.project import copy_project, project_dir
from leadscore.warehouse import run_dbt

from conftest import WITHOUT_UNIT_TESTS, duckdb_env, query

# LEADSCORE_REAL_DATA points elsewhere; by default the shared folder beside the project.
REAL = Path(os.environ.get("LEADSCORE_REAL_DATA", project_dir().parent / "shared" / "data" / "real"))
pytestmark = pytest.mark.skipif(
    not REAL.is_dir(), reason=f"the public data sets are not at {REAL} (see ../shared/data/real/README.md)"
)


def _build(tmp_path: Path, name: str, as_of: str) -> Path:
    """Load the export through its mapping and build it with its example scorecard."""
    project = copy_project(tmp_path / "project")
    scorecard.use(project_dir() / "scorecards" / name, project)
    database = tmp_path / "warehouse.duckdb"
    load(REAL / name, mapping=project_dir() / "mappings" / f"{name}.yml", database=database)
    result = run_dbt(
        ["build", "--vars", f'{{as_of: "{as_of}"}}', *WITHOUT_UNIT_TESTS],
        check=False,
        env=duckdb_env(database),
        capture=True,
        project=project,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    return database


@pytest.fixture(scope="module")
def olist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Scored as of the last MQL's month: 177 of the 842 deals are won after it.
    return _build(tmp_path_factory.mktemp("olist"), "olist_marketing_funnel", "2018-05-31")


@pytest.fixture(scope="module")
def crm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("crm"), "crm_sales_opportunities", "2017-12-31")


def test_olist_loses_under_one_percent_of_any_table(olist: Path) -> None:
    rows = query(
        olist, "select source_table, raw_rows, lost_share from data_quality.rpt_source_reconciliation"
    )
    assert {table: raws for table, raws, _ in rows if raws} == {
        "leads": 8000,
        "events": 8000,
        "opportunities": 842,
    }
    assert all(share < 0.01 for *_, share in rows), rows


def test_olist_deals_are_conversions_of_the_scoring_model(olist: Path) -> None:
    # One deal per MQL in closed_deals.csv (842), every one won, of product line marketplace.
    assert query(
        olist, "select count(*), count(distinct lead_id) from intermediate.int_lead_conversions"
    ) == [(842, 842)]


def test_olist_scorecard_predicts_the_deals_won_after_its_date(olist: Path) -> None:
    ((leads, converted, auc),) = query(
        olist,
        "select leads, converted_leads, auc from marts.rpt_score_separation "
        "where outcome_window = 'won_after_as_of'",
    )
    # Leads not won by 2018-05-31 (8,000 - 665) and the 177 won after it.
    assert (leads, converted) == (7335, 177)
    assert auc is not None and auc > 0.6


def test_olist_landing_page_is_scored_as_a_custom_attribute(olist: Path) -> None:
    (hits,) = query(olist, "select count(*) from marts.fct_lead_score_contributions where rule_id = 'F006'")[
        0
    ]
    assert hits > 0
    assert query(
        olist,
        "select count(*) from marts.fct_lead_score_contributions "
        "where rule_id = 'F006' and matched_on not like 'landing_page_id = %'",
    ) == [(0,)]


def test_crm_sample_keeps_every_deal_and_account(crm: Path) -> None:
    rows = query(
        crm,
        "select source_table, raw_rows, staged_rows, lost_share from data_quality.rpt_source_reconciliation "
        "where raw_rows > 0 order by 1",
    )
    assert rows == [("companies", 85, 85, 0.0), ("opportunities", 8800, 8800, 0.0)]
    # 1,425 deals have no account in the export: staged without a company, not dropped.
    assert query(crm, "select count(*) from staging.stg_raw__opportunities where company_id is null") == [
        (1425,)
    ]


def test_crm_sample_product_lines_and_countries_are_recognised(crm: Path) -> None:
    assert query(
        crm,
        "select count(*) from staging.stg_raw__opportunities where proposition not in ('gtx', 'mg', 'gtk')",
    ) == [(0,)]
    assert query(crm, "select count(*) from data_quality.fct_field_issues") == [(0,)]
    assert query(
        crm, "select country, count(*) from staging.stg_raw__companies group by 1 order by 2 desc limit 1"
    ) == [("US", 71)]


def test_crm_sample_custom_attributes_are_typed(crm: Path) -> None:
    assert query(
        crm,
        "select count(*), min(number_value), max(number_value) from staging.stg_raw__custom_attributes "
        "where attribute = 'year_established'",
    ) == [(85, 1979.0, 2017.0)]
