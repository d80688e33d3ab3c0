"""Incremental daily builds: a warehouse built day after day with plain `dbt build` holds exactly
the marts of one build from scratch on the same data, also when the scorecard is edited between
two days; a day without a scorecard edit matches only the events that are new or changed and
recomputes the score history only of the leads whose inputs changed.

Three deliveries of one generated world, each a full export as a CRM writes it:
1. as of 2026-06-10: 60 % of the events, half of the identities, no erasure request;
2. as of 2026-06-20: 90 % of the events (late arrivals among them: they happened long before),
   every identity (earlier anonymous events are re-attributed), no erasure request;
3. as of 2026-06-30, after an edit of the engagement rules: every event, the erasure requests
   (matched events of erased leads must go), and corrected copies of a few events that put them
   earlier and change their type (the earliest copy of an event wins).

The same comparison on PostgreSQL (an incremental day against a build from scratch) is in
test_postgres.py, where it reuses the fixtures' build on the server as its reference."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from leadscore.contract import raw_tables
from leadscore.demo import generate
from leadscore.project import copy_project
from leadscore.warehouse import run_dbt

from conftest import COMPARED_SCHEMAS, HISTORY, WITHOUT_UNIT_TESTS, duckdb_env

DAYS = ("2026-06-10", "2026-06-20", "2026-06-30")
# Share of events (in tenths, by a hash of the raw row) and of identities delivered each day.
EVENT_TENTHS = (6, 9, 10)
IDENTITY_HALVES = (1, 2, 2)
CORRECTED_EVENTS = 5
NO_DATA_TESTS = ("--exclude-resource-type", "test", "unit_test")
ONLY_THE_MATCHES = ("--select", "+int_event_rule_matches", *NO_DATA_TESTS)
ONLY_THE_HISTORY = ("--select", "+int_lead_score_history", *NO_DATA_TESTS)


def _bucket(expression: str, buckets: int) -> str:
    """A stable bucket of a raw row (raw values are text, possibly null)."""
    return f"(cast(('0x' || left(md5(coalesce({expression}, '')), 8)) as bigint) % {buckets})"


def deliver(source: Path, database: Path, day: int) -> None:
    """Replace the raw tables of `database` with the export of delivery `day` (0, 1, 2)."""
    with duckdb.connect(str(database)) as con:
        con.execute(f"attach '{source}' as source (read_only)")
        con.execute("create schema if not exists raw")
        for table in raw_tables():
            where = "true"
            if table == "events":
                where = f"{_bucket('event_id || occurred_at', 10)} < {EVENT_TENTHS[day]}"
            elif table == "identities":
                where = f"{_bucket('anonymous_id', 2)} < {IDENTITY_HALVES[day]}"
            elif table == "erasure_requests" and day < 2:
                where = "false"
            delivered = f"select * from source.raw.{table} where {where}"
            con.execute(f"create or replace table raw.{table} as {delivered}")
        if day == 2:
            # A corrected copy of a few clean events: an hour earlier, another type. Events are
            # immutable and the earliest copy is kept, so the correction replaces the original.
            con.execute(
                f"""
                insert into raw.events by name
                select
                    * replace (
                        strftime(cast(occurred_at as timestamp) - interval 1 hour, '%Y-%m-%d %H:%M:%S')
                            as occurred_at,
                        'pricing_view' as event_type
                    )
                from raw.events
                where
                    event_type = 'blog_read'
                    and lead_id is not null
                    and try_cast(occurred_at as timestamp) < timestamp '{DAYS[0]}'
                order by event_id
                limit {CORRECTED_EVENTS}
                """
            )


def edit_scorecard(project: Path) -> None:
    """More points for reading a blog article, and a half-life for newsletter opens."""
    path = project / "seeds" / "scorecard" / "engagement_rules.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    edited = {"R001": {"points": "8"}, "R002": {"half_life_days": "30"}}
    for row in rows:
        row.update(edited.get(row["rule_id"], {}))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def build(project: Path, database: Path, day: int, *args: str) -> None:
    """dbt build as of the day (LEADSCORE_AS_OF, as a daily job sets it)."""
    result = run_dbt(
        ["build", "--target-path", str(database.with_suffix(".target")), *WITHOUT_UNIT_TESTS, *args],
        check=False,
        env={**duckdb_env(database), "LEADSCORE_AS_OF": DAYS[day]},
        capture=True,
        project=project,
    )
    assert result.returncode == 0, result.stdout[-6000:]


def table_differences(incremental: Path, full: Path) -> dict[str, tuple[int, int]]:
    """{schema.table: (rows only in the incremental build, rows only in the full build)} for
    every table of the compared schemas that differs."""
    differences: dict[str, tuple[int, int]] = {}
    with duckdb.connect() as con:
        con.execute(f"attach '{incremental}' as inc (read_only)")
        con.execute(f"attach '{full}' as fresh (read_only)")
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = 'fresh' and table_schema in ? order by 1, 2",
            [list(COMPARED_SCHEMAS)],
        ).fetchall()
        assert len(tables) > 10, tables
        for schema, table in [*tables, tuple(HISTORY.split("."))]:
            name = f"{schema}.{table}"
            extra, missing = (
                con.execute(
                    f"select count(*) from (select * from {a}.{name} except all select * from {b}.{name})"
                ).fetchone()[0]
                for a, b in (("inc", "fresh"), ("fresh", "inc"))
            )
            if extra or missing:
                differences[name] = (extra, missing)
    return differences


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    workdir = tmp_path_factory.mktemp("incremental")
    source = workdir / "source.duckdb"
    generate(source, leads=1_500, seed=11)
    edited = copy_project(workdir / "edited")
    edit_scorecard(edited)
    project = copy_project(workdir / "project")
    return {"workdir": workdir, "source": source, "project": project, "edited": edited}


@pytest.fixture(scope="module")
def daily(world: dict[str, Path]) -> dict[str, object]:
    """The incremental warehouse day by day (kept as it was after days 1 and 2), and a build
    from scratch after days 2 and 3 to compare it with."""
    workdir, source = world["workdir"], world["source"]
    incremental = workdir / "incremental.duckdb"
    runs: dict[str, object] = {"incremental": incremental}
    for day in range(3):
        project = world["edited"] if day == 2 else world["project"]
        deliver(source, incremental, day)
        # The first day builds from scratch, as every other test's build does: its data tests
        # prove nothing about incremental builds. The two incremental days run them all.
        build(project, incremental, day, *(() if day else NO_DATA_TESTS))
        if day < 2:
            runs[f"after{day}"] = shutil.copy(incremental, workdir / f"after{day}.duckdb")
        if day:
            full = workdir / f"full{day}.duckdb"
            deliver(source, full, day)
            build(project, full, day, *NO_DATA_TESTS)
            runs[f"differences{day}"] = table_differences(incremental, full)
    return runs


def rematched_and_kept(world: dict[str, Path], warehouse: Path, day: int, project: Path) -> tuple[int, int]:
    """Mark every stored match of a copy of the warehouse, deliver and match the next day; how
    many matches were made again (unmarked) and how many were kept (still marked)."""
    probe = shutil.copy(warehouse, world["workdir"] / f"probe{day}.duckdb")
    with duckdb.connect(str(probe)) as con:
        con.execute("update intermediate.int_event_rule_matches set rule_id = 'MARK:' || rule_id")
    deliver(world["source"], probe, day)
    build(project, probe, day, *ONLY_THE_MATCHES)
    with duckdb.connect(str(probe), read_only=True) as con:
        return con.execute(
            "select count(*) filter (where rule_id not like 'MARK:%'), "
            "count(*) filter (where rule_id like 'MARK:%') from intermediate.int_event_rule_matches"
        ).fetchone()


def history_recomputed_and_kept(
    world: dict[str, Path], warehouse: Path, day: int, project: Path
) -> dict[str, int]:
    """Mark every stored history row before the end of as_of in a copy of the warehouse, deliver
    and build the next day's history: how many leads and models got their moments computed
    again (no marked row), kept (only marked rows), a mix of both (never right), and kept
    although a match of theirs is new, changed or gone (never right either)."""
    probe = shutil.copy(warehouse, world["workdir"] / f"history_probe{day}.duckdb")
    with duckdb.connect(str(probe)) as con:
        con.execute(f"update {HISTORY} set fit_grade = 'MARK' where inputs_fingerprint is null")
    deliver(world["source"], probe, day)
    build(project, probe, day, *ONLY_THE_HISTORY)
    columns = (
        "event_id, lead_id, scoring_model_id, rule_id, base_points, max_occurrences, window_days, "
        "half_life_days, occurred_at"
    )
    matches = "intermediate.int_event_rule_matches"
    with duckdb.connect() as con:
        con.execute(f"attach '{probe}' as probe (read_only)")
        con.execute(f"attach '{warehouse}' as before (read_only)")
        recomputed, kept, mixed, kept_but_changed = con.execute(
            f"""
            with

            lead_models as (
                select
                    lead_id,
                    scoring_model_id,
                    count(*) as moments,
                    count(*) filter (where fit_grade = 'MARK') as marked
                from probe.{HISTORY}
                where inputs_fingerprint is null
                group by lead_id, scoring_model_id
            ),

            changed_matches as (
                (select {columns} from probe.{matches} except select {columns} from before.{matches})
                union all
                (select {columns} from before.{matches} except select {columns} from probe.{matches})
            )

            select
                count(*) filter (where marked = 0),
                count(*) filter (where marked = moments),
                count(*) filter (where marked between 1 and moments - 1),
                count(*) filter (
                    where marked = moments and exists (
                        select 1 from changed_matches
                        where
                            changed_matches.lead_id = lead_models.lead_id
                            and changed_matches.scoring_model_id = lead_models.scoring_model_id
                    )
                )
            from lead_models
            """
        ).fetchone()
    return {"recomputed": recomputed, "kept": kept, "mixed": mixed, "kept_but_changed": kept_but_changed}


def test_a_plain_daily_build_gives_the_marts_of_a_full_build(daily) -> None:
    assert daily["differences1"] == {}


def test_a_scorecard_edit_re_scores_history_on_the_next_plain_build(daily) -> None:
    assert daily["differences2"] == {}


def test_a_day_matches_only_new_and_changed_events(world, daily) -> None:
    rematched, kept = rematched_and_kept(world, daily["after0"], 1, world["project"])
    # Day 2 brings 30 % more events and re-attributes some: the rest stays as it was.
    assert kept > 0 and 0 < rematched < kept, (rematched, kept)


def test_a_scorecard_edit_re_matches_every_event(world, daily) -> None:
    rematched, kept = rematched_and_kept(world, daily["after1"], 2, world["edited"])
    assert rematched > 0 and kept == 0, (rematched, kept)


def _matches_of_erased_leads(warehouse: Path, final: Path) -> int:
    """Stored matches in `warehouse` of leads the final build no longer stages (erased)."""
    with duckdb.connect() as con:
        con.execute(f"attach '{warehouse}' as warehouse (read_only)")
        con.execute(f"attach '{final}' as final (read_only)")
        return con.execute(
            "select count(*) from warehouse.intermediate.int_event_rule_matches as matches "
            "where not exists (select 1 from final.staging.stg_raw__leads as leads "
            "where leads.lead_id = matches.lead_id)"
        ).fetchone()[0]


def test_erased_leads_lose_their_stored_matches(daily) -> None:
    assert _matches_of_erased_leads(daily["after1"], daily["incremental"]) > 0
    assert _matches_of_erased_leads(daily["incremental"], daily["incremental"]) == 0


def test_a_warehouse_from_before_incremental_matching_needs_no_full_refresh(world, daily) -> None:
    """A warehouse whose matches table has the shape of a plain table model (an as_of-bound
    age, no fingerprint) upgrades on a plain build: emptied, given the new columns, matched."""
    probe = shutil.copy(daily["after1"], world["workdir"] / "old_shape.duckdb")
    table = "intermediate.int_event_rule_matches"
    with duckdb.connect(str(probe)) as con:
        before = con.execute(f"select count(*) from {table}").fetchone()[0]
        con.execute(
            f"create or replace table {table} as select event_id, lead_id, scoring_model_id, rule_id, "
            "base_points, max_occurrences, window_days, half_life_days, 3 as age_days, occurred_at "
            f"from {table} limit 10"
        )
    build(
        world["project"], probe, 1, "--select", "+int_event_rule_matches", "--exclude-resource-type", "test"
    )
    with duckdb.connect(str(probe), read_only=True) as con:
        columns = {name for (name,) in con.execute(f"select column_name from (describe {table})").fetchall()}
        after = con.execute(f"select count(*), count(match_fingerprint) from {table}").fetchone()
    assert "age_days" not in columns and {"match_fingerprint", "event_hash"} <= columns
    assert after == (before, before)


def test_a_day_recomputes_the_history_only_of_leads_whose_inputs_changed(world, daily) -> None:
    counts = history_recomputed_and_kept(world, daily["after0"], 1, world["project"])
    # Day 2 brings 30 % more events to some leads and moves as_of by ten days: the history of
    # the others stays, each lead and model whole or not at all.
    assert counts["kept"] > 0 and counts["recomputed"] > 0, counts
    assert counts["mixed"] == 0 and counts["kept_but_changed"] == 0, counts


def test_a_scorecard_edit_recomputes_the_history_of_every_lead_it_touches(world, daily) -> None:
    """The edit changes two rules' points and half-life: every lead and model with an event of
    either is recomputed (its matches changed); a lead without one keeps its history."""
    counts = history_recomputed_and_kept(world, daily["after1"], 2, world["edited"])
    assert counts["recomputed"] > counts["kept"] > 0, counts
    assert counts["mixed"] == 0 and counts["kept_but_changed"] == 0, counts


def test_a_history_from_before_it_was_incremental_needs_no_full_refresh(world, daily) -> None:
    """A history table without the fingerprint column (a plain table model) upgrades on a plain
    build: emptied, given the column, computed again, the same rows as before."""
    probe = shutil.copy(daily["after1"], world["workdir"] / "old_history.duckdb")
    with duckdb.connect(str(probe)) as con:
        con.execute(f"alter table {HISTORY} drop column inputs_fingerprint")
    build(world["project"], probe, 1, *ONLY_THE_HISTORY)
    with duckdb.connect() as con:
        con.execute(f"attach '{probe}' as upgraded (read_only)")
        con.execute(f"attach '{daily['after1']}' as before (read_only)")
        differences = [
            con.execute(
                f"select count(*) from (select * from {a}.{HISTORY} except all select * from {b}.{HISTORY})"
            ).fetchone()[0]
            for a, b in (("upgraded", "before"), ("before", "upgraded"))
        ]
        fingerprints = con.execute(f"select count(inputs_fingerprint) from upgraded.{HISTORY}").fetchone()[0]
    # Equal to the rows before, fingerprints included.
    assert differences == [0, 0] and fingerprints > 0, (differences, fingerprints)
