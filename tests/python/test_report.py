"""`leadscore report`: one self-contained HTML file, opened in headless Chromium (Debian's
chromium) with no network, where every chart must have rendered. Screenshots are kept under
warehouse/test-artifacts/ (git-ignored) for a person to look at."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest

from leadscore import report
from leadscore.warehouse import project_dir

CHROMIUM = shutil.which("chromium")
ARTIFACTS = project_dir() / "warehouse" / "test-artifacts"
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")

CHART_DIV = re.compile(r'<div id="(chart-\d+)" class="plotly-graph-div')

# Charts of the report without a backtest on the fixture world (two scoring models): the score
# distribution, a calibration chart and a rule-lift chart per model, the funnel and the days
# between stages.
FIXTURE_CHARTS = 1 + 2 + 2 + 2


def chromium(page: Path, workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Open the page in headless Chromium with every host name unresolvable (no network)."""
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={workdir / 'chromium-profile'}",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=15000",
            *args,
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


def assert_self_contained(html: str) -> None:
    """Nothing is fetched when the page is viewed: no script, style sheet or image from elsewhere."""
    assert not re.search(r"<script[^>]*\bsrc=", html, re.IGNORECASE)
    assert not re.search(r"<link[^>]*\bhref=[\"']?https?:", html, re.IGNORECASE)
    assert not re.search(r"<img[^>]*\bsrc=[\"']?https?:", html, re.IGNORECASE)
    assert html.count("<script") - html.count("Plotly.newPlot") == 1, "plotly.js is inlined once"


def assert_every_chart_rendered(page: Path, workdir: Path) -> list[str]:
    """Every chart div of the file holds a plotly SVG in the DOM Chromium rendered."""
    html = page.read_text(encoding="utf-8")
    charts = CHART_DIV.findall(html)
    assert charts, "the report has no chart"
    assert len(set(charts)) == len(charts)
    assert f'data-charts="{len(charts)}"' in html
    dom = chromium(page, workdir, "--dump-dom").stdout
    starts = [(match.start(), match.group(1)) for match in CHART_DIV.finditer(dom)]
    assert [chart for _, chart in starts] == charts, "the rendered page lost chart divs"
    ends = [start for start, _ in starts[1:]] + [len(dom)]
    for (start, chart), end in zip(starts, ends, strict=True):
        segment = dom[start:end]
        assert "js-plotly-plot" in segment[:200], f"{chart} was not plotted"
        assert 'class="main-svg"' in segment, f"{chart} has no rendered SVG"
    return charts


def screenshot(page: Path, workdir: Path, name: str, height: int = 4000) -> Path:
    """A screenshot of the page's first `height` pixels, kept as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / name
    shot.unlink(missing_ok=True)
    chromium(page, workdir, f"--screenshot={shot}", f"--window-size=1400,{height}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000, "the screenshot is nearly blank"
    return shot


def _deciles(converted: list[int], leads: int = 35) -> list[dict[str, Any]]:
    total = sum(converted)
    base = total / (leads * len(converted)) if total else 0.0
    return [
        {
            "decile": n,
            "leads": leads,
            "converted": c,
            "min_score": 10.0 * n,
            "max_score": 10.0 * n + 9,
            "conversion_rate": c / leads,
            "lift": (c / leads) / base if base else None,
        }
        for n, c in enumerate(converted, start=1)
    ]


def _scorecard(auc: float | None, deciles: list[dict[str, Any]], top: float | None) -> dict[str, Any]:
    interval = {"auc": auc, "ci_low": None, "ci_high": None}
    if auc is not None:
        interval = {"auc": auc, "ci_low": round(auc - 0.062, 3), "ci_high": round(auc + 0.062, 3)}
    handover = {
        "mqls": 40,
        "opportunity_precision": 0.3,
        "opportunity_recall": 0.5,
        "win_precision": 0.2,
        "win_recall": 0.4,
    }
    return {
        "auc": interval,
        "auc_opportunity": interval,
        "top_decile_lift": top,
        "deciles": deciles,
        "ratings": [{"rating": "A1", "leads": 20, "converted": 8, "conversion_rate": 0.4, "lift": 4.0}],
        "mql_by_cutoff": handover,
        "mql_at_cutoff": handover,
    }


def _model(baseline: dict[str, Any], candidate: dict[str, Any], difference: dict[str, Any]) -> dict[str, Any]:
    converted = sum(d["converted"] for d in baseline["deciles"])
    return {
        "population": {
            "scored_leads": 400,
            "excluded": {"created after the cutoff": 50},
            "leads": 350,
            "converted": converted,
            "conversion_rate": converted / 350,
            "with_opportunity": 2 * converted,
        },
        "baseline": baseline,
        "candidate": candidate,
        "auc_difference": difference,
        "changes": {"leads": 350, "grade": 3, "rating": 12, "buyer_stage": 0, "mql_at_cutoff": 4},
        "mql_volume": [{"month": "2024-11", "baseline": 20, "candidate": 24}],
    }


def backtest_result() -> dict[str, Any]:
    """A small hand-made result of `leadscore backtest`: two cutoffs; the call-centre model has
    no conversions (no AUC, no lift) in the first and is absent from the second."""
    no_difference = {"difference": None, "ci_low": None, "ci_high": None, "p_value": None}
    crm = _model(
        _scorecard(0.712, _deciles([0, 1, 1, 2, 2, 3, 4, 5, 7, 10]), 2.86),
        _scorecard(0.743, _deciles([0, 0, 1, 1, 2, 3, 4, 6, 7, 11]), 3.14),
        {"difference": 0.031, "ci_low": -0.01, "ci_high": 0.072, "p_value": 0.14},
    )
    call_centre = _model(
        _scorecard(None, _deciles([0] * 10), None),
        _scorecard(None, _deciles([0] * 10), None),
        no_difference,
    )
    pooled = {"auc": {"auc": 0.7, "ci_low": 0.65, "ci_high": 0.75}, "leads": 700, "converted": 35}
    return {
        "generated_at": "2025-02-01T10:00:00+00:00",
        "warehouse": "warehouse/leadscore.duckdb",
        "scorecards": {"baseline": "git revision main", "candidate": "the working tree's"},
        "rule_changes": [
            {
                "seed": "engagement_rules",
                "rule_id": "R012",
                "scoring_model_id": "crm",
                "change": "points",
                "rule": "pricing_view on /crm/pricing",
                "points_before": 30.0,
                "points_after": 40.0,
                "description": "CRM pricing page viewed",
            }
        ],
        "setting_changes": [],
        "leaks": ["Lead attributes are as exported now, not as they were at the cutoff."],
        "windows": [
            {
                "cutoff": "2024-12-31",
                "horizon_days": 90,
                "outcomes_until": "2025-03-31",
                "created_after": None,
                "models": {"call_centre": call_centre, "crm": crm},
                "all_models": {"baseline": pooled, "candidate": pooled},
            },
            {
                "cutoff": "2025-01-15",
                "horizon_days": 90,
                "outcomes_until": "2025-04-15",
                "created_after": None,
                "models": {"crm": crm},
                "all_models": {"baseline": pooled, "candidate": pooled},
            },
        ],
    }


@pytest.fixture(scope="module")
def plain_report(fixture_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the fixture warehouse, without a backtest."""
    out = tmp_path_factory.mktemp("report") / "scorecard.html"
    assert report.build_report(database=fixture_warehouse, out=out) == out
    return out


def _cells(*values: object, labels: int = 1) -> str:
    """A table row's cells as the report writes them: `labels` text cells, then numbers."""
    return "".join(
        f"<td>{value}</td>" if n < labels else f'<td class="num">{value}</td>'
        for n, value in enumerate(values)
    )


def test_report_is_self_contained_and_complete(plain_report: Path) -> None:
    html = plain_report.read_text(encoding="utf-8")
    assert_self_contained(html)
    assert len(CHART_DIV.findall(html)) == FIXTURE_CHARTS
    assert "Scored as of <b>2025-01-31</b>" in html
    for anchor in ("distribution", "calibration", "rules", "funnel", "backtest"):
        assert f'<section id="{anchor}">' in html
    assert "No backtest in this report" in html


def test_report_numbers_match_the_fixtures(plain_report: Path) -> None:
    """Counted by hand from tests/fixtures/raw: seven leads per model (L1-L6 and L8: the row
    without a lead id is quarantined, L7 erased). For crm, L1 became an MQL with its pricing
    view (2025-01-11 10:00, ten days and an hour after its creation on 2025-01-01 09:00) and an
    SQL when sales accepted it on 2025-01-20 10:00, nine days later; its deal opened and was won
    after as_of, as was L2's (O7), so 2 of the 7 crm leads converted after as_of. Nothing of
    the call-centre line was won."""
    html = plain_report.read_text(encoding="utf-8")
    # Each stage: leads, and their share of the stage before.
    assert _cells("crm", 7, "1 (14.3 %)", "1 (100.0 %)", "0 (0.0 %)", 0) in html
    assert _cells("call_centre", 7, "0 (0.0 %)", 0, 0, 0) in html
    assert _cells("crm", "lead → MQL", 1, "10.0", "10.0", labels=2) in html
    assert _cells("crm", "MQL → SQL", 1, "9.0", "9.0", labels=2) in html
    assert _cells("crm", "won after as_of (predicted)", 7, 2, "28.57 %", labels=2) in html
    assert _cells("crm", "CRM software", 7, 100, "B", labels=2) in html
    assert "call_centre: conversion rate by band (no lead converted in either window)" in html


@needs_chromium
def test_every_chart_renders_in_chromium(plain_report: Path, tmp_path: Path) -> None:
    charts = assert_every_chart_rendered(plain_report, tmp_path)
    assert len(charts) == FIXTURE_CHARTS
    screenshot(plain_report, tmp_path, "report.png")


@needs_chromium
def test_backtest_comparison_renders(
    fixture_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = tmp_path / "backtest.json"
    result.write_text(json.dumps(backtest_result()), encoding="utf-8")
    out = tmp_path / "report.html"
    report.main(out=out, backtest=result, database=fixture_warehouse)
    assert f"with the backtest {result} to {out}" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    assert_self_contained(html)
    assert "No backtest in this report" not in html
    section = html[html.index('<section id="backtest">') :]
    # The AUC chart, then one lift-by-decile chart per cutoff.
    assert len(CHART_DIV.findall(section)) == 1 + 2
    assert _cells("crm", 350, 35, "0.712 [0.650, 0.774]", "0.743 [0.681, 0.805]") in section
    assert "+0.031 [-0.010, +0.072], p = 0.14" in section
    assert _cells("call_centre", 350, 0, "n/a", "n/a", "n/a", "n/a", "n/a") in section
    assert (
        "<td>R012</td><td>crm</td>" in section
        and '<td class="num">+30</td><td class="num">+40</td>' in section
    )
    assert "As of 2025-01-15, judged on 90 days after it (to 2025-04-15)" in section
    charts = assert_every_chart_rendered(out, tmp_path)
    assert len(charts) == FIXTURE_CHARTS + 3
    # Tall enough to reach the comparison at the end of the page.
    screenshot(out, tmp_path, "report-with-backtest.png", height=12000)
    shutil.copyfile(out, ARTIFACTS / "report-with-backtest.html")


@needs_chromium
def test_empty_warehouse_renders_no_data_notes(tmp_path: Path) -> None:
    """A scoring model with no lead scored: every chart says there is nothing to show instead of
    failing."""
    model = {
        "scoring_model_id": "crm",
        "name": "CRM software",
        "mql_threshold": 100.0,
        "mql_min_grade": "B",
        "leads": 0,
        "mqls_now": 0,
        "mqls_ever": 0,
        "sqls": 0,
        "median_total_score": None,
        "min_total_score": None,
        "max_total_score": None,
    }
    empty = report.Warehouse(
        path=tmp_path / "empty.duckdb",
        as_of=None,
        models=[model],
        score_bins=[],
        bin_width=1.0,
        separation=[],
        performance=[],
        deciles=[],
        funnel=[],
        stage_days=[],
    )
    page = tmp_path / "empty.html"
    page.write_text(report.render(empty), encoding="utf-8")
    html = page.read_text(encoding="utf-8")
    assert_self_contained(html)
    # The distribution, the rule lift, the funnel and the days between stages say "No data";
    # the calibration chart says it in each of its five panels.
    assert html.count("No data: ") == 4
    assert html.count('"text":"no data"') == 5
    assert len(assert_every_chart_rendered(page, tmp_path)) == 5


def test_histogram_bins_are_round() -> None:
    assert report.nice_width(194.0) == 5.0  # 39 bins
    assert report.nice_width(480.0) == 10.0
    assert report.nice_width(1000.0) == 20.0
    assert report.nice_width(0.0) == 1.0


def test_missing_tables_are_named(tmp_path: Path) -> None:
    database = tmp_path / "unbuilt.duckdb"
    duckdb.connect(str(database)).close()
    with pytest.raises(report.MissingTablesError) as raised:
        report.build_report(database=database, out=tmp_path / "report.html")
    assert "marts.rpt_scorecard_performance" in str(raised.value)
    assert "run `leadscore build` first" in str(raised.value)
    with pytest.raises(SystemExit, match=r"marts\.fct_lead_scores.*leadscore build"):
        report.main(out=tmp_path / "report.html", database=database)
    assert not (tmp_path / "report.html").exists()


def test_a_missing_backtest_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="No backtest result"):
        report.main(out=tmp_path / "report.html", backtest=tmp_path / "none.json")
