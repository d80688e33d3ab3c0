"""A dbt-duckdb plugin: SQL functions the staging models need that DuckDB lacks.

Registered on every connection dbt opens (profiles.yml, `plugins`). DuckDB has NFC but no
NFKC normalisation; PostgreSQL has both (`normalize(text, NFKC)`). Staging calls
`leadscore_nfkc` only for text that is not plain printable ASCII.
"""

from __future__ import annotations

import atexit
import weakref
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from dbt.adapters.duckdb.plugins import BasePlugin


def nfkc(values: pa.Array) -> pa.Array:
    """Unicode NFKC of each value (nulls stay null)."""
    return pc.utf8_normalize(values, form="NFKC")


def _close(connection: weakref.ref) -> None:
    """Close a connection still open when the process ends: one holding a Python function
    otherwise makes the DuckDB bindings report leaked objects on exit."""
    live = connection()
    if live is not None:
        live.close()


class Plugin(BasePlugin):
    """Registers leadscore_nfkc(varchar) -> varchar."""

    def configure_connection(self, conn: Any) -> None:
        conn.create_function("leadscore_nfkc", nfkc, ["VARCHAR"], "VARCHAR", type="arrow")
        atexit.register(_close, weakref.ref(conn))
