"""The semantic layer through MetricFlow's own command line (`mf`, from dbt-metricflow) on the
fixtures: every metric of the project is listed, and what `mf query` returns equals the same
numbers computed from the marts with plain SQL."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from leadscore.warehouse import project_dir

from conftest import query

MF = Path(sys.executable).with_name("mf")
PATH_KEYS = ("model-paths", "seed-paths", "test-paths", "macro-paths", "analysis-paths", "snapshot-paths")

# Every mf run of the module: a name, then the arguments. `query` runs write their rows as CSV.
RUNS = {
    "list": ["list", "metrics"],
    "by_scoring_model": [
        "query",
        "--metrics",
        "new_leads,mqls,sqls,opportunities,wins,leads,current_mqls,mean_score,"
        "conversion_rate,mql_to_sql_rate,sla_attainment",
        "--group-by",
        "scoring_model",
    ],
    "leads_by_rating": ["query", "--metrics", "leads", "--group-by", "lead_score__rating"],
    "mqls_by_week_and_rating": [
        "query",
        "--metrics",
        "mqls",
        "--group-by",
        "metric_time__week,lead_score__rating",
    ],
    "by_lead_source": [
        "query",
        "--metrics",
        "new_leads,median_days_to_mql",
        "--group-by",
        "lead__lead_source",
    ],
    "funnel_by_week": ["query", "--saved-query", "funnel_by_week"],
}


@dataclass
class MfRuns:
    """What each run printed, the rows of each query, and the fixture warehouse they read."""

    project: Path
    database: Path
    stdout: dict[str, str]
    rows: dict[str, list[dict[str, str]]]


@pytest.fixture(scope="module")
def mf(fixture_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> MfRuns:
    """Every run of RUNS, side by side, each on its own copy of the fixture warehouse (one
    process at a time may open a DuckDB file for writing, and dbt-duckdb opens it so). The
    copies keep the file's name: the semantic manifest names tables by catalog, and
    dbt-duckdb takes the catalog from the file name.

    mf reads <project>/target/semantic_manifest.json whatever the target path, so it runs in a
    folder of its own: the project's files linked, and in target/ the semantic manifest the
    fixture build wrote (conftest's dbt() puts its target folder next to the warehouse)."""
    workdir = tmp_path_factory.mktemp("semantic_layer")
    source = project_dir()
    project = workdir / "project"
    (project / "target").mkdir(parents=True)
    settings = yaml.safe_load((source / "dbt_project.yml").read_text())
    linked = {"dbt_project.yml", *(path for key in PATH_KEYS for path in settings.get(key, []))}
    for name in sorted(linked):
        if (source / name).exists():
            (project / name).symlink_to(source / name)
    shutil.copy(fixture_warehouse.parent / "target" / "semantic_manifest.json", project / "target")

    processes = {}
    for name, args in RUNS.items():
        database = workdir / name / fixture_warehouse.name
        database.parent.mkdir()
        shutil.copy(fixture_warehouse, database)
        env = {
            **os.environ,
            "DBT_PROFILES_DIR": str(source),
            "DBT_PROJECT_DIR": str(project),
            "DBT_LOG_PATH": str(workdir / name / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "LEADSCORE_TARGET": "duckdb",
            "LEADSCORE_DUCKDB": str(database),
            # mf asks PyPI for a newer version of itself on every run and carries on when it
            # cannot: a closed local port answers at once, so the test stays offline and quick.
            "HTTPS_PROXY": "http://127.0.0.1:9",
            "HTTP_PROXY": "http://127.0.0.1:9",
        }
        extra = ["--csv", str(workdir / name / "rows.csv"), "--quiet"] if args[0] == "query" else []
        processes[name] = subprocess.Popen(
            [str(MF), *args, *extra],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    stdout = {}
    for name, process in processes.items():
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, f"mf {' '.join(RUNS[name])}\n{output[-5000:]}"
        stdout[name] = output
    rows = {}
    for name, args in RUNS.items():
        if args[0] == "query":
            with (workdir / name / "rows.csv").open(newline="") as handle:
                rows[name] = list(csv.DictReader(handle))
    return MfRuns(project, fixture_warehouse, stdout, rows)


def number(text: str) -> float | None:
    return None if text == "" else float(text)


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def day(text: str) -> str:
    """The date part of a timestamp, whatever its format."""
    return str(text)[:10]


def test_mf_lists_every_metric(mf: MfRuns) -> None:
    listed = {
        line.removeprefix("• ").split(":")[0]
        for line in mf.stdout["list"].splitlines()
        if line.startswith("• ")
    }
    manifest = json.loads((mf.project / "target" / "semantic_manifest.json").read_text())
    defined = {metric["name"] for metric in manifest["metrics"]}
    assert {"leads", "mqls", "sqls", "wins", "conversion_rate", "sla_attainment", "mqas"} <= defined
    assert listed == defined


def test_funnel_and_rates_by_scoring_model(mf: MfRuns) -> None:
    metrics = RUNS["by_scoring_model"][2].split(",")
    got = {
        row["scoring_model"]: [number(row[metric]) for metric in metrics]
        for row in mf.rows["by_scoring_model"]
    }

    funnel = {
        row[0]: row[1:]
        for row in query(
            mf.database,
            """
            select
                transitions.scoring_model_id,
                count(distinct case when stage = 'lead' then transitions.lead_id end),
                count(distinct case when stage = 'mql' then transitions.lead_id end),
                count(distinct case when stage = 'sql' then transitions.lead_id end),
                count(distinct case when stage = 'opportunity' then transitions.lead_id end),
                count(distinct case when stage = 'customer' then transitions.lead_id end),
                count(distinct case when stage = 'mql' and scores.is_sql then transitions.lead_id end),
                count(case when stage = 'mql' and transitions.is_sla_met then 1 end),
                count(case when stage = 'mql' then transitions.is_sla_met end)
            from (
                select *, lifecycle_stage as stage from marts.fct_lifecycle_transitions
            ) as transitions
            inner join marts.fct_lead_scores as scores
                on transitions.lead_id = scores.lead_id
                    and transitions.scoring_model_id = scores.scoring_model_id
            group by transitions.scoring_model_id
            """,
        )
    }
    state = {
        row[0]: row[1:]
        for row in query(
            mf.database,
            """
            select
                scoring_model_id,
                count(distinct lead_id),
                count(distinct case when is_mql then lead_id end),
                avg(score),
                count(distinct case when lifecycle_stage = 'customer' then lead_id end)
            from marts.fct_lead_scores
            group by scoring_model_id
            """,
        )
    }
    expected = {}
    for model, (leads, current_mqls, mean_score, won) in state.items():
        new, mqls, sqls, opportunities, wins, turned_sql, sla_met, sla_decided = funnel.get(model, (0,) * 8)
        expected[model] = [
            new,
            mqls,
            sqls,
            opportunities,
            wins,
            leads,
            current_mqls,
            mean_score,
            ratio(won, leads),
            ratio(turned_sql, mqls),
            ratio(sla_met, sla_decided),
        ]
    assert len(expected) >= 2 and any(values[1] for values in expected.values())
    assert got == {model: pytest.approx(values) for model, values in expected.items()}


def test_leads_by_rating(mf: MfRuns) -> None:
    got = {row["lead_score__rating"]: number(row["leads"]) for row in mf.rows["leads_by_rating"]}
    expected = dict(
        query(
            mf.database,
            "select rating, count(distinct lead_id) from marts.fct_lead_scores group by rating",
        )
    )
    assert len(expected) > 3
    assert got == expected


def test_mqls_by_week_and_rating(mf: MfRuns) -> None:
    got = {
        (day(row["metric_time__week"]), row["lead_score__rating"]): number(row["mqls"])
        for row in mf.rows["mqls_by_week_and_rating"]
    }
    expected = {
        (str(week), rating): mqls
        for week, rating, mqls in query(
            mf.database,
            """
            select
                cast(date_trunc('week', transitions.reached_at) as date),
                scores.rating,
                count(distinct transitions.lead_id)
            from marts.fct_lifecycle_transitions as transitions
            inner join marts.fct_lead_scores as scores
                on transitions.lead_id = scores.lead_id
                    and transitions.scoring_model_id = scores.scoring_model_id
            where transitions.lifecycle_stage = 'mql'
            group by all
            """,
        )
    }
    assert expected
    assert got == expected


def test_new_leads_and_days_to_mql_by_lead_source(mf: MfRuns) -> None:
    got = {
        row["lead__lead_source"]: [number(row["new_leads"]), number(row["median_days_to_mql"])]
        for row in mf.rows["by_lead_source"]
    }
    new_leads = dict(
        query(
            mf.database,
            """
            select leads.lead_source, count(distinct transitions.lead_id)
            from marts.fct_lifecycle_transitions as transitions
            inner join marts.dim_leads as leads
                on transitions.lead_id = leads.lead_id
            where transitions.lifecycle_stage = 'lead'
            group by leads.lead_source
            """,
        )
    )
    days_to_mql = dict(
        query(
            mf.database,
            "select lead_source, median(epoch(first_mql_at - created_at) / 86400.0) "
            "from marts.dim_leads group by lead_source",
        )
    )
    expected = {
        source: [new_leads.get(source, 0), days_to_mql.get(source)]
        for source in new_leads.keys() | days_to_mql.keys()
    }
    assert any(days is not None for _, days in expected.values())
    assert got == {source: pytest.approx(values) for source, values in expected.items()}


def test_saved_query_funnel_by_week(mf: MfRuns) -> None:
    stages = ["new_leads", "mqls", "sqls", "opportunities", "wins"]
    got = {
        (day(row["metric_time__week"]), row["scoring_model"]): [number(row[stage]) for stage in stages]
        for row in mf.rows["funnel_by_week"]
    }
    expected = {
        (str(row[0]), row[1]): list(row[2:])
        for row in query(
            mf.database,
            """
            select
                cast(date_trunc('week', reached_at) as date),
                scoring_model_id,
                count(distinct case when lifecycle_stage = 'lead' then lead_id end),
                count(distinct case when lifecycle_stage = 'mql' then lead_id end),
                count(distinct case when lifecycle_stage = 'sql' then lead_id end),
                count(distinct case when lifecycle_stage = 'opportunity' then lead_id end),
                count(distinct case when lifecycle_stage = 'customer' then lead_id end)
            from marts.fct_lifecycle_transitions
            where lifecycle_stage in ('lead', 'mql', 'sql', 'opportunity', 'customer')
            group by all
            """,
        )
    }
    assert len(expected) > 2
    assert got == expected
