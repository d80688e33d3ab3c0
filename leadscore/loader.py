"""Load a folder of exports into the raw schema (SPEC section 3), on DuckDB, PostgreSQL or Spark.

Without a mapping, the folder holds one file per raw table, matched by its stem ignoring
case (`Leads.CSV`, `events.csv.gz`, `companies.parquet`, `identities.jsonl`); columns are
matched by their normalised header. With a mapping (leadscore/mapping.py) the files are
whatever the export is. Either way:

1. every file is read by DuckDB into a temporary table, all text, exactly as exported;
2. everything is checked (headers, encodings, the mapping) and the raw tables are staged
   as temporary tables: contract columns first, then every extra column of the export;
3. only then, in one transaction, the raw tables are replaced, all of them or none. A table
   without a file becomes empty. On PostgreSQL the staged tables are written with COPY; on
   Spark as Parquet files that the dbt profile's Spark session turns into tables (Spark has no
   transactions: every table is written beside the raw one first, then all are swapped in).

Bad input raises `LoadError` (nothing is written); the `LoadResult` says what was loaded
and everything worth knowing about it (renamed headers, missing columns, ignored files).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from leadscore.contract import RAW_SCHEMA, raw_tables
from leadscore.exports import (
    ExportTable,
    LoadError,
    duckdb_reason,
    export_name,
    quote_identifier,
    read_export,
    sql_string,
)
from leadscore.mapping import (
    Block,
    BlockPlan,
    Mapping,
    MappingError,
    Params,
    block_problems,
    folder_mapping,
    plan_block,
    read_mapping,
    select_sql,
    unreadable_sql,
    where_sql,
)
from leadscore.warehouse import connect, scalar, spark_session

if TYPE_CHECKING:
    from psycopg2.extensions import cursor as Cursor

__all__ = [
    "LoadError",
    "LoadResult",
    "MappingError",
    "load",
    "load_duckdb",
    "load_mapped",
    "load_postgres",
    "load_spark",
]

TARGETS = ("duckdb", "postgres", "spark")
POSTGRES_IDENTIFIER_BYTES = 63


@dataclass
class LoadResult:
    """What a load did: rows per raw table (contract order), their columns, and notes."""

    counts: dict[str, int]
    columns: dict[str, tuple[str, ...]]
    notes: list[str] = field(default_factory=list)

    def report(self) -> str:
        """The notes as printable lines."""
        return "\n".join(f"  {note}" for note in self.notes)


@dataclass
class Staged:
    """The raw tables read and checked, as temporary tables of one DuckDB connection."""

    tables: dict[str, str]
    columns: dict[str, tuple[str, ...]]
    counts: dict[str, int]
    notes: list[str]


# --- finding the files --------------------------------------------------------------------


def discover(folder: Path) -> tuple[dict[str, str], list[str]]:
    """{raw table: file name} of a plain export folder, and notes on everything else in it."""
    tables = raw_tables()
    found: dict[str, str] = {}
    notes: list[str] = []
    for path in sorted(folder.iterdir()):
        named = export_name(path) if path.is_file() else None
        if path.is_dir():
            notes.append(f"{path.name}/: a folder, ignored")
        elif named is None or named.stem not in tables:
            notes.append(f"{path.name}: unknown file, ignored (no raw table of that name)")
        elif named.stem in found:
            raise LoadError(
                f"{folder}: two files for raw.{named.stem}: {found[named.stem]} and {path.name}; keep one"
            )
        else:
            found[named.stem] = path.name
    return found, notes


def resolve_file(folder: Path, name: str) -> Path | None:
    """A mapping's file name in the export folder: exactly, else ignoring case."""
    exact = folder / name
    if exact.is_file():
        return exact
    parent = exact.parent
    if not parent.is_dir():
        return None
    matches = [
        path for path in parent.iterdir() if path.is_file() and path.name.lower() == exact.name.lower()
    ]
    return matches[0] if len(matches) == 1 else None


def source_files(mapping: Mapping, folder: Path) -> dict[str, Path]:
    """Every file the mapping reads, found in the folder; MappingError listing the missing ones."""
    sources = dict.fromkeys(block.source for block in mapping.blocks)
    resolved = {name: resolve_file(folder, name) for name in sources}
    missing = [f"file {name!r} is not in {folder}" for name, path in resolved.items() if path is None]
    if missing:
        raise MappingError(mapping.name, missing)
    return {name: path for name, path in resolved.items() if path is not None}


def unused_files(folder: Path, used: dict[str, Path]) -> list[str]:
    """Notes on the folder's files that the mapping does not read."""
    taken = {path.resolve() for path in used.values()}
    return [
        f"{path.name}: not used by the mapping, ignored"
        for path in sorted(folder.iterdir())
        if path.is_file() and path.resolve() not in taken
    ]


# --- reading and staging ------------------------------------------------------------------


def read_sources(
    con: duckdb.DuckDBPyConnection,
    mapping: Mapping,
    files: dict[str, Path],
    workdir: Path,
    defaults: tuple[str | None, str | None],
) -> dict[str, ExportTable]:
    """Read every file once into a temporary table `source_<n>`."""
    encoding, delimiter = defaults
    exports = {}
    for position, (name, path) in enumerate(files.items()):
        options = mapping.options(name)
        exports[name] = read_export(
            con,
            path,
            f"source_{position}",
            workdir=workdir,
            label=path.name,
            fmt=options.format,
            encoding=options.encoding or encoding,
            delimiter=options.delimiter or delimiter,
        )
    return exports


def export_notes(exports: dict[str, ExportTable]) -> list[str]:
    """Notes on reading: transcoding and renamed headers."""
    notes = []
    for export in exports.values():
        notes.extend(export.notes)
        if export.renamed:
            renames = ", ".join(f"{old!r} -> {new}" for old, new in export.renamed.items())
            notes.append(f"{export.label}: headers renamed: {renames}")
    return notes


def check_mapping(mapping: Mapping, exports: dict[str, ExportTable]) -> None:
    """Every column a block names exists in its file; MappingError listing all that do not."""
    problems = [
        problem
        for block in mapping.blocks
        for problem in block_problems(block, exports[block.source].columns)
    ]
    if problems:
        raise MappingError(mapping.name, problems)


def stage_table(
    con: duckdb.DuckDBPyConnection, table: str, mapping: Mapping, exports: dict[str, ExportTable]
) -> tuple[tuple[str, ...], list[str]]:
    """Create the temporary table `staged_<table>` from its blocks; return its columns and notes."""
    blocks = [block for block in mapping.blocks if block.table == table]
    contract = raw_tables()[table]
    plans = [plan_block(block, exports[block.source].columns) for block in blocks]
    extras = tuple(dict.fromkeys(column for plan in plans for column in plan.extras))
    columns = (*contract, *extras)
    notes: list[str] = []
    params = Params()
    selects = []
    for block, plan in zip(blocks, plans, strict=True):
        source = exports[block.source]
        selects.append(select_sql(block, plan, source.table, columns, params))
        notes.extend(block_notes(con, block, plan, source))
    if selects:
        con.execute(f"create temp table staged_{table} as {' union all '.join(selects)}", params.values)
    else:
        definition = ", ".join(f"{quote_identifier(column)} varchar" for column in columns)
        con.execute(f"create temp table staged_{table} ({definition})")
        notes.append(f"raw.{table}: no file feeds it, the table is now empty")
    return columns, notes


def block_notes(
    con: duckdb.DuckDBPyConnection, block: Block, plan: BlockPlan, source: ExportTable
) -> list[str]:
    """What a reader of the load should know about one block: gaps, extras, unreadable values."""
    table = block.table
    where = f"raw.{table} <- {source.label}"
    notes = []
    if plan.unmapped:
        notes.append(f"{where}: no column for {', '.join(plan.unmapped)} (loaded as NULL)")
    if plan.extras:
        notes.append(f"{where}: extra columns kept: {', '.join(plan.extras)}")
    for column in plan.shadowed:
        notes.append(f"{where}: column {column!r} not loaded: raw.{table}.{column} is mapped from elsewhere")
    for column, value in plan.values.items():
        params = Params()
        predicate = unreadable_sql(value, params)
        if predicate is None:
            continue
        sql = f"select count(*) from {source.table} where {predicate} and {where_sql(block, params)}"
        unreadable = scalar(con, sql, params.values)
        if unreadable:
            what = "did not match the format" if value.formats else "are not plain numbers to scale"
            notes.append(f"{where}: {unreadable} value(s) of {column} {what}; kept as text")
    return notes


def stage(
    con: duckdb.DuckDBPyConnection,
    mapping: Mapping,
    files: dict[str, Path],
    workdir: Path,
    defaults: tuple[str | None, str | None],
) -> Staged:
    """Read, check and stage every raw table (nothing outside temporary tables is touched)."""
    con.execute("set timezone = 'UTC'")  # Parquet timestamps with a zone are rendered in UTC
    exports = read_sources(con, mapping, files, workdir, defaults)
    check_mapping(mapping, exports)
    notes = export_notes(exports)
    columns: dict[str, tuple[str, ...]] = {}
    for table in raw_tables():
        try:
            columns[table], table_notes = stage_table(con, table, mapping, exports)
        except duckdb.Error as error:
            raise LoadError(f"raw.{table}: cannot be built from the files: {duckdb_reason(error)}") from None
        notes.extend(table_notes)
    counts = {table: int(scalar(con, f"select count(*) from staged_{table}")) for table in raw_tables()}
    for export in exports.values():
        con.execute(f"drop table {export.table}")
    tables = {table: f"staged_{table}" for table in raw_tables()}
    return Staged(tables, columns, counts, list(dict.fromkeys(notes)))


# --- writing --------------------------------------------------------------------------------


def replace_duckdb_table(con: duckdb.DuckDBPyConnection, table: str, staged: str) -> None:
    """Replace one raw table by its staged version (inside the caller's transaction)."""
    con.execute(f"create or replace table {RAW_SCHEMA}.{table} as select * from {staged}")


def write_duckdb(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    """Replace every raw table in one transaction: all of them or none."""
    con.execute("begin transaction")
    try:
        con.execute(f"create schema if not exists {RAW_SCHEMA}")
        for table, temp in staged.tables.items():
            replace_duckdb_table(con, table, temp)
        con.execute("commit")
    except duckdb.Error as error:
        con.execute("rollback")
        raise LoadError(f"writing the raw schema failed, nothing was changed: {error}") from None
    except BaseException:
        con.execute("rollback")
        raise


def postgres_dsn(settings: dict[str, str] | None = None) -> str:
    """Connection string from the same LEADSCORE_PG_* variables profiles.yml reads."""
    env = {**os.environ, **(settings or {})}
    parts = {
        "host": env.get("LEADSCORE_PG_HOST", "127.0.0.1"),
        "port": env.get("LEADSCORE_PG_PORT", "5432"),
        "user": env.get("LEADSCORE_PG_USER", "postgres"),
        "dbname": env.get("LEADSCORE_PG_DATABASE", "leadscore"),
    }
    password = env.get("LEADSCORE_PG_PASSWORD")
    if password:
        parts["password"] = password
    return " ".join(f"{key}={value}" for key, value in parts.items())


def check_postgres_names(staged: Staged) -> None:
    """PostgreSQL truncates identifiers past 63 bytes: refuse such column names up front."""
    for table, columns in staged.columns.items():
        for column in columns:
            if len(column.encode("utf-8")) > POSTGRES_IDENTIFIER_BYTES:
                raise LoadError(
                    f"raw.{table}: column name {column!r} is longer than PostgreSQL's "
                    f"{POSTGRES_IDENTIFIER_BYTES} bytes; shorten the header"
                )


def export_csv(con: duckdb.DuckDBPyConnection, staged: str, columns: tuple[str, ...], path: Path) -> int:
    """Write a staged table as CSV for COPY: every value quoted, NULL as an unquoted empty field,
    and NUL characters removed (PostgreSQL text cannot hold them; staging removes them on DuckDB
    as it removes every control character). Returns how many values held one."""
    quoted = [quote_identifier(column) for column in columns]
    holding_nul = " + ".join(f"count(*) filter (where contains({column}, chr(0)))" for column in quoted)
    removed = int(scalar(con, f"select {holding_nul} from {staged}")) if quoted else 0
    select = ", ".join(f"replace({column}, chr(0), '') as {column}" for column in quoted)
    options = "format csv, header false, force_quote *, nullstr ''"
    con.execute(f"copy (select {select} from {staged}) to {sql_string(path.as_posix())} ({options})")
    return removed


def replace_postgres_table(cursor: Cursor, table: str, columns: tuple[str, ...], data: Path) -> None:
    """Drop, re-create (all text) and COPY one raw table (inside the caller's transaction)."""
    name = f"{RAW_SCHEMA}.{quote_identifier(table)}"
    names = ", ".join(quote_identifier(column) for column in columns)
    definition = ", ".join(f"{quote_identifier(column)} text" for column in columns)
    cursor.execute(f"drop table if exists {name}")
    cursor.execute(f"create table {name} ({definition})")
    with data.open("r", encoding="utf-8", newline="") as handle:
        cursor.copy_expert(f"copy {name} ({names}) from stdin with (format csv, null '')", handle)


def write_postgres(con: duckdb.DuckDBPyConnection, staged: Staged, dsn: str, workdir: Path) -> list[str]:
    """Replace every raw table on PostgreSQL in one transaction: all of them or none. Returns
    notes on what had to change on the way."""
    import psycopg2  # installed with dbt-postgres

    check_postgres_names(staged)
    files = {}
    notes = []
    for table, temp in staged.tables.items():
        files[table] = workdir / f"{table}.copy.csv"
        removed = export_csv(con, temp, staged.columns[table], files[table])
        if removed:
            notes.append(
                f"raw.{table}: NUL (U+0000) removed from {removed} value(s): PostgreSQL text cannot hold it"
            )
    try:
        connection = psycopg2.connect(dsn)
    except psycopg2.Error as error:
        raise LoadError(f"cannot reach PostgreSQL ({dsn}): {str(error).strip()}") from None
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("set client_encoding = 'UTF8'")
            cursor.execute(f"create schema if not exists {RAW_SCHEMA}")
            for table in staged.tables:
                replace_postgres_table(cursor, table, staged.columns[table], files[table])
    except psycopg2.Error as error:
        raise LoadError(f"writing the raw schema failed, nothing was changed: {str(error).strip()}") from None
    finally:
        connection.close()
    return notes


def write_spark(
    con: duckdb.DuckDBPyConnection, staged: Staged, settings: dict[str, str], workdir: Path
) -> None:
    """Replace every raw table on Spark: each staged table goes to a Parquet file (read by
    DuckDB and Spark alike, no row passes through Python), Spark writes it beside the raw table
    as `<table>__loading`, and only when every one is written are they swapped in. A failure
    before the swap leaves the raw schema as it was."""
    files = {}
    for table, temp in staged.tables.items():
        files[table] = workdir / f"{table}.parquet"
        con.execute(f"copy {temp} to {sql_string(files[table].as_posix())} (format parquet)")
    spark = spark_session(settings, "leadscore load")
    try:
        spark.sql(f"create database if not exists {RAW_SCHEMA}")
        loading = {table: f"{RAW_SCHEMA}.`{table}__loading`" for table in staged.tables}
        try:
            for table, name in loading.items():
                frame = spark.read.parquet(files[table].as_posix())
                frame.write.mode("overwrite").format("parquet").saveAsTable(name)
        except Exception as error:
            for name in loading.values():
                spark.sql(f"drop table if exists {name}")
            raise LoadError(f"writing the raw schema failed, nothing was changed: {error}") from None
        for table, name in loading.items():
            spark.sql(f"drop table if exists {RAW_SCHEMA}.`{table}`")
            spark.sql(f"alter table {name} rename to {RAW_SCHEMA}.`{table}`")
    finally:
        spark.stop()


# --- the entry points -------------------------------------------------------------------------


def plan(
    source: Path, mapping: Path | None, encoding: str | None, delimiter: str | None
) -> tuple[Mapping, dict[str, Path], list[str]]:
    """The mapping to apply, the files it reads, and notes on the folder."""
    if not source.is_dir():
        raise LoadError(f"{source} is not a folder of export files")
    if mapping is None:
        found, notes = discover(source)
        return folder_mapping(found, encoding, delimiter), {n: source / n for n in found.values()}, notes
    parsed = read_mapping(mapping)
    files = source_files(parsed, source)
    return parsed, files, unused_files(source, files)


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A temporary folder for transcoded files and COPY data, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="leadscore-load-") as folder:
        yield Path(folder)


def load(
    source: Path,
    *,
    mapping: Path | None = None,
    target: str = "duckdb",
    database: Path | None = None,
    settings: dict[str, str] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> LoadResult:
    """Load an export folder (optionally through a mapping file) into the raw schema.

    `target` is `duckdb` (the file `database`, default the warehouse), `postgres` (the
    server the LEADSCORE_PG_* variables or `settings` describe) or `spark` (the session of the
    profile's `spark` output, its LEADSCORE_SPARK_* variables from the environment or
    `settings`). `encoding` and `delimiter` apply to every text file a mapping does not give
    its own. Raises LoadError (or its
    subclass MappingError) for bad input; then nothing was written."""
    if target not in TARGETS:
        raise LoadError(f"unknown target {target!r} (one of {', '.join(TARGETS)})")
    parsed, files, notes = plan(Path(source), Path(mapping) if mapping else None, encoding, delimiter)
    written: list[str] = []
    with scratch() as workdir:
        if target == "duckdb":
            with connect(read_only=False, path=database) as con:
                staged = stage(con, parsed, files, workdir, (encoding, delimiter))
                write_duckdb(con, staged)
        else:
            with duckdb.connect() as con:
                con.execute("set temp_directory = $folder", {"folder": str(workdir / "spill")})
                staged = stage(con, parsed, files, workdir, (encoding, delimiter))
                if target == "postgres":
                    written = write_postgres(con, staged, postgres_dsn(settings), workdir)
                else:
                    write_spark(con, staged, settings or {}, workdir)
    return LoadResult(counts=staged.counts, columns=staged.columns, notes=notes + staged.notes + written)


def load_mapped(mapping: Path, source: Path, **options: Any) -> LoadResult:
    """`leadscore load --mapping FILE SOURCE_DIR`: apply a mapping file to an export folder."""
    return load(source, mapping=mapping, **options)


def _reported(result: LoadResult, report: Callable[[str], None] | None) -> dict[str, int]:
    if report is not None:
        for note in result.notes:
            report(note)
    return result.counts


def load_duckdb(
    folder: Path,
    database: Path | None = None,
    *,
    mapping: Path | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    report: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Replace the raw tables of the DuckDB warehouse (or `database`) from a folder; rows per table."""
    result = load(
        folder, mapping=mapping, target="duckdb", database=database, encoding=encoding, delimiter=delimiter
    )
    return _reported(result, report)


def load_postgres(
    folder: Path,
    settings: dict[str, str] | None = None,
    *,
    mapping: Path | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    report: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Replace the raw tables on PostgreSQL from a folder, by COPY in one transaction; rows per table."""
    result = load(
        folder, mapping=mapping, target="postgres", settings=settings, encoding=encoding, delimiter=delimiter
    )
    return _reported(result, report)


def load_spark(
    folder: Path,
    settings: dict[str, str] | None = None,
    *,
    mapping: Path | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    report: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Replace the raw tables of the local Spark warehouse from a folder; rows per table.

    It starts the profile's Spark session in this process. Its embedded metastore admits one
    process at a time, so dbt can use it only after this process has ended: tests run
    `leadscore load --target spark` as a child process."""
    result = load(
        folder, mapping=mapping, target="spark", settings=settings, encoding=encoding, delimiter=delimiter
    )
    return _reported(result, report)
