"""The scorecard sandbox: the backtest of a candidate against the current scorecard, and the
suggested points. Pure parts on hand-made numbers; the commands on one small demo world."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from leadscore import backtest, metrics, suggest
from leadscore.cli import parser
from leadscore.demo import generate
from leadscore.loader import load_duckdb
from leadscore.project import project_dir
from leadscore.sandbox import Sandbox, SandboxError

from conftest import FIXTURE_AS_OF, FIXTURES

SEEDS = project_dir() / "seeds" / "scorecard"

# -- metrics, by hand -------------------------------------------------------------------------


def test_auc_counts_ordered_pairs_and_ties_half() -> None:
    # Converters score 0.35 and 0.8, the others 0.1 and 0.4: of the 4 (converter, other) pairs,
    # 0.35 > 0.1, 0.35 < 0.4, 0.8 > 0.1, 0.8 > 0.4 -> 3 of 4.
    assert metrics.auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]).auc == pytest.approx(0.75)
    # A tie between a converter and another counts half: pairs (2>1, 2=2, 3>1, 3>2) -> 3.5 / 4.
    result = metrics.auc([1, 2, 2, 3], [0, 0, 1, 1])
    assert result.auc == pytest.approx(0.875)
    assert result.low is not None and result.high is not None
    assert result.low <= 0.875 <= result.high


def test_auc_needs_two_of_each_outcome() -> None:
    assert metrics.auc([1, 2, 3], [0, 0, 1]).auc is None


def test_deciles_cut_like_ntile_and_lift_is_over_the_base_rate() -> None:
    # 20 leads scored 1..20, the two highest converted: decile 10 holds scores 19 and 20, both
    # converted: conversion 100 %, base rate 10 %, lift 10.
    frame = pd.DataFrame(
        {"lead_id": [f"L{i:02d}" for i in range(20)], "score": range(1, 21), "won": [0] * 18 + [1, 1]}
    )
    table = metrics.deciles(frame, "score", "won", "lead_id")
    assert table["leads"].tolist() == [2] * 10
    top = table[table["decile"] == 10].iloc[0]
    assert (top["min_score"], top["max_score"], top["converted"]) == (19, 20, 2)
    assert metrics.top_decile_lift(frame, "score", "won", "lead_id") == pytest.approx(10.0)


def test_auc_difference_of_a_score_with_itself_is_zero() -> None:
    scores = [0.1, 0.4, 0.35, 0.8, 0.5, 0.2]
    labels = [0, 0, 1, 1, 1, 0]
    difference = metrics.auc_difference(scores, scores, labels)
    assert difference["difference"] == pytest.approx(0.0)
    assert difference["p_value"] == pytest.approx(1.0)


# -- the suggestion's pure parts, by hand ----------------------------------------------------


def test_matched_bound_keeps_the_share_above_it() -> None:
    current = np.array([0, 10, 20, 30, 40, 50, 60, 70, 80, 90])
    # 3 of 10 lie at or above 70 now; the suggested scores 1..10 keep 3 above 8.
    assert suggest.matched_bound(current, np.arange(1, 11, dtype=float), 70) == 8
    # Nobody reaches 100 now: the suggested bound lies above every suggested score.
    assert suggest.matched_bound(current, np.arange(1, 11, dtype=float), 100) == 11


def test_calibration_keeps_bands_contiguous_and_ordered(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds" / "scorecard"
    seeds.mkdir(parents=True)
    (seeds / "scoring_models.csv").write_text(
        "scoring_model_id,name,mql_threshold\nm,M,50\n", encoding="utf-8"
    )
    (seeds / "score_bands.csv").write_text(
        "scoring_model_id,dimension,band,lower_bound,upper_bound\n"
        "m,fit,A,40,\nm,fit,B,20,40\nm,fit,C,,20\n"
        "m,engagement,1,50,\nm,engagement,2,,50\n",
        encoding="utf-8",
    )
    # Current fit scores 0, 10, ..., 90 (6 of 10 at or above 40, 8 at or above 20); suggested fit
    # scores are the same halved. Engagement: current 0..90, 5 of 10 at or above 50; suggested
    # all zero: the bound falls to 0.
    lead_ids = [f"L{i}" for i in range(10)]
    baseline = pd.DataFrame(
        {
            "lead_id": lead_ids,
            "scoring_model_id": "m",
            "fit_score": np.arange(0, 100, 10, dtype=float),
            "engagement_score": np.arange(0, 100, 10, dtype=float),
        }
    )
    baseline["total_score"] = baseline["fit_score"] + baseline["engagement_score"]
    suggested = baseline.assign(fit_score=baseline["fit_score"] / 2, engagement_score=0.0)
    suggested["total_score"] = suggested["fit_score"]
    _, rows, moved = suggest.calibrate(tmp_path, baseline, suggested)
    bands = {(row["dimension"], row["band"]): row for row in rows["score_bands"]}
    # 6 of 10 at or above 40 now; of the suggested 0, 5, ..., 45, the 6 highest start at 20.
    # 8 of 10 at or above 20 now; the 8 highest suggested start at 10.
    assert (bands["fit", "A"]["lower_bound"], bands["fit", "A"]["upper_bound"]) == ("20", "")
    assert (bands["fit", "B"]["lower_bound"], bands["fit", "B"]["upper_bound"]) == ("10", "20")
    assert (bands["fit", "C"]["lower_bound"], bands["fit", "C"]["upper_bound"]) == ("", "10")
    assert (bands["engagement", "2"]["upper_bound"], bands["engagement", "1"]["lower_bound"]) == ("0", "0")
    # Totals 0, 20, ..., 180 now: 7 of 10 at or above 50; of the suggested totals 0, 5, ..., 45
    # the 7 highest start at 15.
    assert rows["scoring_models"][0]["mql_threshold"] == "15"
    assert {
        "seed": "scoring_models",
        "row": "m",
        "column": "mql_threshold",
        "before": "50",
        "after": "15",
    } in moved


def test_fit_candidates_propose_frequent_new_values_and_numeric_steps() -> None:
    rows = []
    for i in range(200):
        rows.append(
            {
                "lead_id": i,
                "attribute": "industry",
                "text_value": "retail" if i < 120 else ("energy" if i < 190 else "mining"),
                "number_value": None,
            }
        )
        rows.append({"lead_id": i, "attribute": "team_size", "text_value": str(i), "number_value": float(i)})
        rows.append({"lead_id": i, "attribute": "company_name", "text_value": "acme", "number_value": None})
    attributes = pd.DataFrame(rows)
    declared = [
        {"attribute": "industry", "data_type": "text"},
        {"attribute": "team_size", "data_type": "number"},
        {"attribute": "company_name", "data_type": "text"},
    ]
    current = [{"attribute": "industry", "operator": "in", "value": "Retail|software"}]
    proposed = suggest.fit_candidates(attributes, declared, current, population=200)
    described = {(p["attribute"], p["operator"], p["value"]) for p in proposed}
    # retail is named by a current rule; mining hits 10 leads (< 30); company names identify.
    assert ("industry", "equals", "energy") in described
    assert not {("industry", "equals", "retail"), ("industry", "equals", "mining")} & described
    assert not any(attribute == "company_name" for attribute, _, _ in described)
    # team_size 0..199 (whole numbers): quantiles 49.75, 99.5, 149.25, 179.1 -> cuts 50, 100,
    # 150, 180 -> bins < 50 (50 leads), 50-99 (50), 100-149 (50), 150-179 (30), >= 180 (20 < 30:
    # not proposed).
    bins = sorted(
        (p["operator"], p["value"], p["value_to"]) for p in proposed if p["attribute"] == "team_size"
    )
    assert bins == [
        ("between", "100", "149"),
        ("between", "150", "179"),
        ("between", "50", "99"),
        ("lt", "50", ""),
    ]


def test_numbers_with_decimals_are_cut_into_steps() -> None:
    # 0.5, 1.5, ..., 199.5: quantiles 50.25, 100.0, 149.75, 179.6 -> cuts 50, 100, 150, 180;
    # >= 180 hits 20 leads (< 30): not proposed; each other step hits and misses at least 50.
    numbers = pd.Series([i + 0.5 for i in range(200)])
    steps = suggest.numeric_bins("revenue", numbers, population=200)
    assert [(s["operator"], s["value"]) for s in steps] == [("gte", "50"), ("gte", "100"), ("gte", "150")]


def test_engagement_candidates_for_unruled_types_and_url_segments() -> None:
    signatures = pd.DataFrame(
        [
            ("page_view", "pricing", 60, 500),
            ("page_view", "blog", 480, 500),
            ("page_view", "jobs", 10, 500),
            ("podcast_listen", None, 40, 40),
            ("rare_event", None, 5, 5),
            ("demo_request", "crm", 100, 100),
        ],
        columns=["event_type", "segment", "leads", "type_leads"],
    )
    current = [
        {"event_type": "page_view", "content_id": "", "url_pattern": "", "content_type": ""},
        {"event_type": "demo_request", "content_id": "", "url_pattern": "", "content_proposition": "crm"},
    ]
    proposed = suggest.engagement_candidates(signatures, current, population=1000)
    assert [(p["event_type"], p["url_pattern"]) for p in proposed] == [
        # podcast_listen has no rule and 40 leads; rare_event too few.
        ("podcast_listen", ""),
        # /pricing: 60 leads; /blog: 96 % of page views, tells nothing apart; /jobs: too few.
        # demo_request's rule is not a catch-all, so its URLs are not proposed.
        ("page_view", "^/pricing(/|$)"),
    ]


def test_backtest_and_suggest_commands_are_wired() -> None:
    args = parser().parse_args(["backtest", "cand", "--cutoff", "2026-01-31", "--cutoff", "2026-03-31"])
    assert args.cutoff == [dt.date(2026, 1, 31), dt.date(2026, 3, 31)]
    args = parser().parse_args(["suggest", "--max-new-rules", "5"])
    assert args.max_new_rules == 5
    with pytest.raises(SystemExit):
        parser().parse_args(["backtest", "--cutoff", "31/01/2026"])


# -- on a demo world --------------------------------------------------------------------------

CUTOFF = dt.date(2026, 3, 31)
HORIZON = 150


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo warehouse: only raw tables, as the sandboxes copy them."""
    database = tmp_path_factory.mktemp("sandbox_world") / "warehouse.duckdb"
    generate(database, leads=4000, seed=5)
    return database


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backtest_of_one_changed_rule(world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADSCORE_DUCKDB", str(world))
    before = _digest(world)
    candidate = tmp_path / "candidate"
    candidate.mkdir()
    with (SEEDS / "engagement_rules.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rules = list(reader.fieldnames or []), list(reader)
    for rule in rules:
        if rule["rule_id"] == "R016":
            rule["points"] = "0"
    with (candidate / "engagement_rules.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rules)

    work = tmp_path / "work"
    result = backtest.run(candidate, cutoffs=[CUTOFF], horizon_days=HORIZON, source=world, workdir=work)
    markdown, data = backtest.write(result, tmp_path / "out")

    # The warehouse is only read.
    assert _digest(world) == before
    assert [
        (r["rule_id"], r["change"], r["points_before"], r["points_after"]) for r in result["rule_changes"]
    ] == [("R016", "re-weighted", 60.0, 0.0)]
    window = result["windows"][0]
    assert window["cutoff"] == "2026-03-31" and window["outcomes_until"] == "2026-08-28"
    frame = window["_frames"]["baseline"]
    population = frame[frame["in_population"]]
    assert (population["created_at"] <= pd.Timestamp("2026-03-31 23:59:59.999999")).all()
    assert not population["is_won_by_cutoff"].any()

    # Oracle: the baseline sandbox's own contributions as of the cutoff. The call-centre leads
    # whose score changes are exactly those R016 gave points; crm leads do not change.
    baseline = Sandbox("baseline", work / "baseline" / "project", work / "baseline" / "warehouse.duckdb")
    with baseline.connect() as con:
        hit = {
            lead
            for (lead,) in con.execute(
                "select distinct lead_id from marts.fct_lead_score_contributions "
                "where rule_id = 'R016' and points > 0"
            ).fetchall()
        }
    call_centre = set(population.loc[population["scoring_model_id"] == "call_centre", "lead_id"])
    assert window["models"]["call_centre"]["changes"]["score_changed"] == len(hit & call_centre)
    assert len(hit & call_centre) > 0
    assert window["models"]["crm"]["changes"]["score_changed"] == 0
    # The AUC is the one scikit-learn computes on the same population.
    from sklearn.metrics import roc_auc_score

    crm = population[population["scoring_model_id"] == "crm"]
    assert window["models"]["crm"]["baseline"]["auc"]["auc"] == pytest.approx(
        roc_auc_score(crm["is_converted"], crm["total_score"])
    )
    written = json.loads(data.read_text(encoding="utf-8"))
    assert written["windows"][0]["models"]["crm"]["population"]["leads"] == len(crm)
    assert "R016" in markdown.read_text(encoding="utf-8")


def test_suggest_refuses_without_enough_conversions(
    world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit, match="Too few conversions to learn from"):
        suggest.run(
            tmp_path / "out", CUTOFF, HORIZON, min_conversions=100_000, source=world, workdir=tmp_path / "w"
        )
    assert not (tmp_path / "out").exists()


def test_suggest_writes_an_explained_scorecard_judged_on_held_out_leads(world: Path, tmp_path: Path) -> None:
    out = tmp_path / "suggestion"
    result = suggest.run(out, CUTOFF, HORIZON, max_new_rules=5, min_conversions=10, source=world)
    written = suggest.write(result, out)
    assert {path.name for path in written} == {
        "suggestion.md",
        "suggestion.json",
        "backtest.md",
        "backtest.json",
    }

    # Training: leads known 150 days before the cutoff, judged on wins up to the cutoff; the
    # held-out leads were created after the training cutoff.
    assert result["training"]["cutoff"] == "2025-11-01"
    assert result["training"]["outcomes_until"] == "2026-03-31"
    held_out = result["_backtest"]["windows"][0]
    assert held_out["created_after"] == "2025-11-01"
    frame = held_out["_frames"]["baseline"]
    assert (frame.loc[frame["in_population"], "created_at"] >= pd.Timestamp("2025-11-02")).all()

    scorecard = out / "scorecard"
    for seed in ("fit_rules", "engagement_rules", "scoring_models", "score_bands"):
        with (scorecard / f"{seed}.csv").open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
        with (SEEDS / f"{seed}.csv").open(newline="", encoding="utf-8") as handle:
            assert reader.fieldnames == csv.DictReader(handle).fieldnames
        if seed.endswith("_rules"):
            # Whole points, every rule explained.
            assert all(float(row["points"]).is_integer() for row in rows)
            assert all(suggest.EVIDENCE_MARK in row["description"] for row in rows)
    # A current rule that hit too few leads to learn from keeps its points (the competitors'
    # domains hit nobody in the demo).
    competitors = next(rule for rule in result["rules"] if rule["rule_id"] == "F019")
    assert competitors["evidence"].startswith("0 of ")
    assert competitors["points_after"] == competitors["points_before"] == -50
    new_rules = [rule for rule in result["rules"] if rule["proposed"]]
    assert len(new_rules) <= 5
    assert all(rule["points_after"] != 0 for rule in new_rules)
    # Every current rule is still there (re-weighted), under its own id.
    current_ids = {
        row["rule_id"] for seed in ("fit_rules", "engagement_rules") for row in _rows(SEEDS / f"{seed}.csv")
    }
    assert current_ids <= {rule["rule_id"] for rule in result["rules"]}
    for model, entry in result["held_out_auc"].items():
        assert entry["current"]["auc"] is not None, model
        assert entry["suggested"]["auc"] is not None, model
        assert entry["plain_logistic"]["auc"] is not None, model
    markdown = (out / "suggestion.md").read_text(encoding="utf-8")
    assert "## Held-out AUC" in markdown and "plain logistic regression" in markdown


def test_a_broken_candidate_stops_at_the_gate_and_scores_nothing(tmp_path: Path) -> None:
    """The gate's tests run in the sandbox's first build: its failure names the problem, and
    dbt skips every model downstream of the scorecard."""
    source = tmp_path / "source.duckdb"
    load_duckdb(FIXTURES / "raw", source)
    candidate = tmp_path / "candidate"
    candidate.mkdir()
    rules = _rows(SEEDS / "engagement_rules.csv")
    for rule in rules:
        if rule["rule_id"] == "R005":
            rule["window_days"] = "ninety"
    with (candidate / "engagement_rules.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rules[0]))
        writer.writeheader()
        writer.writerows(rules)
    sandbox = Sandbox.create(tmp_path / "work", "candidate", candidate, source)

    with pytest.raises(SandboxError) as caught:
        sandbox.build(FIXTURE_AS_OF)
    message = str(caught.value)
    assert message.startswith("the candidate scorecard does not build:\nThe scorecard has 1 problem(s)")
    named = 'engagement_rules R005 [window_days]: window_days "ninety" is not a whole number of at least 1'
    assert named in message
    assert not sandbox.gate_passed and sandbox.built_as_of is None
    with sandbox.connect() as con:
        built = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema not in ('raw', 'scorecard', 'reference') order by all"
        ).fetchall()
    # The gate and what does not read the scorecard (the erasure requests); nothing scored.
    assert built == [("staging", "base_raw__erasure_requests"), ("staging", "base_scorecard__problems")]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_backtest_of_a_git_revision_needs_a_revision_that_exists(tmp_path: Path) -> None:
    from leadscore.sandbox import export_revision

    with pytest.raises(ValueError, match="no-such-revision"):
        export_revision("no-such-revision", tmp_path / "x")
    written = export_revision("HEAD", tmp_path / "head")
    assert "fit_rules.csv" in written and "scoring_models.csv" in written
    committed = subprocess.run(
        ["git", "show", "HEAD:seeds/scorecard/fit_rules.csv"],
        cwd=project_dir(),
        capture_output=True,
        check=True,
    ).stdout
    assert (tmp_path / "head" / "fit_rules.csv").read_bytes() == committed
