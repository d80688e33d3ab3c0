"""Governance of the BI surface, read from the fixture build's manifest and warehouse: one
owning group (of every model, snapshot, test and analysis), public contracted marts, private
intermediate models, a key test on every mart,
exposures on public marts, every description of a mart written to the warehouse as a
comment (persist_docs), and names that fit PostgreSQL's identifiers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import query

GROUP = "lead_scoring"


@pytest.fixture(scope="module")
def manifest(fixture_warehouse: Path) -> dict:
    # conftest's dbt() writes the build's target folder next to the warehouse.
    return json.loads((fixture_warehouse.parent / "target" / "manifest.json").read_text())


def models_under(manifest: dict, folder: str) -> list[dict]:
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["original_file_path"].startswith(folder)
    ]


def test_one_group_owns_the_project(manifest: dict) -> None:
    (group,) = manifest["groups"].values()
    assert group["name"] == GROUP
    assert group["owner"]["email"]
    # Models, and the snapshots, tests and analyses that may read its private models.
    grouped = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "snapshot", "test", "analysis")
    ]
    assert {node["config"].get("group") or node.get("group") for node in grouped} == {GROUP}


def test_marts_are_public_and_contracted(manifest: dict) -> None:
    marts = models_under(manifest, "models/marts/")
    assert len(marts) > 10
    for node in marts:
        assert node["access"] == "public", node["name"]
        assert node["config"]["contract"]["enforced"], node["name"]


def test_intermediate_models_are_private(manifest: dict) -> None:
    intermediate = models_under(manifest, "models/intermediate/")
    assert intermediate
    for node in intermediate:
        assert node["access"] == "private", node["name"]


def test_every_mart_has_a_key_test(manifest: dict) -> None:
    tests_by_model: dict[str, list[tuple[str, str | None]]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test" and node.get("test_metadata") and node.get("attached_node"):
            tests_by_model.setdefault(node["attached_node"], []).append(
                (node["test_metadata"]["name"], node.get("column_name"))
            )
    for mart in models_under(manifest, "models/marts/"):
        tests = tests_by_model.get(mart["unique_id"], [])
        unique = {column for name, column in tests if name == "unique"}
        not_null = {column for name, column in tests if name == "not_null"}
        has_key = bool(unique & not_null) or any(name == "unique_combination_of_columns" for name, _ in tests)
        assert has_key, f"{mart['name']} has no primary-key test"


def test_exposures_read_public_marts(manifest: dict) -> None:
    exposures = manifest["exposures"].values()
    assert {exposure["name"] for exposure in exposures} >= {
        "lead_scoring_dashboard",
        "funnel_and_sla_dashboard",
        "account_dashboard",
        "scorecard_report",
    }
    for exposure in exposures:
        assert exposure["owner"]["email"] and exposure["url"] and exposure["maturity"], exposure["name"]
        upstream = [
            manifest["nodes"][unique_id]
            for unique_id in exposure["depends_on"]["nodes"]
            if unique_id.startswith("model.")
        ]
        assert upstream, exposure["name"]
        for node in upstream:
            assert node["access"] == "public", f"{exposure['name']} reads {node['name']}"


def test_descriptions_reach_the_warehouse_as_comments(manifest: dict, fixture_warehouse: Path) -> None:
    tables = {
        (schema, name): comment
        for schema, name, comment in query(
            fixture_warehouse,
            "select schema_name, table_name, comment from duckdb_tables() "
            "union all select schema_name, view_name, comment from duckdb_views()",
        )
    }
    columns = {
        (schema, table, column): comment
        for schema, table, column, comment in query(
            fixture_warehouse, "select schema_name, table_name, column_name, comment from duckdb_columns()"
        )
    }
    checked = 0
    for mart in models_under(manifest, "models/marts/"):
        relation = (mart["schema"], mart["alias"])
        assert tables[relation] == mart["description"], mart["name"]
        for column in mart["columns"].values():
            if column["description"]:
                assert columns[(*relation, column["name"])] == column["description"], (mart["name"], column)
                checked += 1
    assert checked > 100
    rating = columns[("marts", "fct_lead_scores", "rating")]
    assert rating == "Grade and level together, A1 (best fit, most engaged) to D4."


# One row per event (or per event and model, or per raw row): their key tests read every row.
EVENT_GRAIN = {
    "stg_raw__events",
    "int_events_attributed",
    "int_event_rule_matches",
    "int_event_points",
    "int_lead_score_history",
    "fct_lead_score_events",
    "int_raw_row_dispositions",
}


def test_key_tests_on_event_grain_tables_are_tagged_scan(manifest: dict) -> None:
    """`dbt build --exclude tag:scan` skips exactly the key tests that read an event-sized table
    in full; every other test, and every key test of the scores, still runs."""
    key_tests = {"unique", "unique_combination_of_columns"}
    tagged, untagged = set(), set()
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or node.get("test_metadata", {}).get("name") not in key_tests:
            continue
        model = node.get("attached_node", "").rsplit(".", 1)[-1]
        (tagged if "scan" in node["config"]["tags"] else untagged).add((model, node["name"]))
    assert {model for model, _ in tagged} == EVENT_GRAIN
    assert not {(model, name) for model, name in untagged if model in EVENT_GRAIN}
    assert any(model == "fct_lead_scores" for model, _ in untagged)


def test_every_name_dbt_makes_a_relation_of_fits_postgres(manifest: dict) -> None:
    """Models, seeds, snapshots and unit tests (dbt builds a unit test as a relation named after
    it) stay within PostgreSQL's 63-character identifiers: a longer name fails there only,
    after DuckDB has built it."""
    relations = {"model", "seed", "snapshot"}
    names = [node["name"] for node in manifest["nodes"].values() if node["resource_type"] in relations]
    names += [test["name"] for test in manifest["unit_tests"].values()]
    assert len(names) > 50
    assert [name for name in names if len(name) > 63] == []
