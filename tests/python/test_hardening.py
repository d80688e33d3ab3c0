"""Hardening: dirty raw worlds through the real loader and a full dbt build, on DuckDB and on
PostgreSQL, checked against what the staging layer promises (README, "Data quality").

Two kinds of test share one build helper per engine:

- a property test: hypothesis generates raw worlds (every raw table, tens of rows each) dense
  in dirt - control, invisible and full-width characters, line separators, quotes,
  backslashes and SQL-looking text, huge, negative and locale numbers, impossible and exotic
  dates and every valid timestamp form, keys that differ only in invisible characters or
  full-width forms, references to unknown leads, erasure requests that match a lead only
  after normalising - and every world is checked against expectations computed here, in
  Python, from the generated rows (never from the warehouse's own answers);
- deterministic tests of the sharpest cases, with the expected values worked out by hand, in
  one hand-made world built once per engine (and a second, staging-only one for epoch
  seconds with a fraction, which break a base model on PostgreSQL).

Every world is checked for: a build that succeeds; a ledger (int_raw_row_dispositions) with
one row per raw row and the expected (key, disposition, reason) for each, and reconciliation
counts that match it with no unaccounted row; staged rows that are exactly the expected ones,
each key once, with the expected typed values and normalised text; the expected field issues
and quarantined rows (raw_record valid JSON holding the raw values, every reason in
seeds/reference/data_quality_reasons.csv); erased people found nowhere outside the raw schema.

Expectations follow the promise, not the macros: text is normalised as the README says (NFKC,
whitespace to spaces, control and invisible format characters removed, trimmed, empty is
missing) and keys that differ only in invisible characters are one key. Each generated
timestamp, number and yes/no value carries the value it names (built from a datetime or a
decimal, then written in some spelling), so nothing here re-implements the SQL parsers.

NUL (U+0000): PostgreSQL text cannot hold it (the loader removes it on the way there and says
so; test_loader checks that), so the expectations of the PostgreSQL worlds are computed with
every NUL removed, and those worlds are written without it. DuckDB stores NUL, so the DuckDB
worlds keep it as one more control character that staging must remove.

A full dbt build takes 20-30 s, so the property test runs a few examples per engine, with a
fixed seed and without shrinking (each shrink step would be another build); a failure prints
every broken invariant of the example at once. The build leaves the unit tests out: they run
models on fixed inline inputs and never read the raw tables.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import duckdb
import psycopg2
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from leadscore.contract import contract
from leadscore.loader import load, postgres_dsn
from leadscore.warehouse import read_seed

from conftest import WITHOUT_UNIT_TESTS, dbt, duckdb_env
from postgres import throwaway_server

VARS = '{as_of: "2025-06-30", loss_budgets: {default: {warn: 1, error: 1}}}'
BUILD = ["build", "--vars", VARS, *WITHOUT_UNIT_TESTS]
EPOCH = datetime(1970, 1, 1)
LEAD_EXTRAS = ("team_size",)  # a custom attribute (seeds/scorecard/fit_attributes.csv), a number

# --- the promised text normalisation -------------------------------------------------------

# Unicode's White_Space property: these become a plain space.
WHITE_SPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Format characters that are visible marks (Prepended_Concatenation_Mark), not invisible ones.
VISIBLE_FORMAT = frozenset(
    "\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd"
)


def is_invisible(char: str) -> bool:
    """A control character (other than white space) or an invisible format character."""
    category = unicodedata.category(char)
    if char in WHITE_SPACE:
        return False
    return category == "Cc" or (category == "Cf" and char not in VISIBLE_FORMAT)


def norm(value: str | None) -> str | None:
    """The README's normalisation: invisible characters do not count (not even inside an accent),
    NFKC, white space becomes a space, trimmed, empty is missing."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", "".join(char for char in value if not is_invisible(char)))
    text = "".join(" " if char in WHITE_SPACE else char for char in text if not is_invisible(char))
    return text.strip(" ") or None


def norm_lower(value: str | None) -> str | None:
    normal = norm(value)
    return normal.lower() if normal is not None else None


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def is_email(text: str) -> bool:
    """name@domain.tld: one "@", no spaces, a dot in the domain, no ".." (README)."""
    return re.fullmatch(r"[^@ ]+@[^@ ]+[.][^@ .]+", text) is not None and ".." not in text


def domain_of(text: str) -> str | None:
    """A web domain: lower-case, without a scheme, "www.", a path or a trailing dot."""
    domain = re.sub(r"^([a-z]+://)?(www[.])?", "", text.lower())
    return re.sub(r"[/?#:].*$|[.]$", "", domain) or None


def full_width(char: str) -> str:
    if "!" <= char <= "~":
        return chr(ord(char) + 0xFEE0)
    return "\u3000" if char == " " else char


# --- seeds and contract ----------------------------------------------------------------------

CONTRACT = contract()
COLUMNS = {
    name: (*table.column_names, *(LEAD_EXTRAS if name == "leads" else ())) for name, table in CONTRACT.items()
}
EVENT_TYPES = tuple(row["event_type"] for row in read_seed("event_types"))
COUNTRIES = {row["country_name"].strip().upper(): row["country_code"] for row in read_seed("country_names")}
REASONS = frozenset(row["reason"] for row in read_seed("data_quality_reasons"))


def meta(table: str, column: str) -> dict[str, Any]:
    if column in LEAD_EXTRAS:
        return {"type": "number", "custom": True}
    (found,) = [c for c in CONTRACT[table].columns if c.name == column]
    return {**found.meta, "required": found.required, "key": found.key}


# --- generated values ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A generated raw value of a typed column and what it means: `value` (a datetime, Decimal or
    bool; None for a placeholder such as "n/a" or a missing value), `invalid` when it names
    nothing, `midpoint` for a range ("51-200")."""

    text: str | None
    value: Any = None
    invalid: bool = False
    midpoint: bool = False


def text_of(value: str | Cell | None) -> str | None:
    """The raw text as written and loaded (an empty field is NULL)."""
    text = value.text if isinstance(value, Cell) else value
    return text or None


INVISIBLES = (
    "\u200b",  # zero-width space
    "\u200c",
    "\u200d",
    "\u2060",  # word joiner
    "\ufeff",  # byte-order mark
    "\u00ad",  # soft hyphen
    "\u200e",  # bidi marks and embeddings
    "\u200f",
    "\u202a",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u061c",
    "\u180e",
)
CONTROLS = ("\x00", "\x01", "\x07", "\x1b", "\x1f", "\x7f", "\x80", "\x9f")
BLANKS = (
    " ",
    "\t",
    "\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x85",
    "\xa0",
    "\u1680",
    "\u2003",
    "\u2028",
    "\u2029",
    "\u3000",
)
MISSING = (None, "", " ", "\u200b", "\ufeff\u3000", "\t\r\n", "\x00\u2028")
SQLISH = (
    "x'); drop table raw.leads; --",
    "' or '1'='1",
    '"; select 1; --',
    "\\.",
    "\\N",
    "NULL",
    "{{ var('as_of') }}",
    "%s %% $1",
    "a\\\\b\\",
    '"quoted", and more',
    "it's",
    "/* c */ --",
)
# Canonical keys end in one of these: accents (that NFKC composes), letters NFKC keeps, spaces,
# quotes, backslashes, SQL.
KEY_FLAVOURS = (
    "",
    "\u00e9",
    "-\u00df",
    "\u4e2d",
    " \u03a9",
    "'q",
    "\\z",
    ".x",
    "\u00f8",
    "'); drop table raw.x; --",
)
TITLES = ("Head of Sales", "VP Marketing", "Student", "Freelance consultant", "Director, contact centre")
DOMAINS = ("acme.example", "beta-calls.example", "gmail.com", "ma\u00f1ana.example", "xn--bcher-kva.example")
PLACEHOLDERS = ("n/a", "N/A", "na", "none", "NULL", "unknown", "-", "--", "?", "TBD", "NaN", "nil")


@st.composite
def disguised(draw: st.DrawFn, canonical: str, swap_case: bool = False) -> str:
    """A raw spelling of `canonical` that the promised normalisation maps back to it: decomposed
    accents, full-width forms, (for codes, emails, dates) other case, invisible and control
    characters anywhere, blanks around."""
    chars = list(unicodedata.normalize("NFD", canonical) if draw(st.booleans()) else canonical)
    if swap_case:
        mask = draw(st.integers(0, 2 ** len(chars) - 1))
        chars = [c.swapcase() if c.isascii() and mask >> i & 1 else c for i, c in enumerate(chars)]
    if draw(st.booleans()):
        mask = draw(st.integers(0, 2 ** len(chars) - 1))
        chars = [full_width(c) if mask >> i & 1 else c for i, c in enumerate(chars)]
    for _ in range(draw(st.integers(0, 2))):
        chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from(INVISIBLES + CONTROLS)))
    edges = st.text("".join(BLANKS + INVISIBLES), max_size=2)
    return draw(edges) + "".join(chars) + draw(edges)


def dirty(cells: st.SearchStrategy[Cell]) -> st.SearchStrategy[Cell]:
    """Typed values in a disguised spelling (same meaning)."""

    @st.composite
    def spelled(draw: st.DrawFn) -> Cell:
        cell = draw(cells)
        if cell.text is None or draw(st.booleans()):
            return cell
        return replace(cell, text=draw(disguised(cell.text, swap_case=True)))

    return spelled()


# Timestamps. Valid moments lie between 2000 and as_of's year; epochs need 9-10 (seconds) or
# 12-13 (milliseconds) digits.
PAST = (datetime(2000, 1, 1), datetime(2026, 6, 30))
FUTURE = (datetime(2099, 1, 1), datetime(2199, 12, 31))
OFFSETS = (0, 0, 0, 60, -300, 330, 345, -570, 840, -720, 1080, -1080)


@st.composite
def zone_texts(draw: st.DrawFn, offset: int) -> str:
    if offset == 0:
        return draw(st.sampled_from(("", "Z", "z", " Z", "UTC", " utc", "GMT", "+00:00", "-0000", "+00")))
    sign = "+" if offset > 0 else "-"
    hours, minutes = divmod(abs(offset), 60)
    forms = [f"{sign}{hours:02d}:{minutes:02d}", f" {sign}{hours:02d}{minutes:02d}"]
    return draw(st.sampled_from(forms + ([f"{sign}{hours:02d}"] if minutes == 0 else [])))


@st.composite
def iso_stamps(draw: st.DrawFn, span: tuple[datetime, datetime]) -> Cell:
    """ISO 8601 and its variants: "-", "/" or "." between date parts, T or a space, minutes,
    seconds, 1-9 fractional digits ("." or ","), no zone (UTC), Z, UTC, GMT or an offset."""
    moment = draw(st.datetimes(min_value=span[0], max_value=span[1]))
    offset = draw(st.sampled_from(OFFSETS))
    local = moment + timedelta(minutes=offset)
    pad = draw(st.booleans())
    month, day = (f"{local.month:02d}", f"{local.day:02d}") if pad else (str(local.month), str(local.day))
    separator = draw(st.sampled_from("-/."))
    date = f"{local.year:04d}{separator}{month}{separator}{day}"
    precision = draw(st.sampled_from(("date", "minute", "second", "fraction")))
    if precision == "date":
        return Cell(date, datetime(local.year, local.month, local.day))
    hour = f"{local.hour:02d}" if pad else str(local.hour)
    clock = f"{draw(st.sampled_from('T t'))}{hour}:{local.minute:02d}"
    value = local.replace(second=0, microsecond=0)
    if precision != "minute":
        clock += f":{local.second:02d}"
        value = value.replace(second=local.second)
    if precision == "fraction":
        digits = draw(st.integers(1, 9))
        fraction = (f"{local.microsecond:06d}" + draw(st.text("0123456789", min_size=3, max_size=3)))[:digits]
        clock += draw(st.sampled_from(".,")) + fraction
        value = value.replace(microsecond=int(fraction[:6].ljust(6, "0")))  # kept to the microsecond
    return Cell(date + clock + draw(zone_texts(offset)), value - timedelta(minutes=offset))


@st.composite
def epoch_stamps(draw: st.DrawFn, span: tuple[datetime, datetime]) -> Cell:
    """Epoch seconds (optionally with 1-6 fractional digits) or milliseconds."""
    micros = (draw(st.datetimes(min_value=span[0], max_value=span[1])) - EPOCH) // timedelta(microseconds=1)
    seconds = micros // 10**6
    form = draw(st.sampled_from(("seconds", "fraction", "millis")))
    if form == "seconds":
        return Cell(str(seconds), EPOCH + timedelta(seconds=seconds))
    if form == "millis":
        return Cell(str(micros // 1000), EPOCH + timedelta(milliseconds=micros // 1000))
    fraction = f"{micros % 10**6:06d}"[: draw(st.integers(1, 6))]
    return Cell(
        f"{seconds}.{fraction}", EPOCH + timedelta(seconds=seconds, microseconds=int(fraction.ljust(6, "0")))
    )


EXOTIC_STAMPS = (
    Cell("2024-02-29", datetime(2024, 2, 29)),  # leap year
    Cell("2000-02-29", datetime(2000, 2, 29)),  # divisible by 400
    Cell("2025-1-5 7:05", datetime(2025, 1, 5, 7, 5)),
    Cell("2025-01-01T10:00:00.123456789+05:30", datetime(2025, 1, 1, 4, 30, 0, 123456)),
    Cell("2025-12-31T23:30:00-01:00", datetime(2026, 1, 1, 0, 30)),
    Cell("2025-06-01T12:00:00+18:00", datetime(2025, 5, 31, 18)),
    Cell("1969-12-31T23:59:59.999999Z", datetime(1969, 12, 31, 23, 59, 59, 999999)),
    Cell("\uff12\uff10\uff12\uff15\uff0d\uff10\uff11\uff0d\uff10\uff15", datetime(2025, 1, 5)),  # full-width
    Cell("\uff11\uff17" + "\uff10" * 8, datetime(2023, 11, 14, 22, 13, 20)),  # 1700000000, full-width
    Cell("1900-03-01", datetime(1900, 3, 1)),
    Cell("0001-01-01", datetime(1, 1, 1)),
)
INVALID_STAMPS = (
    "2025-02-30",
    "2023-02-29",
    "1900-02-29",
    "2025-13-01",
    "2025-00-10",
    "2025-01-01T24:00:00",
    "2025-01-01 23:60",
    "2025-01-01T23:59:60",
    "0000-01-01",
    "31/05/2026",  # day first: unreadable with the default date order, never guessed
    "05/31/2026 2:05 PM",
    "2025-06-01T10:00:00+25:00",
    "2025-06-01T10:00:00+05:60",
    "2025-06-01T10:00:00+5:30",
    "2025-06-01 13:00 PM",
    "2025-06-01T10:00:00.",
    "2025-06-01T10:00:00.1234567890",
    "20250101",
    "12345678",
    "12345678901",
    "-1700000000",
    "1e9",
    "yesterday",
    "Mon, 01 Jun 2025",
)


@st.composite
def garbage(draw: st.DrawFn, marker: str) -> str:
    """Random text that cannot be a valid value because it holds `marker`."""
    return draw(st.text("0123456789-:./ ,+eEkmT", max_size=6)) + marker


def stamps() -> st.SearchStrategy[Cell]:
    """Timestamps: mostly valid in every form, and exotic, impossible, future or missing ones."""
    valid = st.one_of(iso_stamps(PAST), epoch_stamps(PAST))
    return dirty(
        st.one_of(
            valid,
            valid,
            valid,
            valid,
            valid,
            st.sampled_from(EXOTIC_STAMPS),
            st.one_of(
                st.sampled_from(INVALID_STAMPS).map(lambda text: Cell(text, invalid=True)),
                garbage("h").map(lambda text: Cell(text, invalid=True)),
            ),
            st.one_of(iso_stamps(FUTURE), epoch_stamps(FUTURE)),
            st.sampled_from(MISSING).map(Cell),
        )
    )


SUFFIXES = {"k": 10**3, "m": 10**6, "mm": 10**6, "mn": 10**6, "b": 10**9, "bn": 10**9}


@st.composite
def number_cells(draw: st.DrawFn) -> Cell:
    """Numbers as exports spell them, each with the value it names."""
    kind = draw(
        st.sampled_from(
            (
                "plain",
                "grouped",
                "decimal",
                "suffixed",
                "scientific",
                "range",
                "bound",
                "currency",
                "negative",
                "placeholder",
                "locale",
                "garbage",
                "missing",
            )
        )
    )
    if kind == "plain":
        number = draw(st.integers(0, 10**18 - 1))
        return Cell(str(number), Decimal(number))
    if kind == "grouped":
        number = draw(st.integers(1000, 10**15))
        if number < 10**9 and draw(st.booleans()):
            cents = draw(st.integers(0, 99))
            return Cell(f"{number:,}.{cents:02d}", Decimal(number) + Decimal(cents) / 100)
        return Cell(f"{number:,}", Decimal(number))
    if kind == "decimal":
        text = f"{draw(st.integers(0, 10**6))}.{draw(st.text('0123456789', min_size=1, max_size=6))}"
        return Cell(text, Decimal(text))
    if kind in ("suffixed", "currency"):
        base = f"{draw(st.integers(1, 999))}"
        fraction = draw(st.text("0123456789", max_size=3))
        mantissa = f"{base}.{fraction}" if fraction else base
        suffix = draw(st.sampled_from(sorted(SUFFIXES)))
        cell = Cell(f"{mantissa}{suffix}", Decimal(mantissa) * SUFFIXES[suffix])
        if kind == "currency":
            sign = draw(st.sampled_from(("$", "\u20ac", "\u00a3", "\u00a5", "USD ", "eur ", "GBP", "CHF ")))
            return replace(cell, text=sign + cell.text)
        return cell
    if kind == "scientific":
        mantissa = f"{draw(st.integers(1, 999))}" + draw(st.sampled_from(("", ".5", ".25")))
        exponent = draw(st.integers(-3, 20))
        sign = "-" if exponent < 0 else draw(st.sampled_from(("", "+")))
        return Cell(f"{mantissa}e{sign}{abs(exponent)}", Decimal(mantissa).scaleb(exponent))
    if kind == "range":
        low, high = draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6))
        # An even sum: a whole midpoint. A midpoint ending in .5 is rounded differently by
        # the engines, see test_a_range_midpoint_is_rounded_alike_on_every_engine.
        high += (low + high) % 2
        text = f"{low:,}-{high:,}" if draw(st.booleans()) else f"{low}-{high}"
        return Cell(text, Decimal(low + high) / 2, midpoint=True)
    if kind == "bound":
        number = draw(st.integers(0, 10**9))
        return Cell(f"{number}+", Decimal(number))
    if kind == "negative":
        number = draw(st.integers(1, 10**6))
        text = draw(st.sampled_from((f"-{number}", f"-{number:,}", f"-{number}.5")))
        return Cell(text, -Decimal(text[1:].replace(",", "")))
    if kind == "placeholder":
        return Cell(draw(st.sampled_from(PLACEHOLDERS)))
    if kind == "locale":
        text, value = draw(
            st.sampled_from(
                (
                    ("1,5", None),  # a comma must group three digits with "." as the decimal mark
                    ("1.200,5", None),
                    ("1,20", None),
                    ("12,34,567", None),
                    ("1.200", Decimal("1.2")),
                    ("1 200", Decimal(1200)),
                )
            )
        )
        return Cell(text, value, invalid=value is None)
    if kind == "garbage":
        text = draw(
            st.sampled_from(("approx 300", "1.2.3", "1e", "e5", "--5", "0x1F", "\u221e", "\u0661\u0662"))
        )
        return Cell(text, invalid=True)
    return Cell(draw(st.sampled_from(MISSING)))


def numbers() -> st.SearchStrategy[Cell]:
    return dirty(number_cells())


FLAGS = (
    *((text, True) for text in ("true", "t", "yes", "y", "1", "on", "TRUE", "Yes")),
    *((text, False) for text in ("false", "f", "no", "n", "0", "off", "No")),
)


def flags() -> st.SearchStrategy[Cell]:
    """Yes/no values, placeholders and words that are neither."""
    return dirty(
        st.one_of(
            st.sampled_from(FLAGS).map(lambda pair: Cell(*pair)),
            st.sampled_from(("maybe", "perhaps", "2", "yess", "ja")).map(
                lambda text: Cell(text, invalid=True)
            ),
            st.sampled_from(("n/a", "unknown", "-")).map(Cell),
            st.sampled_from(MISSING).map(Cell),
        )
    )


def countries() -> st.SearchStrategy[str | None]:
    """ISO codes and English names in any case, and countries nobody knows."""
    known = ("US", "gb", "De", "NL", "united kingdom", "Germany", "UNITED STATES OF AMERICA", "Ireland")
    unknown = ("XX", "Atlantis", "U.S.", "Deutschland", "United  States")
    return st.one_of(
        st.sampled_from(known + unknown).flatmap(lambda text: disguised(text, swap_case=True)),
        st.sampled_from(MISSING),
    )


def codes(values: tuple[str, ...]) -> st.SearchStrategy[str | None]:
    """A category in any case and spelling, SQL-looking text, or nothing."""
    return st.one_of(
        st.sampled_from(values).flatmap(lambda text: disguised(text, swap_case=True)),
        st.sampled_from(SQLISH),
        st.sampled_from(MISSING),
    )


def free_text() -> st.SearchStrategy[str | None]:
    """Free text: any Unicode (no surrogates, private or unassigned code points), SQL-looking
    text, or a dense mix of blanks, invisible and control characters, quotes and accents."""
    dense = "".join(BLANKS + INVISIBLES + CONTROLS) + "a\u00e9e\u0301\ufb01\uff21'\"\\,;\u4e2d"
    return st.one_of(
        st.text(st.characters(exclude_categories=("Cs", "Co", "Cn")), max_size=10),
        st.sampled_from(SQLISH),
        st.text(dense, max_size=8),
    ).map(lambda text: text or None)


def keys(prefix: str, count: int) -> st.SearchStrategy[list[str]]:
    """`count` distinct canonical keys (already normalised)."""
    return st.lists(st.sampled_from(KEY_FLAVOURS), min_size=count, max_size=count).map(
        lambda flavours: [f"{prefix}{index}{flavour}" for index, flavour in enumerate(flavours)]
    )


@dataclass(frozen=True)
class Person:
    """Someone in raw.leads: `token` is in their names, job title and emails and nowhere else."""

    token: str
    key: str | None
    emails: tuple[str, ...]


@st.composite
def people(draw: st.DrawFn) -> list[Person]:
    """Leads with a key (one to three versions each) and a few rows without one."""
    crowd = []
    for index in range(draw(st.integers(4, 7)) + draw(st.integers(1, 2))):
        token = f"{index:02d}{draw(st.text('bcdfghjkmnpqrstvwxz', min_size=3, max_size=3))}"
        key = (
            f"L{index}{draw(st.sampled_from(KEY_FLAVOURS))}"
            if index < 7 and draw(st.integers(0, 5))
            else None
        )
        local, domain = f"p{token}", draw(st.sampled_from(DOMAINS))
        emails = [f"{local}@{domain}"]
        if key is not None and draw(st.booleans()):  # a later version changed the address
            emails.append(f"{local}.new@{draw(st.sampled_from(DOMAINS))}")
        if draw(st.integers(0, 4)) == 0:  # malformed, yet erasable by the address
            emails[0] = draw(
                st.sampled_from((f"{local} @{domain}", f"{local}@@{domain}", f"{local}..x@{domain}"))
            )
        crowd.append(Person(token, key, tuple(emails)))
    return crowd


@st.composite
def references(draw: st.DrawFn, canonical: list[str], unknown: str) -> str | None:
    """A reference to a row of another table: known in any spelling, unknown, the same key in
    another case (ids keep their case, so another key), or missing."""
    choice = draw(st.sampled_from(("known",) * 5 + ("unknown", "other_case", "missing")))
    if choice == "known" and canonical:
        return draw(disguised(draw(st.sampled_from(canonical))))
    if choice == "other_case" and canonical:
        return draw(st.sampled_from(canonical)).swapcase()
    if choice == "missing":
        return draw(st.sampled_from(MISSING))
    return f"{unknown}{draw(st.integers(0, 9))}"


@st.composite
def copies(
    draw: st.DrawFn, key: str | None, make: Callable[[], st.SearchStrategy[dict]], key_column: str
) -> list:
    """One to three raw rows of one key: re-sent unchanged or changed, the key spelt anew."""
    rows = [draw(make())]
    for _ in range(draw(st.integers(0, 2))):
        rows.append(dict(rows[0]) if draw(st.booleans()) else draw(make()))
    for row in rows:
        row[key_column] = draw(disguised(key)) if key is not None else draw(st.sampled_from(MISSING))
    return rows


class World(dict):
    """A raw world: table -> rows. Its repr is short; the failure message names its CSV folder."""

    def __repr__(self) -> str:
        return "World(" + ", ".join(f"{table}: {len(rows)} rows" for table, rows in self.items()) + ")"


@st.composite
def worlds(draw: st.DrawFn) -> World:
    """A raw world: every raw table, tens of rows each, dense in dirt."""
    company_keys = draw(keys("C", draw(st.integers(3, 5))))
    crowd = draw(people())
    lead_keys = [person.key for person in crowd if person.key is not None]
    visitor_keys = draw(keys("A", draw(st.integers(2, 4))))
    lead_ref = references(lead_keys, "Lunknown")
    company_ref = references(company_keys, "Cunknown")

    def company() -> st.SearchStrategy[dict]:
        return st.fixed_dictionaries(
            {
                "name": free_text(),
                "domain": st.sampled_from(
                    ("https://www.Acme.example/", "WWW.beta.example/x?y", "acme.example.", "www.")
                ),
                "industry": codes(("software", "Financial Services", "retail", "government")),
                "employee_count": numbers(),
                "annual_revenue": numbers(),
                "country": countries(),
                "created_at": stamps(),
                "updated_at": stamps(),
            }
        )

    def lead(person: Person) -> Callable[[], st.SearchStrategy[dict]]:
        return lambda: st.fixed_dictionaries(
            {
                # A row without a key is only known by its address: it always has one.
                "email": st.one_of(
                    st.sampled_from(person.emails).flatmap(lambda email: disguised(email, swap_case=True)),
                    st.sampled_from(MISSING if person.key else person.emails),
                ),
                "first_name": disguised(f"Fn{person.token}"),
                "last_name": st.tuples(disguised(f"Ln{person.token}"), free_text()).map(
                    lambda parts: f"{parts[0]} {parts[1] or ''}"
                ),
                "job_title": st.sampled_from(TITLES).flatmap(
                    lambda title: disguised(f"{title} Jt{person.token}")
                ),
                "department": codes(("sales", "Marketing", "customer service", "IT", "hr")),
                "seniority": codes(("vp", "Director", "manager", "student", "c-level")),
                "country": countries(),
                "company_id": company_ref,
                "company_name": free_text(),
                "lead_source": codes(("organic search", "Paid Search", "event")),
                "created_at": stamps(),
                "updated_at": stamps(),
                "team_size": numbers(),
                "_person": st.just(person.token),
            }
        )

    def event() -> st.SearchStrategy[dict]:
        return st.fixed_dictionaries(
            {
                "lead_id": lead_ref,
                "anonymous_id": references(visitor_keys, "Aunknown"),
                "event_type": st.one_of(
                    *[st.sampled_from(EVENT_TYPES).flatmap(lambda kind: disguised(kind, swap_case=True))] * 4,
                    st.sampled_from(("page-view", "Blog Read", "signup", *MISSING)),
                ),
                "occurred_at": stamps(),
                "url": free_text(),
                "content_id": st.one_of(
                    st.sampled_from(("C001", "C013", "c001")).flatmap(disguised), free_text()
                ),
                "campaign_id": free_text(),
            }
        )

    def identity() -> st.SearchStrategy[dict]:
        return st.fixed_dictionaries({"lead_id": lead_ref, "identified_at": stamps()})

    def opportunity() -> st.SearchStrategy[dict]:
        return st.fixed_dictionaries(
            {
                "company_id": company_ref,
                "lead_id": lead_ref,
                "proposition": codes(("crm", "call_centre", "telephony")),
                "created_at": stamps(),
                "stage": codes(("prospecting", "closed_won", "closed_lost")),
                "is_won": flags(),
                "closed_at": stamps(),
                "amount": numbers(),
            }
        )

    def qualification() -> st.SearchStrategy[dict]:
        return st.fixed_dictionaries(
            {
                "lead_id": lead_ref,
                "assessed_at": stamps(),
                "has_budget": flags(),
                "has_authority": flags(),
                "has_need": flags(),
                "has_timeline": flags(),
                "is_sales_accepted": flags(),
                "disqualified_reason": codes(("no budget", "Student", "competitor")),
            }
        )

    def activity() -> st.SearchStrategy[dict]:
        return st.fixed_dictionaries(
            {
                "lead_id": lead_ref,
                "activity_type": codes(("call", "Email", "meeting")),
                "occurred_at": stamps(),
            }
        )

    def many(
        prefix: str, make: Callable[[], st.SearchStrategy[dict]], column: str, low: int, high: int
    ) -> list:
        rows = []
        for key in [*draw(keys(prefix, draw(st.integers(low, high)))), None]:
            rows.extend(draw(copies(key, make, column)))
        return rows

    world = {
        "companies": [
            row for key in [*company_keys, None] for row in draw(copies(key, company, "company_id"))
        ],
        "leads": [row for person in crowd for row in draw(copies(person.key, lead(person), "lead_id"))],
        "events": many("E", event, "event_id", 6, 12),
        "identities": [
            row for key in [*visitor_keys, None] for row in draw(copies(key, identity, "anonymous_id"))
        ],
        "opportunities": many("O", opportunity, "opportunity_id", 2, 4),
        "sales_qualifications": draw(st.lists(qualification(), min_size=3, max_size=6)),
        "sales_activities": many("S", activity, "activity_id", 2, 4),
    }
    # Re-sent assessments: the same lead and moment, spelt anew.
    for row in list(world["sales_qualifications"][:2]):
        lead_id, assessed = norm(row["lead_id"]), row["assessed_at"]
        if lead_id is not None and assessed.text is not None:
            respelt = replace(assessed, text=draw(disguised(assessed.text, swap_case=True)))
            world["sales_qualifications"].append(
                {**row, "lead_id": draw(disguised(lead_id)), "assessed_at": respelt}
            )
    # Requests to be forgotten: some people, by one of their addresses in another spelling.
    requests = []
    for person in crowd:
        if draw(st.booleans()):
            email = draw(st.sampled_from(person.emails))
            for _ in range(draw(st.integers(1, 2))):
                requests.append(
                    {"email": draw(disguised(email, swap_case=True)), "requested_at": draw(stamps())}
                )
    extras = st.sampled_from(("nobody@nowhere.example", "x@@y", *MISSING))
    requests.extend(
        {"email": draw(extras), "requested_at": draw(stamps())} for _ in range(draw(st.integers(1, 3)))
    )
    world["erasure_requests"] = requests
    return World(world)


# --- what staging must make of a world ------------------------------------------------------


@dataclass
class Read:
    """One raw row as staging must read it, and where it must end."""

    table: str
    row: dict
    values: dict[str, Any]  # each column's checked value (None when missing or nulled)
    issues: dict[str, str]  # column -> why its value cannot be used
    record_key: str | None
    group: Any  # the key its copies share (None: no key)
    rejection: str | None = None
    erased: bool = False
    lead_erased: bool = False  # the row points at an erased lead
    order: tuple = ()
    disposition: str = ""
    reason: str | None = None

    def raw(self, column: str) -> str | None:
        return text_of(self.row.get(column))


def read_value(
    table: str, column: str, raw: str | Cell | None, now: datetime, companies: set[str]
) -> tuple[Any, str | None]:
    """A column's checked value and its issue, by the raw contract's declared type."""
    spec = meta(table, column)
    normal = norm(text_of(raw))
    if normal is None:
        if spec.get("required"):
            return None, "missing_key" if spec.get("key") else "missing_required"
        return None, None
    kind = spec["type"]
    if kind == "id" and spec.get("references") == "companies":
        return (normal, None) if normal in companies else (None, "unknown_company")
    if kind in ("id", "text"):
        return normal, None
    if kind == "code":
        return normal.lower(), None
    if kind == "email":
        return (normal.lower(), None) if is_email(normal.lower()) else (None, "malformed_email")
    if kind == "domain":
        return domain_of(normal), None
    if kind == "country":
        code = COUNTRIES.get(normal.upper())
        return (code, None) if code else (None, "unknown_country")
    assert isinstance(raw, Cell), (table, column, raw)
    if kind == "boolean":
        return (None, "invalid_boolean") if raw.invalid else (raw.value, None)
    if kind == "timestamp":
        if raw.invalid:
            return None, "invalid_timestamp"
        if raw.value > now and not spec.get("future_ok") and not spec.get("custom"):
            return None, "future_timestamp"
        return raw.value, None
    if raw.invalid:
        return None, "invalid_number"
    value = raw.value
    if value is None:  # a placeholder: missing, not wrong
        return None, None
    if spec.get("whole"):
        if raw.midpoint:
            value = value.to_integral_value(ROUND_HALF_UP)
        elif value != value.to_integral_value():
            return None, "invalid_number"
    if ("min" in spec and value < spec["min"]) or ("max" in spec and value > spec["max"]):
        return None, "out_of_range"
    return value, None


def micros(moment: datetime | None) -> int | None:
    return None if moment is None else (moment - EPOCH) // timedelta(microseconds=1)


def asc(moment: datetime | None) -> tuple:
    return (1, 0) if moment is None else (0, micros(moment))


def desc(moment: datetime | None) -> tuple:
    return (1, 0) if moment is None else (0, -micros(moment))


@dataclass
class Expected:
    reads: dict[str, list[Read]]
    erased_leads: set[str]
    erased_tokens: set[str]
    audit: dict[str, tuple[int, int]]  # request hash -> (leads erased, their raw rows)

    def staged(self, table: str) -> list[Read]:
        return [read for read in self.reads[table] if read.disposition == "staged"]


def expect(world: dict[str, list[dict]], now: datetime) -> Expected:
    """Every raw row's disposition, reason and checked values, by the rules the README and the
    raw contract state."""
    companies = {key for row in world["companies"] if (key := norm(text_of(row["company_id"])))}
    leads = {key for row in world["leads"] if (key := norm(text_of(row["lead_id"])))}
    requests = {email for row in world["erasure_requests"] if (email := norm_lower(row["email"]))}
    erased_leads = {
        norm(row["lead_id"])
        for row in world["leads"]
        if norm(row["lead_id"]) and norm_lower(row["email"]) in requests
    }
    erased_visitors = {
        norm(row["anonymous_id"])
        for row in world["identities"]
        if norm(row["anonymous_id"]) and norm(row["lead_id"]) in erased_leads
    }

    def read(table: str, row: dict) -> Read:
        checked = {
            column: read_value(table, column, row.get(column), now, companies) for column in COLUMNS[table]
        }
        values = {column: value for column, (value, _) in checked.items()}
        issues = {column: issue for column, (_, issue) in checked.items() if issue}
        key_columns = CONTRACT[table].key
        key = norm(text_of(row[key_columns[0]]))
        result = Read(table, row, values, issues, key, key)
        required = [c for c in COLUMNS[table] if meta(table, c).get("required")]
        first = next(
            (
                issues[c]
                for phase in ("missing_key", "missing_required", None)
                for c in required
                if c in issues and (phase is None or issues[c] == phase)
            ),
            None,
        )
        lead = norm(text_of(row.get("lead_id")))
        orphan = "unknown_lead" if lead is not None and lead not in leads else None
        result.lead_erased = lead in erased_leads
        raw_order = tuple(
            (1, "") if text_of(row.get(c)) is None else (0, text_of(row.get(c))) for c in COLUMNS[table]
        )
        if table in ("companies", "leads"):
            result.rejection = first
            result.order = (desc(values["updated_at"] or values["created_at"]), raw_order)
        if table == "leads":
            result.erased = key in erased_leads or norm_lower(row["email"]) in requests
        if table == "erasure_requests":
            email = norm_lower(row["email"])
            result.record_key = result.group = md5(email) if email else None
            result.rejection = None if email else "missing_key"
            # Copies rank by requested_at, then its normalised text, then the raw row.
            requested = norm(text_of(row["requested_at"]))
            result.order = (
                asc(values["requested_at"]),
                (1, "") if requested is None else (0, requested),
                raw_order,
            )
        if table == "events":
            if first in ("missing_key", "missing_required"):
                result.rejection = first
            elif lead is None and values["anonymous_id"] is None:
                result.rejection = "missing_required"
            elif first is not None:
                result.rejection = first
            elif values["event_type"] not in EVENT_TYPES:
                result.rejection = "unknown_event_type"
            else:
                result.rejection = orphan
            result.erased = lead in erased_leads or values["anonymous_id"] in erased_visitors
            result.order = (asc(values["occurred_at"]), raw_order)
        if table in ("identities", "opportunities", "sales_qualifications", "sales_activities"):
            result.rejection = first or orphan
            result.erased = lead in erased_leads and table != "opportunities"
            time = {"identities": "identified_at", "sales_activities": "occurred_at"}.get(table)
            result.order = (asc(values[time]) if time else (), raw_order)
        if table == "opportunities":
            result.order = (desc(values["closed_at"] or values["created_at"]), raw_order)
        if table == "sales_qualifications":
            assessed = norm(text_of(row["assessed_at"]))
            result.record_key = f"{lead}@{assessed}" if lead is not None and assessed is not None else None
            result.group = (lead, values["assessed_at"])
        return result

    reads = {table: [read(table, row) for row in world[table]] for table in COLUMNS}
    # The copy that wins is the first in each table's order (ending in the raw text of every
    # column, compared by code point, as both engines here compare text).
    for table_reads in reads.values():
        winners = {}
        for candidate in table_reads:
            if candidate.rejection is None:
                best = winners.get(candidate.group)
                if best is None or candidate.order < best.order:
                    winners[candidate.group] = candidate
        for candidate in table_reads:
            if candidate.erased:
                candidate.disposition = "erased"
            elif candidate.rejection is not None:
                candidate.disposition, candidate.reason = "quarantined", candidate.rejection
            elif winners[candidate.group] is candidate:
                candidate.disposition = "staged"
            else:
                candidate.disposition, candidate.reason = "quarantined", "duplicate_superseded"
    erased_rows = [candidate for candidate in reads["leads"] if candidate.erased]
    audit = {}
    for email in requests:
        matched = {c.record_key for c in erased_rows if c.record_key and norm_lower(c.row["email"]) == email}
        rows = sum(1 for c in reads["leads"] if c.record_key in matched)
        audit[md5(email)] = (len(matched), rows)
    return Expected(
        reads=reads,
        erased_leads=erased_leads,
        erased_tokens={candidate.row["_person"] for candidate in erased_rows},
        audit=audit,
    )


def staged_values(read: Read) -> dict[str, Any]:
    """The row of stg_raw__<table> a staged raw row must become."""
    v = read.values
    if read.table == "companies":
        renamed = {"company_name": v["name"]}
        return {**renamed, **{c: v[c] for c in COLUMNS["companies"] if c != "name"}}
    if read.table == "leads":
        email = v["email"]
        return {
            **{c: v[c] for c in CONTRACT["leads"].column_names},
            "email_domain": email.split("@", 1)[1] if email else None,
        }
    if read.table == "opportunities":
        return {
            **v,
            "lead_id": None if read.lead_erased else v["lead_id"],
            "is_lead_erased": read.lead_erased,
        }
    if read.table == "erasure_requests":
        return {"email_hash": read.record_key}
    return dict(v)


# --- building a world --------------------------------------------------------------------------


def without_nul(world: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The world PostgreSQL can hold: every NUL removed (see the module docstring)."""

    def clean(value: Any) -> Any:
        if isinstance(value, Cell):
            return replace(value, text=clean(value.text))
        return value.replace("\x00", "") if isinstance(value, str) else value

    return World(
        {table: [{c: clean(v) for c, v in row.items()} for row in rows] for table, rows in world.items()}
    )


def csv_field(text: str | None) -> str:
    """A CSV field: every value quoted (blanks, quotes, line breaks kept), NULL as nothing."""
    return "" if text is None else '"' + text.replace('"', '""') + '"'


def write_world(world: dict[str, list[dict]], folder: Path) -> None:
    folder.mkdir(parents=True)
    for table, columns in COLUMNS.items():
        lines = [",".join(columns)]
        lines.extend(
            ",".join(csv_field(text_of(row.get(c))) for c in columns) for row in world.get(table, [])
        )
        (folder / f"{table}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass
class Warehouse:
    """A built world: dbt's outcome and read access to a copy of the database it built."""

    folder: Path  # the raw CSV files it was loaded from
    returncode: int
    output: str
    connect: Callable[[], Any]

    def rows(self, sql: str) -> list[dict[str, Any]]:
        connection = self.connect()
        try:
            cursor = connection.cursor()
            cursor.execute(sql)
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            connection.close()

    def tables(self) -> list[tuple[str, str]]:
        return [
            (row["table_schema"], row["table_name"])
            for row in self.rows(
                "select table_schema, table_name from information_schema.tables "
                "where table_schema not in ('raw', 'information_schema', 'pg_catalog')"
            )
        ]

    def errors(self) -> str:
        """dbt's error summary: each failure with the database's message under it."""
        lines = self.output.splitlines()
        picked = [
            "\n".join(lines[index : index + 2])
            for index, line in enumerate(lines)
            if re.search(r"(Database|Runtime|Compilation|Parsing) Error", line)
        ]
        return "\n".join(dict.fromkeys(picked)) or self.output[-2000:]


class Engine:
    """Builds worlds on one engine. Every build loads into the same database (so dbt parses the
    project once), and the result is copied aside for the checks."""

    def __init__(self, name: str, root: Path, server: dict[str, str] | None = None) -> None:
        self.name, self.root, self.server = name, root, server
        self.built: dict[str, Warehouse] = {}  # by the files' digest: hypothesis replays a failure

    def prepare(self, world: dict[str, list[dict]]) -> dict[str, list[dict]]:
        return without_nul(world) if self.name == "postgres" else world

    def build(self, world: dict[str, list[dict]], label: str, select: tuple[str, ...] = ()) -> Warehouse:
        """Load the world and run dbt build (all of it, or the `select`ed nodes)."""
        folder = self.root / label
        write_world(world, folder)
        digest = hashlib.sha256(repr(select).encode())
        for path in sorted(folder.iterdir()):
            digest.update(path.read_bytes())
        if digest.hexdigest() not in self.built:
            self.built[digest.hexdigest()] = self._build(
                folder,
                label,
                [*BUILD, *(["--select", *select, "--indirect-selection", "cautious"] if select else [])],
            )
        return self.built[digest.hexdigest()]

    def _build(self, folder: Path, label: str, args: list[str]) -> Warehouse:
        if self.name == "duckdb":
            database = self.root / "warehouse.duckdb"
            for stale in (database, Path(f"{database}.wal")):
                stale.unlink(missing_ok=True)
            load(folder, target="duckdb", database=database)
            result = dbt(args, self.root, duckdb_env(database))
            copy = self.root / f"{label}.duckdb"
            shutil.copyfile(database, copy)
            if Path(f"{database}.wal").exists():
                shutil.copyfile(f"{database}.wal", f"{copy}.wal")
            return Warehouse(
                folder, result.returncode, result.stdout, lambda: duckdb.connect(str(copy), read_only=True)
            )
        assert self.server is not None
        admin = psycopg2.connect(postgres_dsn(self.server))
        admin.autocommit = True
        try:
            with admin.cursor() as cursor:
                cursor.execute("drop database if exists hardening")
                cursor.execute("create database hardening")
            target = {**self.server, "LEADSCORE_PG_DATABASE": "hardening"}
            load(folder, target="postgres", settings=target)
            result = dbt([*args, "--target", "postgres"], self.root, target)
            with admin.cursor() as cursor:
                cursor.execute(f'create database "{label}" template hardening')
        finally:
            admin.close()
        dsn = postgres_dsn({**self.server, "LEADSCORE_PG_DATABASE": label})
        return Warehouse(folder, result.returncode, result.stdout, lambda: psycopg2.connect(dsn))


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    root = tmp_path_factory.mktemp(f"hardening_{request.param}")
    if request.param == "duckdb":
        yield Engine("duckdb", root)
        return
    with throwaway_server() as server:  # one server for every build of the module
        yield Engine("postgres", root, server)


# --- the invariants --------------------------------------------------------------------------

STAGED_KEYS = {
    "companies": ("company_id",),
    "leads": ("lead_id",),
    "events": ("event_id",),
    "identities": ("anonymous_id",),
    "opportunities": ("opportunity_id",),
    "sales_qualifications": ("lead_id", "assessed_at"),
    "sales_activities": ("activity_id",),
    "erasure_requests": ("email_hash",),
}
CODE_COLUMNS = frozenset(
    c.name for table in CONTRACT.values() for c in table.columns if c.type in ("code", "email", "domain")
) | {"email_domain"}
NFKC_COLUMNS = CODE_COLUMNS | {c.name for table in CONTRACT.values() for c in table.columns if c.type == "id"}


def same(want: Any, got: Any) -> bool:
    if isinstance(want, Decimal):
        return got is not None and abs(float(got) - float(want)) <= 1e-9 * max(1.0, abs(float(want)))
    return want == got and type(want) is type(got) if isinstance(want, bool) else want == got


def differences(label: str, expected: Counter, actual: Counter) -> list[str]:
    if expected == actual:
        return []
    missing = sorted((expected - actual).elements(), key=repr)[:8]
    extra = sorted((actual - expected).elements(), key=repr)[:8]
    return [f"{label}:\n    expected, missing: {missing!r}\n    present, unexpected: {extra!r}"]


def text_problems(where: str, column: str, value: str) -> list[str]:
    """What is wrong with a staged text value (README: normalised everywhere)."""
    problems = []
    strays = sorted({f"U+{ord(c):04X}" for c in value if is_invisible(c) or (c in WHITE_SPACE and c != " ")})
    if strays:
        problems.append(f"{where}.{column} holds control/invisible/blank characters {strays}: {value!r}")
    if value != value.strip(" ") or not value:
        problems.append(f"{where}.{column} is not trimmed: {value!r}")
    if column in NFKC_COLUMNS and unicodedata.normalize("NFKC", value) != value:
        problems.append(f"{where}.{column} differs from its NFKC form: {value!r}")
    if column in CODE_COLUMNS and value != value.lower():
        problems.append(f"{where}.{column} is not lower-case: {value!r}")
    if column == "email" and not is_email(value):
        problems.append(f"{where}.email is malformed: {value!r}")
    if column == "country" and not re.fullmatch("[A-Z]{2}", value):
        problems.append(f"{where}.country is no two-letter code: {value!r}")
    if column == "domain" and (value.startswith("www.") or "/" in value):
        problems.append(f"{where}.domain keeps a scheme, www. or a path: {value!r}")
    return problems


def raw_record(read: Read) -> str | None:
    """The raw_record the quarantine must keep for a row, as canonical JSON."""
    if read.table == "erasure_requests":
        record = {"email_hash": read.record_key, "requested_at": norm(read.raw("requested_at"))}
    else:
        record = {column: read.raw(column) for column in COLUMNS[read.table]}
    if read.table == "opportunities" and read.lead_erased:
        record["lead_id"] = None  # the deal stays, the erased contact's key does not
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def raw_value(table: str, value: str | None) -> str | None:
    """A field issue's raw value as compared: normalised for erasure requests (see expect)."""
    return norm(value) if table == "erasure_requests" else value


def cell_texts(value: Any) -> list[str]:
    """A cell's text and, for a JSON object (a raw record), each of its values."""
    if value is None:
        return []
    texts = [str(value)]
    if texts[0].startswith("{"):
        try:
            record = json.loads(texts[0])
        except ValueError:
            record = None
        if isinstance(record, dict):
            texts.extend(str(item) for item in record.values() if item is not None)
    return texts


def erasure_problems(warehouse: Warehouse, tokens: set[str], lead_ids: set[str]) -> list[str]:
    """Erased people appear nowhere outside the raw schema: not their names, job titles or
    emails (each holds the person's token), and not their lead_id outside the base models
    and the ledger, which keep the key (and the email hash) to count and prove the erasure."""
    problems = []
    for schema, table in warehouse.tables():
        keeps_key = table.startswith("base_raw__") or table == "int_raw_row_dispositions"
        for row in warehouse.rows(f'select * from "{schema}"."{table}"'):
            for column, value in row.items():
                for text in cell_texts(value):
                    normal = norm(text) or ""
                    found = [token for token in tokens if token in normal.lower()]
                    if not keeps_key and normal in lead_ids:
                        found.append(f"lead_id {normal!r}")
                    if found:
                        problems.append(
                            f"{schema}.{table}.{column} holds an erased lead's data {found}: {text!r}"
                        )
    return problems


def check_world(warehouse: Warehouse, world: dict[str, list[dict]], expected: Expected) -> list[str]:
    """Every broken invariant of one built world."""
    problems: list[str] = []

    def check(name: str, run: Callable[[], list[str]]) -> None:
        try:
            problems.extend(run())
        except Exception as error:  # a missing table or a failed query is one more problem
            problems.append(f"{name}: could not check: {type(error).__name__}: {error}")

    def built() -> list[str]:
        return [] if warehouse.returncode == 0 else [f"dbt build failed:\n{warehouse.errors()}"]

    def loaded() -> list[str]:
        found = []
        for table, columns in COLUMNS.items():
            want = Counter(tuple(text_of(row.get(c)) for c in columns) for row in world[table])
            got = Counter(
                tuple(r[c] or None for c in columns) for r in warehouse.rows(f"select * from raw.{table}")
            )
            found += differences(f"raw.{table} as loaded (loader)", want, got)
        return found

    def ledger() -> list[str]:
        rows = warehouse.rows(
            "select source_table, record_key, disposition, reason from intermediate.int_raw_row_dispositions"
        )
        found = []
        for table, reads in expected.reads.items():
            want = Counter((r.record_key, r.disposition, r.reason) for r in reads)
            got = Counter(
                (r["record_key"], r["disposition"], r["reason"]) for r in rows if r["source_table"] == table
            )
            found += differences(f"ledger of raw.{table} (record_key, disposition, reason)", want, got)
        return found

    def reconciliation() -> list[str]:
        found = []
        rows = warehouse.rows("select * from data_quality.rpt_source_reconciliation")
        if sorted(row["source_table"] for row in rows) != sorted(COLUMNS):
            found.append(
                f"rpt_source_reconciliation has tables {sorted(row['source_table'] for row in rows)}"
            )
        for row in rows:
            counts = Counter(read.disposition for read in expected.reads[row["source_table"]])
            want = (sum(counts.values()), counts["staged"], counts["quarantined"], counts["erased"], 0)
            columns = ("raw_rows", "staged_rows", "quarantined_rows", "erased_rows", "unaccounted_rows")
            got = tuple(row[c] for c in columns)
            if got != want:
                found.append(
                    f"rpt_source_reconciliation {row['source_table']} {columns}: {got} != expected {want}"
                )
        return found

    def staged() -> list[str]:
        found = []
        for table, key_columns in STAGED_KEYS.items():
            rows = warehouse.rows(f"select * from staging.stg_raw__{table}")
            counts = Counter(tuple(row[c] for c in key_columns) for row in rows)
            found += [f"stg_raw__{table}: key {key!r} staged {n} times" for key, n in counts.items() if n > 1]
            want = {
                tuple(staged_values(r)[c] for c in key_columns): staged_values(r)
                for r in expected.staged(table)
            }
            got = {tuple(row[c] for c in key_columns): row for row in rows}
            for key in sorted(want.keys() - got.keys(), key=repr):
                found.append(f"stg_raw__{table}: key {key!r} should be staged, is not")
            for key in sorted(got.keys() - want.keys(), key=repr):
                found.append(f"stg_raw__{table}: key {key!r} is staged, should not be")
            for key in sorted(want.keys() & got.keys(), key=repr):
                for column, value in want[key].items():
                    if not same(value, got[key][column]):
                        found.append(
                            f"stg_raw__{table} {key!r}.{column}: {got[key][column]!r} != expected {value!r}"
                        )
            for row in rows:
                for column, value in row.items():
                    if isinstance(value, str):
                        found += text_problems(f"stg_raw__{table}", column, value)
        return found

    def field_issues() -> list[str]:
        want = Counter(
            (
                r.table,
                r.record_key,
                column,
                raw_value(
                    r.table,
                    # A deal's raw values stay; its erased contact's key does not.
                    None
                    if (r.table, column) == ("opportunities", "lead_id") and r.lead_erased
                    else r.raw(column),
                ),
                issue,
            )
            for reads in expected.reads.values()
            for r in reads
            if r.disposition == "staged"
            for column, issue in r.issues.items()
            if not meta(r.table, column).get("required")
        )
        rows = warehouse.rows("select * from data_quality.fct_field_issues")
        got = Counter(
            (
                r["source_table"],
                r["record_key"],
                r["column_name"],
                raw_value(r["source_table"], r["raw_value"]),
                r["reason"],
            )
            for r in rows
        )
        unknown = sorted({r["reason"] for r in rows} - REASONS)
        found = [f"fct_field_issues reasons not in data_quality_reasons: {unknown}"] if unknown else []
        return found + differences("fct_field_issues (table, key, column, raw value, reason)", want, got)

    def quarantine() -> list[str]:
        rows = warehouse.rows(
            "select source_table, record_key, reason, raw_record from data_quality.fct_quarantined_rows"
        )
        found = []
        got = Counter()
        for row in rows:
            record = row["raw_record"]
            if record is not None:
                try:
                    parsed = json.loads(record)
                    if row["source_table"] == "erasure_requests":
                        parsed["requested_at"] = norm(parsed["requested_at"])
                    record = json.dumps(parsed, sort_keys=True, ensure_ascii=False)
                except ValueError as error:
                    found.append(f"fct_quarantined_rows: raw_record is no JSON ({error}): {record!r}")
            if row["reason"] not in REASONS:
                found.append(f"fct_quarantined_rows: reason {row['reason']!r} not in data_quality_reasons")
            got[(row["source_table"], row["record_key"], row["reason"], record)] += 1
        want = Counter(
            (r.table, r.record_key, r.reason, raw_record(r))
            for reads in expected.reads.values()
            for r in reads
            if r.disposition == "quarantined"
        )
        return found + differences("fct_quarantined_rows (table, key, reason, raw record)", want, got)

    def erasure() -> list[str]:
        rows = warehouse.rows("select * from data_quality.rpt_erasure_audit")
        got = {row["email_hash"]: (row["leads_erased"], row["lead_rows_erased"]) for row in rows}
        found = [] if got == expected.audit else [f"rpt_erasure_audit {got} != expected {expected.audit}"]
        return found + erasure_problems(warehouse, expected.erased_tokens, expected.erased_leads)

    for name, run in [
        ("build", built),
        ("raw tables", loaded),
        ("ledger", ledger),
        ("reconciliation", reconciliation),
        ("staged rows", staged),
        ("field issues", field_issues),
        ("quarantine", quarantine),
        ("erasure", erasure),
    ]:
        check(name, run)
    return problems


BUILDS = itertools.count()


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],  # no shrinking: every example is a full dbt build
    suppress_health_check=list(HealthCheck),
)
@given(world=worlds())
def test_random_dirty_worlds_are_staged_as_promised(engine: Engine, world: dict[str, list[dict]]) -> None:
    world = engine.prepare(world)
    expected = expect(world, now=datetime.now(UTC).replace(tzinfo=None))
    warehouse = engine.build(world, f"world{next(BUILDS)}")
    problems = check_world(warehouse, world, expected)
    assert not problems, (
        f"{len(problems)} broken invariants of the world in {warehouse.folder}:\n" + "\n".join(problems[:60])
    )


# --- the sharpest cases, by hand -----------------------------------------------------------

ZWSP, BOM = "\u200b", "\ufeff"


def fw(text: str) -> str:
    return "".join(full_width(char) for char in text)


def sharp_lead(lead_id: str, email: str, name: str) -> dict:
    return {
        "lead_id": lead_id,
        "email": email,
        "first_name": f"Fn{name}",
        "last_name": f"Ln{name}",
        "job_title": f"Head of Sales Jt{name}",
        "department": "sales",
        "created_at": "2025-01-02",
    }


def sharp_event(event_id: str, lead_id: str, occurred_at: str, event_type: str = "blog_read") -> dict:
    return {"event_id": event_id, "lead_id": lead_id, "event_type": event_type, "occurred_at": occurred_at}


def sharp_company(
    company_id: str, employees: str | None, revenue: str | None = None, created: str | None = None
) -> dict:
    return {
        "company_id": company_id,
        "name": company_id,
        "employee_count": employees,
        "annual_revenue": revenue,
        "created_at": created,
    }


SHARP_WORLD = {
    "leads": [
        sharp_lead(f"Lzw{ZWSP}", "zw@acme.example", "sharpzw"),  # the key ends in a zero-width space
        sharp_lead("Ler1", f"era{ZWSP}se.one@acme.example", "sharpera"),  # asked as erase.one@...
        sharp_lead("Ler2", f"{fw('erase')}.two@{fw('ACME')}.example", "sharperb"),  # full-width
        sharp_lead("Ler3", f"{BOM}Erase.Three@acme.example", "sharperc"),  # byte-order mark
        sharp_lead("Ler4", "erase.four@acme.example", "sharperd"),  # the request is the dirty one
        sharp_lead("Lkeep", "keep@acme.example", "sharpkeep"),
        # One lead twice: "Lcafé" precomposed, then decomposed with a zero-width space before the accent.
        sharp_lead("Lcaf\u00e9", "cafe@acme.example", "sharpcafe"),
        sharp_lead(f"Lcafe{ZWSP}\u0301", "cafe@acme.example", "sharpcafe"),
        sharp_lead("Ltag\U000e0041", "tag@acme.example", "sharptag"),  # an invisible tag character
        sharp_lead("Lnul\x00", "nul@acme.example", "sharpnul"),  # NUL (DuckDB only, see the docstring)
    ],
    "erasure_requests": [
        {"email": "erase.one@acme.example", "requested_at": "2025-06-01"},
        {"email": " Erase.Two@acme.EXAMPLE ", "requested_at": "2025-06-01"},
        {"email": "erase.three@acme.example", "requested_at": "2025-06-01"},
        {"email": f"{ZWSP}ERASE.FOUR@acme.example{BOM}", "requested_at": "2025-06-01"},
    ],
    "events": [
        sharp_event("Ezw1", "Lzw", "2025-03-01"),
        sharp_event("Ezw2", " Lzw ", "2025-03-02T10:00:00Z", "pricing_view"),
        *(sharp_event(f"Eer{n}", f"Ler{n}", "2025-03-01") for n in range(1, 5)),
        sharp_event("Ets1", "Lkeep", "2025-02-30"),
        sharp_event("Ets2", "Lkeep", "2023-02-29"),
        sharp_event("Ets3", "Lkeep", "2024-02-29"),
        sharp_event("Ets4", "Lkeep", "2025-01-01T24:00:00"),
        sharp_event("Ets5", "Lkeep", "2025-01-01T10:00:00.123456789+05:30"),
        # The form DuckDB reads without the general pattern (timestamp_fast_path): the same answers.
        sharp_event("Ets6", "Lkeep", "2023-02-29 10:00:00"),
        sharp_event("Ets7", "Lkeep", "0000-01-01 00:00:00"),  # year 0: strptime reads it as 1 BC
        sharp_event("Ets8", "Lkeep", "2025-01-01 23:59:60"),
        sharp_event("Ets9", "Lkeep", "2024-02-29 23:59:59"),
        sharp_event("Ecafe", "Lcaf\u00e9", "2025-03-01"),
        sharp_event("Etag", "Ltag", "2025-03-01"),
        sharp_event("Enul", "Lnul", "2025-03-01"),
        sharp_event("Eold", "Lkeep", "1900-01-01"),  # a century old: it decays to nothing
    ],
    "companies": [
        sharp_company("Cbig", "1e19", "12345678901234567890123", "2025-02-30"),
        sharp_company("Cneg", "-5", "1.200", "2023-02-29"),
        sharp_company("Cdot", "1.200", "1,5", "2025-01-01T24:00:00"),
        sharp_company("Ccomma", "1,5", "$3.5M", "2024-02-29"),
        sharp_company("Chalf", "50-199", None, "2025-01-01T10:00:00.123456789+05:30"),
        sharp_company("Crange", "51-200"),
        sharp_company("Ck", "8.11k"),
    ],
}
SHARP_ERASED = ("Ler1", "Ler2", "Ler3", "Ler4")


@pytest.fixture(scope="module")
def sharp(engine: Engine) -> Warehouse:
    """The hand-made world, built once per engine (the checks read it whether or not every model
    built: a failed build is its own test)."""
    return engine.build(engine.prepare(SHARP_WORLD), "sharp")


def dispositions(warehouse: Warehouse, table: str) -> dict[str, list[tuple[str, str | None]]]:
    found: dict[str, list[tuple[str, str | None]]] = {}
    for row in warehouse.rows(
        "select record_key, disposition, reason from intermediate.int_raw_row_dispositions "
        f"where source_table = '{table}'"
    ):
        found.setdefault(row["record_key"], []).append((row["disposition"], row["reason"]))
    return found


def field_issues(warehouse: Warehouse, table: str) -> dict[tuple[str, str], tuple[str, str]]:
    rows = warehouse.rows(f"select * from data_quality.fct_field_issues where source_table = '{table}'")
    return {(row["record_key"], row["column_name"]): (row["raw_value"], row["reason"]) for row in rows}


def staged_companies(warehouse: Warehouse) -> dict[str, dict[str, Any]]:
    return {row["company_id"]: row for row in warehouse.rows("select * from staging.stg_raw__companies")}


def test_the_sharp_world_builds(sharp: Warehouse) -> None:
    # Among others an event of 1900: its decay 0.5^(age / half-life) is far below the smallest
    # double, which is 0 points, not an error.
    assert sharp.returncode == 0, sharp.errors()


def test_events_find_a_lead_whose_key_ends_in_a_zero_width_space(sharp: Warehouse) -> None:
    events = dispositions(sharp, "events")
    assert events["Ezw1"] == events["Ezw2"] == [("staged", None)]
    staged = sharp.rows("select event_id, lead_id from staging.stg_raw__events where event_id like 'Ezw%'")
    assert sorted((row["event_id"], row["lead_id"]) for row in staged) == [("Ezw1", "Lzw"), ("Ezw2", "Lzw")]
    assert dispositions(sharp, "leads")["Lzw"] == [("staged", None)]


def test_an_erasure_request_matches_the_address_after_normalising(sharp: Warehouse) -> None:
    leads, events = dispositions(sharp, "leads"), dispositions(sharp, "events")
    for n, lead_id in enumerate(SHARP_ERASED, start=1):
        assert leads[lead_id] == [("erased", None)], lead_id
        assert events[f"Eer{n}"] == [("erased", None)], lead_id
    assert leads["Lkeep"] == [("staged", None)]
    audit = sharp.rows("select leads_erased, lead_rows_erased from data_quality.rpt_erasure_audit")
    assert sorted((row["leads_erased"], row["lead_rows_erased"]) for row in audit) == [(1, 1)] * 4
    tokens = {
        "sharpera",
        "sharperb",
        "sharperc",
        "sharperd",
        "erase.one",
        "erase.two",
        "erase.three",
        "erase.four",
    }
    assert erasure_problems(sharp, tokens, set(SHARP_ERASED)) == []


def test_employee_counts_out_of_bounds_are_out_of_range(sharp: Warehouse) -> None:
    issues = field_issues(sharp, "companies")
    assert issues[("Cbig", "employee_count")] == ("1e19", "out_of_range")  # max 10^8
    assert issues[("Cneg", "employee_count")] == ("-5", "out_of_range")  # min 0
    companies = staged_companies(sharp)
    assert companies["Cbig"]["employee_count"] is None and companies["Cneg"]["employee_count"] is None


def test_locale_numbers_are_not_read_as_other_numbers(sharp: Warehouse) -> None:
    issues = field_issues(sharp, "companies")
    # With "." as the decimal mark "1.200" is 1.2: no whole number of employees.
    assert issues[("Cdot", "employee_count")] == ("1.200", "invalid_number")
    # "1,5": a comma must group three digits.
    assert issues[("Ccomma", "employee_count")] == ("1,5", "invalid_number")
    assert issues[("Cdot", "annual_revenue")] == ("1,5", "invalid_number")
    companies = staged_companies(sharp)
    assert companies["Cneg"]["annual_revenue"] == pytest.approx(1.2)  # "1.200" of revenue is 1.2
    assert companies["Ccomma"]["annual_revenue"] == pytest.approx(3_500_000)


def test_a_revenue_of_23_digits_is_out_of_range(sharp: Warehouse) -> None:
    # 12345678901234567890123 is a number, beyond the revenue's maximum of 10^15: out_of_range,
    # as data_quality_reasons describes it ("a revenue beyond 10^15"), not invalid_number.
    issues = field_issues(sharp, "companies")
    assert issues[("Cbig", "annual_revenue")] == ("12345678901234567890123", "out_of_range")


def test_a_range_midpoint_is_rounded_alike_on_every_engine(sharp: Warehouse) -> None:
    companies = staged_companies(sharp)
    assert companies["Crange"]["employee_count"] == 126  # (51 + 200) / 2 = 125.5
    assert companies["Chalf"]["employee_count"] == 125  # (50 + 199) / 2 = 124.5, half up


def test_thousands_with_a_fraction_are_a_whole_employee_count(sharp: Warehouse) -> None:
    assert ("Ck", "employee_count") not in field_issues(sharp, "companies")
    assert staged_companies(sharp)["Ck"]["employee_count"] == 8110  # "8.11k": 8.11 x 1000


def test_impossible_dates_are_invalid_timestamps(sharp: Warehouse) -> None:
    events = dispositions(sharp, "events")
    # 2025-02-30, 2023-02-29, 24:00, 2023-02-29 10:00:00, year 0, second 60
    for event_id in ("Ets1", "Ets2", "Ets4", "Ets6", "Ets7", "Ets8"):
        assert events[event_id] == [("quarantined", "invalid_timestamp")], event_id
    issues = field_issues(sharp, "companies")
    assert issues[("Cbig", "created_at")] == ("2025-02-30", "invalid_timestamp")
    assert issues[("Cneg", "created_at")] == ("2023-02-29", "invalid_timestamp")
    assert issues[("Cdot", "created_at")] == ("2025-01-01T24:00:00", "invalid_timestamp")


def test_valid_timestamps_are_read_to_the_microsecond_in_utc(sharp: Warehouse) -> None:
    events = {
        row["event_id"]: row["occurred_at"]
        for row in sharp.rows(
            "select event_id, occurred_at from staging.stg_raw__events where event_id like 'Ets%'"
        )
    }
    assert events == {
        "Ets3": datetime(2024, 2, 29),
        "Ets5": datetime(2025, 1, 1, 4, 30, 0, 123456),
        "Ets9": datetime(2024, 2, 29, 23, 59, 59),
    }
    companies = staged_companies(sharp)
    assert companies["Ccomma"]["created_at"] == datetime(2024, 2, 29)
    assert companies["Chalf"]["created_at"] == datetime(2025, 1, 1, 4, 30, 0, 123456)


def test_an_invisible_character_inside_an_accent_makes_no_other_key(sharp: Warehouse) -> None:
    # "Lcafe\u200b\u0301" is "Lcafé" with a zero-width space between the e and its accent.
    assert sorted(dispositions(sharp, "leads").get("Lcaf\u00e9", []), key=repr) == [
        ("quarantined", "duplicate_superseded"),
        ("staged", None),
    ]
    staged = [row["lead_id"] for row in sharp.rows("select lead_id from staging.stg_raw__leads")]
    assert [key for key in staged if key.startswith("Lcaf")] == ["Lcaf\u00e9"]
    assert dispositions(sharp, "events")["Ecafe"] == [("staged", None)]


def test_tag_characters_are_invisible_too(sharp: Warehouse) -> None:
    # U+E0041 (TAG LATIN CAPITAL LETTER A) is an invisible format character like U+200B.
    assert dispositions(sharp, "leads").get("Ltag") == [("staged", None)]
    assert dispositions(sharp, "events")["Etag"] == [("staged", None)]


def test_a_nul_character_is_removed_like_any_control_character(engine: Engine, sharp: Warehouse) -> None:
    # On DuckDB staging removes it; PostgreSQL text cannot hold it, so the loader removes it
    # there (and says so). Either way Lnul and its event are one lead and its event.
    assert dispositions(sharp, "leads").get("Lnul") == [("staged", None)]
    assert dispositions(sharp, "events")["Enul"] == [("staged", None)]


# Epoch seconds with a fraction, apart: where they break a base model, the sharp world would
# lose its ledger. Only staging is built.
EPOCH_WORLD = {
    "leads": [sharp_lead("L1", "one@acme.example", "epoch")],
    "events": [
        sharp_event("Ep1", "L1", "1700000000.5"),
        sharp_event("Ep2", "L1", "1700000000.123456"),
        sharp_event("Ep3", "L1", "170000000.25"),
        sharp_event("Ep4", "L1", "1700000000123"),  # milliseconds
    ],
}


@pytest.fixture(scope="module")
def epochs(engine: Engine) -> Warehouse:
    return engine.build(EPOCH_WORLD, "epochs", select=("+int_raw_row_dispositions", "+stg_raw__events"))


def test_epoch_seconds_with_a_fraction_are_read_as_seconds(epochs: Warehouse) -> None:
    assert epochs.returncode == 0, epochs.errors()
    staged = {
        row["event_id"]: row["occurred_at"] for row in epochs.rows("select * from staging.stg_raw__events")
    }
    assert staged == {
        "Ep1": datetime(2023, 11, 14, 22, 13, 20, 500000),
        "Ep2": datetime(2023, 11, 14, 22, 13, 20, 123456),
        "Ep3": datetime(1975, 5, 22, 14, 13, 20, 250000),
        "Ep4": datetime(2023, 11, 14, 22, 13, 20, 123000),
    }
