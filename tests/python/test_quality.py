"""The Great Expectations suites catch what they promise to catch."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

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
