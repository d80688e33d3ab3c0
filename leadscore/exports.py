"""Read one export file (CSV, JSON, Parquet; optionally gzip-compressed) into DuckDB as text.

An export becomes a temporary table whose columns are the file's headers, normalised
(BOM stripped, trimmed, lower-cased, runs of other characters turned into `_`), and whose
values are text exactly as exported; an empty CSV cell is NULL. Text files must be UTF-8
(a UTF-16 file with a byte-order mark is transcoded); with an encoding given they are
transcoded to UTF-8 first. Anything that cannot be read raises `LoadError` naming the file.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

import duckdb

from leadscore.warehouse import scalar

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".parquet": "parquet",
}
"""File suffix -> reader. Text formats may carry a further `.gz`."""
TEXT_FORMATS = ("csv", "json")
DELIMITER_CANDIDATES = (",", ";", "\t", "|")
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
CHUNK = 8 * 1024 * 1024
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
UTF8_NAMES = ("utf_8", "utf_8_sig")


class LoadError(Exception):
    """Input the loader refuses (a bad file, folder or mapping); nothing was written."""


@dataclass(frozen=True)
class ExportName:
    """What a file's name says: the stem it is matched by, its reader, and its compression."""

    stem: str
    format: str
    compressed: bool


@dataclass
class ExportTable:
    """One export read into a temporary DuckDB table."""

    label: str
    table: str
    columns: tuple[str, ...]
    rows: int
    renamed: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def quote_identifier(name: str) -> str:
    """A SQL identifier, double-quoted (works for any name on DuckDB and PostgreSQL)."""
    return '"' + name.replace('"', '""') + '"'


def sql_string(text: str) -> str:
    """A SQL string literal (for the few statements that take no bound parameters)."""
    return "'" + text.replace("'", "''") + "'"


def export_name(path: Path) -> ExportName | None:
    """Stem, format and compression of an export file name; None for other files."""
    name = path.name.lower()
    compressed = name.endswith(".gz")
    base = name[: -len(".gz")] if compressed else name
    suffix = Path(base).suffix
    fmt = FORMATS.get(suffix)
    if fmt is None or (compressed and fmt not in TEXT_FORMATS) or not base[: -len(suffix)]:
        return None
    return ExportName(stem=base[: -len(suffix)], format=fmt, compressed=compressed)


def normalise_header(name: str) -> str:
    """`"\\ufeff First Name "` -> `first_name`: lower-case letters and digits joined by `_`.

    Accents of Latin letters are dropped (`Président` -> `president`); other letters are kept."""
    text = unicodedata.normalize("NFKD", name.replace("\ufeff", "").strip().lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[\W_]+", "_", text).strip("_")


def normalise_headers(label: str, headers: list[str]) -> tuple[tuple[str, ...], dict[str, str]]:
    """Normalised names of a file's headers and {original: new} for those that changed.

    A blank header becomes `column_<position>`; two headers with the same normalised name
    are refused."""
    names: list[str] = []
    renamed: dict[str, str] = {}
    seen: dict[str, str] = {}
    for position, header in enumerate(headers, start=1):
        name = normalise_header(header) or f"column_{position}"
        if name in seen:
            raise LoadError(
                f"{label}: headers {seen[name]!r} and {header!r} both normalise to {name!r}; "
                "rename one of them in the file"
            )
        seen[name] = header
        names.append(name)
        if name != header:
            renamed[header] = name
    return tuple(names), renamed


def resolve_delimiter(delimiter: str | None) -> str | None:
    """A delimiter as given on the command line or in a mapping (`tab`, `\\t` or one character)."""
    if delimiter is None:
        return None
    resolved = DELIMITER_NAMES.get(delimiter.lower(), delimiter)
    if len(resolved) != 1:
        raise LoadError(f"delimiter {delimiter!r} must be one character (or `tab`)")
    return resolved


def check_encoding(encoding: str | None) -> str | None:
    """The codec's canonical name; LoadError for an unknown one."""
    if encoding is None:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise LoadError(f"unknown encoding {encoding!r} (try utf-8, cp1252, latin-1, utf-16)") from None


@contextmanager
def open_bytes(path: Path) -> Iterator[BinaryIO]:
    """The file's bytes, decompressed when it is gzip."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        yield handle  # type: ignore[misc]


def first_invalid_utf8(handle: BinaryIO) -> tuple[int, int, bytes] | None:
    """(byte offset, line number, the bad bytes) of the first invalid UTF-8 sequence, if any."""
    offset, line, pending = 0, 1, b""
    while chunk := handle.read(CHUNK):
        data = pending + chunk
        try:
            _, consumed = codecs.utf_8_decode(data, "strict", False)
        except UnicodeDecodeError as error:
            line += data.count(b"\n", 0, error.start)
            return offset + error.start, line, data[error.start : error.end]
        line += data.count(b"\n", 0, consumed)
        offset += consumed
        pending = data[consumed:]
    if pending:
        return offset, line, pending
    return None


def transcode(path: Path, label: str, encoding: str, target: Path) -> None:
    """Stream the file (decompressed) from `encoding` into a UTF-8 file."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    with open_bytes(path) as source, target.open("wb") as sink:
        while True:
            chunk = source.read(CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                raise LoadError(
                    f"{label}: not valid {encoding} near byte offset {offset + max(error.start, 0)}"
                ) from None
            sink.write(text.encode("utf-8"))
            if not chunk:
                return
            offset += len(chunk)


def starts_with_utf16_bom(path: Path) -> bool:
    """Whether the (decompressed) file starts with a UTF-16 byte-order mark."""
    with open_bytes(path) as handle:
        return handle.read(2) in UTF16_BOMS


def utf8_file(path: Path, label: str, encoding: str | None, scratch: Path) -> tuple[Path, list[str]]:
    """A UTF-8 version of a text export (the file itself when it already is one) and notes.

    A transcoded copy is written to `scratch`."""
    if encoding is not None and encoding not in UTF8_NAMES:
        transcode(path, label, encoding, scratch)
        return scratch, [f"{label}: transcoded from {encoding} to UTF-8"]
    if encoding is None and starts_with_utf16_bom(path):
        transcode(path, label, "utf_16", scratch)
        return scratch, [f"{label}: UTF-16 detected (byte-order mark), transcoded to UTF-8"]
    with open_bytes(path) as handle:
        invalid = first_invalid_utf8(handle)
    if invalid is not None:
        offset, line, bad = invalid
        where = "of the uncompressed data " if path.name.lower().endswith(".gz") else ""
        raise LoadError(
            f"{label}: not valid UTF-8: byte 0x{bad[:1].hex().upper()} at byte offset {offset} {where}"
            f"(line {line}). Pass the file's encoding, e.g. --encoding cp1252 "
            "(or `encoding:` for the file in a mapping)."
        )
    return path, []


def duckdb_reason(error: duckdb.Error) -> str:
    """DuckDB's message without its advice on DuckDB options and the echoed query."""
    lines: list[str] = []
    for line in str(error).splitlines():
        if line.startswith(("Possible", "LINE ", "  file = ")) or (not line.strip() and lines):
            break
        lines.append(line)
    text = "; ".join(line.strip() for line in lines if line.strip())
    return re.sub(r"^[A-Za-z ]*Error: ", "", text)


def sniff_delimiter(line: str) -> str:
    """The candidate delimiter found most often outside quotes in the header line (`,` if none)."""
    counts = dict.fromkeys(DELIMITER_CANDIDATES, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITER_CANDIDATES, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


@contextmanager
def open_text(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text file (a BOM skipped, line endings untouched), decompressed when gzip."""
    with open_bytes(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as handle:
        yield handle


def csv_header(path: Path, label: str, delimiter: str | None) -> tuple[list[str], str]:
    """The header record of a UTF-8 CSV file and its delimiter (sniffed from it unless given)."""
    with open_text(path) as handle:
        first_line = handle.readline()
    if not first_line.strip():
        raise LoadError(f"{label}: the first line is empty (a header row is required)")
    delim = delimiter or sniff_delimiter(first_line)
    with open_text(path) as handle:
        record = next(csv.reader(handle, delimiter=delim, quotechar='"', doublequote=True))
    return record, delim


def read_csv(
    con: duckdb.DuckDBPyConnection, path: Path, label: str, into: str, delimiter: str | None
) -> list[str]:
    """Load a UTF-8 CSV file into `into` (columns c0..cN, all text); return its header."""
    headers, delim = csv_header(path, label, delimiter)
    columns = {f"c{position}": "VARCHAR" for position in range(len(headers))}
    con.execute(
        f"create temp table {into} as select * from read_csv($path, auto_detect = false, header = true, "
        "delim = $delim, quote = '\"', escape = '\"', columns = $columns, strict_mode = true, "
        "null_padding = false, skip = 0)",
        {"path": str(path), "delim": delim, "columns": columns},
    )
    return headers


def read_json(con: duckdb.DuckDBPyConnection, path: Path, into: str) -> list[str]:
    """Load a JSON array of objects or newline-delimited JSON into `into`; return its keys."""
    described = con.execute(
        "describe select * from read_json($path, sample_size = -1, maximum_depth = 1)", {"path": str(path)}
    ).fetchall()
    keys = [row[0] for row in described]
    select = ", ".join(f"{quote_identifier(key)} as c{position}" for position, key in enumerate(keys))
    con.execute(
        f"create temp table {into} as select {select} from read_json($path, columns = $columns)",
        {"path": str(path), "columns": dict.fromkeys(keys, "VARCHAR")},
    )
    return keys


def read_parquet(con: duckdb.DuckDBPyConnection, path: Path, into: str) -> list[str]:
    """Load a Parquet file into `into`, every column cast to text; return its column names."""
    described = con.execute("describe select * from read_parquet($path)", {"path": str(path)}).fetchall()
    names = [row[0] for row in described]
    select = ", ".join(
        f"cast({quote_identifier(name)} as varchar) as c{position}" for position, name in enumerate(names)
    )
    con.execute(f"create temp table {into} as select {select} from read_parquet($path)", {"path": str(path)})
    return names


def read_raw(
    con: duckdb.DuckDBPyConnection, path: Path, label: str, fmt: str, into: str, delimiter: str | None
) -> list[str]:
    """Load the file with the reader of its format into `into` (positional columns c0..cN)."""
    try:
        if fmt == "csv":
            return read_csv(con, path, label, into, delimiter)
        if fmt == "json":
            return read_json(con, path, into)
        return read_parquet(con, path, into)
    except duckdb.Error as error:
        raise LoadError(f"{label}: DuckDB cannot read it: {duckdb_reason(error)}") from None


def rename_columns(con: duckdb.DuckDBPyConnection, raw: str, into: str, names: tuple[str, ...]) -> None:
    """`into` = the positional table `raw` with the normalised column names."""
    select = ", ".join(f"c{position} as {quote_identifier(name)}" for position, name in enumerate(names))
    con.execute(f"create temp table {into} as select {select} from {raw}")
    con.execute(f"drop table {raw}")


def read_export(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    into: str,
    *,
    workdir: Path,
    label: str | None = None,
    fmt: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> ExportTable:
    """Read one export into the temporary table `into` (text columns named by normalised headers)."""
    label = label or path.name
    named = export_name(path)
    fmt = fmt or (named.format if named else None)
    if fmt is None or fmt not in FORMATS.values():
        raise LoadError(f"{label}: unknown format (name it .csv, .tsv, .json, .jsonl or .parquet)")
    if path.stat().st_size == 0:
        raise LoadError(f"{label}: empty file (a header row is required)")
    if fmt == "csv" and delimiter is None and path.name.lower().removesuffix(".gz").endswith(".tsv"):
        delimiter = "\t"
    notes: list[str] = []
    try:
        if fmt in TEXT_FORMATS:
            scratch = workdir / f"{into}.{fmt}"
            path, notes = utf8_file(path, label, check_encoding(encoding), scratch)
        headers = read_raw(con, path, label, fmt, f"{into}_positional", resolve_delimiter(delimiter))
    except (OSError, EOFError) as error:
        raise LoadError(f"{label}: cannot read it: {error}") from None
    names, renamed = normalise_headers(label, headers)
    rename_columns(con, f"{into}_positional", into, names)
    rows = scalar(con, f"select count(*) from {into}")
    return ExportTable(label=label, table=into, columns=names, rows=int(rows), renamed=renamed, notes=notes)
