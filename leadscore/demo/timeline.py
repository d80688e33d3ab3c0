"""The demo world's calendar: epoch-second constants shared by all generators.

All times are UTC epoch seconds (int64) while generating; DuckDB formats them as
``YYYY-MM-DD HH:MM:SS`` text when the raw tables are written.
"""

from __future__ import annotations

from datetime import UTC, datetime

DEMO_AS_OF = "2026-06-30"
DAY = 86_400


def epoch(text: str) -> int:
    """Epoch seconds of an ISO date or timestamp read as UTC."""
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


START = epoch("2024-07-01")
"""First second of recorded activity."""

AS_OF_END = epoch("2026-07-01") - 1
"""Last second of the demo as-of date; regular activity ends here."""

EXPORT_AT = epoch("2026-09-01") - 1
"""Moment of the export: late-arriving activity and CRM outcomes run up to here."""

FUTURE_START = epoch("2056-01-01")
FUTURE_END = epoch("2099-12-31")
"""Window of the broken clocks (future-timestamp dirt)."""
