"""Load CSV exports into the raw schema (SPEC section 3), on DuckDB or PostgreSQL.

A folder holds one `<table>.csv` per raw table, with a header row naming the contract's
columns (extra columns are ignored, missing ones are loaded empty). Every value lands as
text, exactly as exported; the staging models type and validate it.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from leadscore.raw_schema import RAW_SCHEMA, RAW_TABLES, create_statements
from leadscore.warehouse import connect


def _read_rows(path: Path, columns: tuple[str, ...]) -> list[list[str | None]]:
    """Rows of a CSV file in contract column order; empty cells become null."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return [[row.get(column) or None for column in columns] for row in reader]


def csv_tables(folder: Path) -> dict[str, Path]:
    """The raw tables for which the folder has a CSV file."""
    return {table: folder / f"{table}.csv" for table in RAW_TABLES if (folder / f"{table}.csv").exists()}


def load_duckdb(folder: Path, database: Path | None = None) -> dict[str, int]:
    """(Re)create the raw tables in the DuckDB warehouse from the folder's CSV files."""
    files = csv_tables(folder)
    counts: dict[str, int] = {}
    with connect(read_only=False, path=database) as con:
        for statement in create_statements():
            con.execute(statement)
        for table, columns in RAW_TABLES.items():
            con.execute(f"delete from {RAW_SCHEMA}.{table}")
            if table not in files:
                counts[table] = 0
                continue
            rows = _read_rows(files[table], columns)
            placeholders = ", ".join("?" for _ in columns)
            if rows:
                con.executemany(f"insert into {RAW_SCHEMA}.{table} values ({placeholders})", rows)
            counts[table] = len(rows)
    return counts


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


def load_postgres(folder: Path, settings: dict[str, str] | None = None) -> dict[str, int]:
    """(Re)create the raw tables on PostgreSQL from the folder's CSV files, by COPY."""
    import psycopg2  # installed with dbt-postgres

    files = csv_tables(folder)
    counts: dict[str, int] = {}
    with psycopg2.connect(postgres_dsn(settings)) as con, con.cursor() as cur:
        for statement in create_statements():
            cur.execute(statement)
        for table, columns in RAW_TABLES.items():
            cur.execute(f"truncate {RAW_SCHEMA}.{table}")
            rows = _read_rows(files[table], columns) if table in files else []
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in rows:
                writer.writerow(["\\N" if value is None else value for value in row])
            buffer.seek(0)
            cur.copy_expert(
                f"copy {RAW_SCHEMA}.{table} ({', '.join(columns)}) from stdin with (format csv, null '\\N')",
                buffer,
            )
            counts[table] = len(rows)
    return counts
