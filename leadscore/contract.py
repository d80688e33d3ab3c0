"""The raw contract (SPEC section 3), read from the one place it is written.

`models/staging/raw/_raw__sources.yml` defines the raw tables: their columns, which are
required, and how staging reads each (`config.meta`). The staging models read it through
dbt's graph; the loader, the demo generator and the data-quality suites read it here.
Every raw column is text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from leadscore.project import project_dir

RAW_SCHEMA = "raw"
SOURCES_FILE = Path("models") / "staging" / "raw" / "_raw__sources.yml"
COLUMN_TYPES = ("id", "text", "code", "email", "domain", "country", "number", "boolean", "timestamp")
ATTRIBUTE_TABLES = ("leads", "companies")
"""Raw tables whose columns beyond the contract are the team's custom attributes."""


@dataclass(frozen=True)
class Column:
    """One raw column and how staging reads it."""

    name: str
    type: str
    required: bool = False
    key: bool = False
    description: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """One raw table of the contract."""

    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.key)


def _column(entry: dict[str, Any]) -> Column:
    meta = dict((entry.get("config") or {}).get("meta") or {})
    kind = meta.get("type")
    if kind not in COLUMN_TYPES:
        raise ValueError(
            f"raw contract: column {entry.get('name')!r} has type {kind!r}, not one of {COLUMN_TYPES}"
        )
    return Column(
        name=entry["name"],
        type=kind,
        required=bool(meta.get("required", False)),
        key=bool(meta.get("key", False)),
        description=entry.get("description", ""),
        meta=meta,
    )


@cache
def contract(path: Path | None = None) -> dict[str, Table]:
    """The raw tables of the contract, in the order the sources file lists them."""
    source_file = path or project_dir() / SOURCES_FILE
    document = yaml.safe_load(source_file.read_text(encoding="utf-8"))
    (raw,) = [source for source in document["sources"] if source["name"] == "raw"]
    return {
        table["name"]: Table(
            name=table["name"],
            description=" ".join(str(table.get("description", "")).split()),
            columns=tuple(_column(column) for column in table["columns"]),
        )
        for table in raw["tables"]
    }


def raw_tables() -> dict[str, tuple[str, ...]]:
    """Table -> its contract columns."""
    return {name: table.column_names for name, table in contract().items()}


def create_statements(schema: str = RAW_SCHEMA) -> list[str]:
    """DDL that creates the empty raw tables (all columns text)."""
    statements = [f"create schema if not exists {schema}"]
    for table, columns in raw_tables().items():
        cols = ", ".join(f"{column} varchar" for column in columns)
        statements.append(f"create table if not exists {schema}.{table} ({cols})")
    return statements
