"""Publishing the marts for dashboards that stay connected through builds.

DuckDB allows one writer per file, and a dashboard holding the warehouse open would block the
next build. So after a successful build `leadscore build` copies the public schemas (marts,
data_quality, snapshots) into a new DuckDB file next to the warehouse and swaps it in place of
the published one with one atomic rename. A dashboard opens the published file read-only: a
reader already connected keeps reading the file it opened (its descriptor still points at it)
and never sees a half-written table; the next connection gets the new build. A failed build
publishes nothing, so the last good publication stays. Optionally every published table is
also written as a Parquet file, in a new folder swapped in by renaming a symlink.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from leadscore.warehouse import connect, duckdb_path, scalar

PUBLISHED_SCHEMAS = ("marts", "data_quality", "snapshots")


@dataclass(frozen=True)
class Publication:
    """What a publication wrote."""

    path: Path
    tables: dict[str, int]
    parquet: Path | None


def published_path(warehouse: Path | None = None) -> Path:
    """The published file: LEADSCORE_PUBLISHED, else `<warehouse>_published.duckdb` beside it."""
    explicit = os.environ.get("LEADSCORE_PUBLISHED")
    if explicit:
        return Path(explicit)
    warehouse = warehouse or duckdb_path()
    return warehouse.with_name(f"{warehouse.stem}_published.duckdb")


def _tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = current_database() and table_schema in (select unnest(?)) "
        "order by 1, 2",
        [list(PUBLISHED_SCHEMAS)],
    ).fetchall()


def publish(
    warehouse: Path | None = None, target: Path | None = None, parquet: Path | None = None
) -> Publication:
    """Copy the public schemas of the warehouse into a new file and swap it in atomically."""
    warehouse = warehouse or duckdb_path()
    target = target or published_path(warehouse)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    staging.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    with connect(read_only=True, path=warehouse) as con:
        tables = _tables(con)
    with connect(read_only=False, path=staging) as con:
        con.execute(f"attach '{warehouse}' as warehouse (read_only)")
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"create schema if not exists {schema}")
        for schema, table in tables:
            con.execute(f'create table {schema}."{table}" as select * from warehouse.{schema}."{table}"')
            counts[f"{schema}.{table}"] = scalar(con, f'select count(*) from {schema}."{table}"')
        con.execute("detach warehouse")
        con.execute("checkpoint")
    os.replace(staging, target)
    return Publication(target, counts, _publish_parquet(target, tables, parquet) if parquet else None)


def _publish_parquet(published: Path, tables: list[tuple[str, str]], folder: Path) -> Path:
    """Every published table as `<folder>/current/<schema>.<table>.parquet`, `current` a symlink
    swapped to a new version folder. The previous version stays (a query that resolved the link
    before the swap can finish); older ones are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    version = folder / f"v{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    version.mkdir()
    with duckdb.connect(str(published), read_only=True) as con:
        for schema, table in tables:
            con.execute(
                f"copy {schema}.\"{table}\" to '{version / f'{schema}.{table}.parquet'}' (format parquet)"
            )
    link = folder / "current"
    staging_link = folder / f".current.{os.getpid()}"
    staging_link.unlink(missing_ok=True)
    staging_link.symlink_to(version.name)
    os.replace(staging_link, link)
    for old in sorted(folder.glob("v*"), reverse=True)[2:]:
        shutil.rmtree(old, ignore_errors=True)
    return link
