"""The score history (int_lead_score_history) is linear in the events, and still exact: on
random small worlds it gives, at every moment, the score a brute-force evaluation of the
scoring rules gives (every event against every moment, ranked, windowed, capped and decayed
from scratch, written here in Python from the README's definition), and the same MQL
decision. A lead that cannot qualify (its grade, or its fit with every positive point under
the threshold) has rows only at its creation, assessment and deal, and never would have
qualified at any moment. The model's compiled SQL runs on in-memory tables, so hundreds of
worlds take seconds. The fingerprint an incremental build compares (int_lead_score_history_inputs) changes
when as_of passes one of a lead's moments."""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_VARS, dbt, duckdb_env, query

AS_OF = dt.date(2025, 1, 31)
AS_OF_END = dt.datetime(2025, 1, 31, 23, 59, 59)
INPUTS = {
    "int_event_rule_matches": (
        "event_id varchar, lead_id varchar, scoring_model_id varchar, rule_id varchar, "
        "base_points double, max_occurrences integer, window_days integer, half_life_days double, "
        "age_days bigint, occurred_at timestamp"
    ),
    "int_lead_fit": "lead_id varchar, scoring_model_id varchar, fit_score double, fit_grade varchar",
    "stg_scorecard__scoring_models": "scoring_model_id varchar, mql_threshold double, mql_min_grade varchar",
    "stg_raw__leads": "lead_id varchar, created_at timestamp",
    "stg_raw__sales_qualifications": "lead_id varchar, assessed_at timestamp",
    "int_opportunities_by_model": (
        "opportunity_id varchar, scoring_model_id varchar, lead_id varchar, opened_at timestamp, "
        "closed_at timestamp"
    ),
    "int_lead_score_history_inputs": "lead_id varchar, scoring_model_id varchar, inputs_fingerprint varchar",
    "int_lead_engagement": (
        "lead_id varchar, scoring_model_id varchar, engagement_score double, last_engaged_at timestamp"
    ),
}
# The last row (the end of as_of) takes the published engagement, int_lead_engagement (summed
# from int_event_points, which its own tests check; assert_history_ends_at_the_published_score
# checks both agree on every build). Here it is a value no event gives, to see it taken.
PUBLISHED_ENGAGEMENT = 1234.5


@pytest.fixture(scope="module")
def history_sql(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The model's SQL, compiled for the fixtures' as_of, reading unqualified tables."""
    workdir = tmp_path_factory.mktemp("history_sql")
    database = workdir / "compile.duckdb"
    result = dbt(
        ["compile", "--select", "int_lead_score_history", "--vars", FIXTURE_VARS],
        workdir,
        duckdb_env(database),
    )
    assert result.returncode == 0, result.stdout[-3000:]
    compiled = next(Path(workdir / "target").rglob("int_lead_score_history.sql")).read_text()
    return re.sub(r'"[^"]+"\."(?:intermediate|staging)"\."(\w+)"', r"\1", compiled)


# --- a random world: one lead, one model, a few rules, events in January 2025 ---------------

rules = st.fixed_dictionaries(
    {
        "points": st.sampled_from([-20.0, -5.0, 1.0, 5.0, 10.0, 25.0, 40.0]),
        "max_occurrences": st.one_of(st.none(), st.integers(1, 3)),
        "window_days": st.one_of(st.none(), st.integers(1, 20)),
        "half_life_days": st.sampled_from([0.0, 0.5, 1.0, 3.0, 10.0, 45.0]),
    }
)
events = st.lists(
    st.tuples(
        st.integers(0, 2),  # which rule
        st.integers(0, 30),  # day of January
        st.sampled_from([0, 6, 12, 18]),  # hour: several events can share a moment
    ),
    min_size=1,
    max_size=14,
)


@st.composite
def worlds(draw: st.DrawFn) -> dict:
    return {
        "rules": draw(st.lists(rules, min_size=3, max_size=3)),
        "events": draw(events),
        "fit": draw(st.sampled_from([0.0, 15.0, 30.0])),
        "grade": draw(st.sampled_from(["A", "B", "C"])),  # the model's minimum is B
        "threshold": draw(st.sampled_from([20.0, 40.0, 60.0, 100.0])),
        "assessed_day": draw(st.one_of(st.none(), st.integers(0, 30))),
        "deal_day": draw(st.one_of(st.none(), st.integers(0, 30))),
    }


def _can_qualify(world: dict) -> bool:
    """The leads whose history has every moment: a grade that qualifies, and the fit with every
    positive point of the lead's events at least the threshold (to the millionth)."""
    positive = sum(max(world["rules"][rule]["points"], 0.0) for rule, _, _ in world["events"])
    return world["grade"] <= "B" and world["fit"] + positive >= world["threshold"] - 1e-6


def _timestamp(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2025, 1, 1 + day, hour)


def _matches(world: dict) -> list[tuple]:
    rows = []
    for number, (rule, day, hour) in enumerate(world["events"]):
        spec = world["rules"][rule]
        moment = _timestamp(day, hour)
        rows.append(
            (
                f"E{number:02d}",
                "L1",
                "m",
                f"R{rule}",
                spec["points"],
                spec["max_occurrences"],
                spec["window_days"],
                spec["half_life_days"],
                (AS_OF - moment.date()).days,
                moment,
            )
        )
    return rows


def _brute_force(world: dict, moments: list[dt.datetime]) -> dict[dt.datetime, float]:
    """Every moment scored from scratch: the README's definition of the engagement score."""
    by_rule: dict[str, list[tuple]] = defaultdict(list)
    for row in _matches(world):
        by_rule[row[3]].append(row)
    scores = {}
    for moment in moments:
        total = world["fit"]
        for rows in by_rule.values():
            in_effect = [
                row
                for row in rows
                if row[9] <= moment and (row[6] is None or (moment.date() - row[9].date()).days <= row[6])
            ]
            in_effect.sort(key=lambda row: (row[9], row[0]), reverse=True)
            cap = rows[0][5]
            counted = in_effect if cap is None else in_effect[:cap]
            for row in counted:
                age = (moment.date() - row[9].date()).days
                total += row[4] * (1.0 if row[7] == 0 else 0.5 ** (age / row[7]))
        scores[moment] = total
    return scores


def _run(sql: str, world: dict) -> list[tuple]:
    con = duckdb.connect()
    try:
        for table, columns in INPUTS.items():
            con.execute(f"create table {table} ({columns})")
        con.executemany(f"insert into int_event_rule_matches values ({', '.join('?' * 10)})", _matches(world))
        con.execute("insert into int_lead_fit values ('L1', 'm', ?, ?)", [world["fit"], world["grade"]])
        con.execute("insert into stg_scorecard__scoring_models values ('m', ?, 'B')", [world["threshold"]])
        con.execute("insert into stg_raw__leads values ('L1', ?)", [_timestamp(0, 0)])
        con.execute("insert into int_lead_score_history_inputs values ('L1', 'm', 'F')")
        con.execute("insert into int_lead_engagement values ('L1', 'm', ?, null)", [PUBLISHED_ENGAGEMENT])
        if world["assessed_day"] is not None:
            con.execute(
                "insert into stg_raw__sales_qualifications values ('L1', ?)",
                [_timestamp(world["assessed_day"], 9)],
            )
        if world["deal_day"] is not None:
            con.execute(
                "insert into int_opportunities_by_model values ('O1', 'm', 'L1', ?, null)",
                [_timestamp(world["deal_day"], 15)],
            )
        return con.execute(f"select moment_at, total_score, is_qualifying from ({sql}) order by 1").fetchall()
    finally:
        con.close()


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(world=worlds())
def test_linear_history_equals_the_brute_force(history_sql: str, world: dict) -> None:
    rows = _run(history_sql, world)
    moments = [row[0] for row in rows]
    # The moments the lifecycle reads a score at: the lead's creation, the assessment, the
    # deal's opening and the end of as_of. A lead that can qualify has a row at every moment its
    # score can change as well: every event, the day after each negative event's window.
    lifecycle = {_timestamp(0, 0), AS_OF_END}
    if world["assessed_day"] is not None:
        lifecycle.add(_timestamp(world["assessed_day"], 9))
    if world["deal_day"] is not None:
        lifecycle.add(_timestamp(world["deal_day"], 15))
    every = lifecycle | {_timestamp(day, hour) for _, day, hour in world["events"]}
    for row in _matches(world):
        if row[4] < 0 and row[6] is not None:
            expiry = dt.datetime.combine(row[9].date() + dt.timedelta(days=row[6] + 1), dt.time())
            if expiry <= AS_OF_END:
                every.add(expiry)
    expected = _brute_force(world, sorted(every - {AS_OF_END}))
    event("can qualify" if _can_qualify(world) else "cannot qualify")  # --hypothesis-show-statistics
    qualifies = world["grade"] <= "B" and any(total >= world["threshold"] for total in expected.values())
    # Leaving a lead's event moments out is safe only if it would never have qualified.
    assert _can_qualify(world) or not qualifies, expected
    assert moments == sorted(every if _can_qualify(world) else lifecycle)
    assert rows[-1][:2] == (AS_OF_END, world["fit"] + PUBLISHED_ENGAGEMENT)
    for moment, total, is_qualifying in rows[:-1]:
        assert math.isclose(total, expected[moment], rel_tol=1e-9, abs_tol=1e-9), (
            moment,
            total,
            expected[moment],
        )
        if abs(expected[moment] - world["threshold"]) > 1e-6:
            meets = world["grade"] <= "B" and expected[moment] >= world["threshold"]
            assert is_qualifying == meets, moment


def test_decay_factors_stay_finite_over_long_histories(history_sql: str) -> None:
    """Half-life half a day over thirty days is 60 half-lives; a segment keeps 2^((e - r)/h)
    finite whatever the span, and an old event's share is 0, never inf x 0."""
    world = {
        "rules": [{"points": 10.0, "max_occurrences": None, "window_days": None, "half_life_days": 0.5}] * 3,
        "events": [(0, 0, 0), (0, 30, 0)],
        "fit": 0.0,
        "grade": "A",
        "threshold": 20.0,
        "assessed_day": None,
        "deal_day": None,
    }
    rows = _run(history_sql, world)
    assert all(math.isfinite(total) for _, total, _ in rows)
    moment, total, _ = rows[-2]
    assert moment == _timestamp(30, 0)
    assert math.isclose(total, 10.0 + 10.0 * 0.5 ** (30 / 0.5), rel_tol=1e-12)


# --- built in buckets -------------------------------------------------------------------------


def test_the_history_built_in_buckets_is_the_same_history(fixture_warehouse: Path, tmp_path: Path) -> None:
    """LEADSCORE_HISTORY_BUCKETS=3: the model's statement builds the first third of the leads and
    models, its post-hook inserts the other two; together, the rows of the history in one."""
    database = tmp_path / "buckets.duckdb"
    shutil.copy(fixture_warehouse, database)
    history = "select * from intermediate.int_lead_score_history"
    whole = sorted(query(database, history), key=repr)
    env = {**duckdb_env(database), "LEADSCORE_HISTORY_BUCKETS": "3"}
    result = dbt(["run", "--select", "int_lead_score_history", "--vars", FIXTURE_VARS], tmp_path, env)
    assert result.returncode == 0, result.stdout[-3000:]
    compiled = next((tmp_path / "target" / "compiled").rglob("int_lead_score_history.sql")).read_text()
    assert "where lead_model_key % 3 = 0 /* score history bucket */" in compiled
    in_buckets = sorted(query(database, history), key=repr)
    assert len(in_buckets) == len(whole) > 3
    assert in_buckets == whole


def test_a_bucket_count_that_is_not_a_whole_number_is_refused(tmp_path: Path) -> None:
    env = {**duckdb_env(tmp_path / "compile.duckdb"), "LEADSCORE_HISTORY_BUCKETS": "0"}
    result = dbt(["compile", "--select", "int_lead_score_history", "--vars", FIXTURE_VARS], tmp_path, env)
    assert result.returncode != 0
    assert "LEADSCORE_HISTORY_BUCKETS must be auto or a whole number of at least 1, not '0'" in result.stdout


# --- the fingerprint an incremental build compares ----------------------------------------------


def _compiled_inputs_sql(workdir: Path, as_of: str) -> str:
    """int_lead_score_history_inputs compiled for `as_of`, reading unqualified tables."""
    result = dbt(
        ["compile", "--select", "int_lead_score_history_inputs", "--vars", f'{{as_of: "{as_of}"}}'],
        workdir,
        duckdb_env(workdir / "compile.duckdb"),
    )
    assert result.returncode == 0, result.stdout[-3000:]
    compiled = next(Path(workdir / "target").rglob("int_lead_score_history_inputs.sql")).read_text()
    return re.sub(r'"[^"]+"\."(?:intermediate|staging)"\."(\w+)"', r"\1", compiled)


def test_the_fingerprint_changes_when_as_of_passes_a_moment(tmp_path: Path) -> None:
    """As of Jan 31, an event at 23:59:59 that day is the last row's moment, not one of the
    history's; as of Feb 1 it is one. The lead with it (L1) must get another fingerprint, so an
    incremental build recomputes its history; L2, whose events are earlier, keeps its own. L3's
    negative event leaves its 10-day window on Feb 1 at midnight: a new moment as of Feb 1."""
    fingerprints = {}
    for as_of in ("2025-01-31", "2025-02-01"):
        sql = _compiled_inputs_sql(tmp_path / as_of, as_of)
        con = duckdb.connect()
        try:
            for table, columns in INPUTS.items():
                if not table.startswith("int_lead_score_history") and table != "int_lead_engagement":
                    con.execute(f"create table {table} ({columns})")
            for lead, points, window, moment in (
                ("L1", 10.0, None, dt.datetime(2025, 1, 31, 23, 59, 59)),
                ("L2", 10.0, None, dt.datetime(2025, 1, 20, 12)),
                ("L3", -5.0, 10, dt.datetime(2025, 1, 21, 12)),
            ):
                con.execute(
                    "insert into int_event_rule_matches values (?, ?, 'm', 'R', ?, null, ?, 0, 0, ?)",
                    [f"E{lead}", lead, points, window, moment],
                )
                con.execute("insert into int_lead_fit values (?, 'm', 10, 'A')", [lead])
                con.execute("insert into stg_raw__leads values (?, ?)", [lead, dt.datetime(2025, 1, 1)])
            con.execute("insert into stg_scorecard__scoring_models values ('m', 50, 'B')")
            fingerprints[as_of] = dict(
                con.execute(f"select lead_id, inputs_fingerprint from ({sql})").fetchall()
            )
        finally:
            con.close()
    before, after = fingerprints["2025-01-31"], fingerprints["2025-02-01"]
    assert before["L1"] != after["L1"] and before["L3"] != after["L3"], fingerprints
    assert before["L2"] == after["L2"], fingerprints
