"""Mapping files: how an export that is not in the contract's shape becomes the raw tables.

A mapping is a small YAML document (reference: mappings/README.md). It names, per raw table,
the export files that feed it and how each contract column is computed from a file's
columns: a column, a template, a constant, then optionally a value map, timestamp formats
or a numeric scale; rows can be filtered, so that a wide column becomes one event per
non-empty value. Columns of a file that are not mapped are kept as extra columns.

Everything in a mapping is data: names become quoted identifiers, values are bound as
query parameters, nothing is pasted into SQL as code. A plain folder load is the same
thing with an implicit mapping (`folder_mapping`): one file per table, columns by name.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import Any

import duckdb
import yaml

from leadscore.contract import raw_tables
from leadscore.exports import FORMATS, LoadError, duckdb_reason, normalise_header, quote_identifier

ZONE_DIRECTIVES = ("%z", "%Z")
TIME_DIRECTIVES = ("%H", "%I", "%M", "%S", "%f", "%g", "%n", "%p", "%X", "%c", "%T", "%R", "%s")
ISO_SECONDS = "%Y-%m-%dT%H:%M:%S"
TOP_KEYS = {"description", "files", "tables"}
FILE_KEYS = {"encoding", "delimiter", "format"}
BLOCK_KEYS = {"from", "columns", "where", "keep", "drop"}
VALUE_SOURCES = ("column", "template", "constant")
VALUE_KEYS = {*VALUE_SOURCES, "values", "default", "format", "scale"}
CONDITION_TESTS = ("present", "in", "not_in")
TRUE_WORDS = ("true", "yes")
FALSE_WORDS = ("false", "no")


class MappingError(LoadError):
    """A mapping that cannot be applied; lists every problem found."""

    def __init__(self, where: str, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"mapping {where}: {len(problems)} problem(s):\n{lines}")


class _TextLoader(yaml.SafeLoader):
    """Safe YAML in which every scalar is text except null (`~`, `null`, empty).

    Values in a mapping are data for text columns: `yes`, `on`, `1.10` or `0042` stay as written.
    A key given twice in one mapping is an error, not silently the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        repeated = sorted({str(key) for key in keys if keys.count(key) > 1})
        if repeated:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {', '.join(repeated)} given twice", node.start_mark
            )
        return super().construct_mapping(node, deep=deep)


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

KEEP = object()
"""`Value.default` when unmapped values pass through unchanged."""


@dataclass(frozen=True)
class FileOptions:
    """How to read one file of the export."""

    name: str
    encoding: str | None = None
    delimiter: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class Value:
    """How one contract column is computed from a row of a file."""

    column: str | None = None
    template: tuple[tuple[str, str | None], ...] = ()
    constant: str | None = None
    values: tuple[tuple[str, str | None], ...] = ()
    default: Any = KEEP
    formats: tuple[str, ...] = ()
    scale: Decimal | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """The file columns it reads."""
        named = (column for _, column in self.template if column is not None)
        return (self.column, *named) if self.column else tuple(named)


@dataclass(frozen=True)
class Condition:
    """A row filter: the column is present (non-blank), or its value is (not) in a list."""

    column: str
    test: str
    values: tuple[str, ...] = ()
    present: bool = True


@dataclass(frozen=True)
class Block:
    """One file feeding one raw table."""

    table: str
    source: str
    columns: dict[str, Value] = field(default_factory=dict)
    where: tuple[Condition, ...] = ()
    keep: tuple[str, ...] | None = None
    drop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mapping:
    """A whole mapping: the files' reading options and the blocks, table by table."""

    name: str
    files: dict[str, FileOptions]
    blocks: tuple[Block, ...]
    description: str = ""

    def options(self, source: str) -> FileOptions:
        return self.files.get(source, FileOptions(source))


@dataclass
class BlockPlan:
    """A block resolved against its file's columns."""

    values: dict[str, Value]
    extras: tuple[str, ...]
    unmapped: tuple[str, ...]
    shadowed: tuple[str, ...]


class Params:
    """Collects bound query parameters and hands out their placeholders."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def bind(self, value: Any) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"${name}"


# --- reading the YAML -------------------------------------------------------------------


def read_mapping(path: Path) -> Mapping:
    """Parse and check a mapping file (structure, tables, contract columns); MappingError if wrong."""
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextLoader)
    except OSError as error:
        raise LoadError(f"mapping {path}: cannot read it: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise MappingError(str(path), [f"not valid YAML: {error}"]) from None
    problems: list[str] = []
    mapping = parse_mapping(document, str(path), problems)
    if problems:
        raise MappingError(str(path), problems)
    return mapping


def parse_mapping(document: Any, name: str, problems: list[str]) -> Mapping:
    """A Mapping from the parsed YAML; every problem found is appended to `problems`."""
    if not isinstance(document, dict):
        problems.append("the document must be a mapping with a `tables:` key")
        return Mapping(name=name, files={}, blocks=())
    unknown_keys(document, TOP_KEYS, "top level", problems)
    files = parse_files(document.get("files") or {}, problems)
    tables = document.get("tables")
    if not isinstance(tables, dict) or not tables:
        problems.append("`tables:` must map raw tables to the files that feed them")
        tables = {}
    blocks = [block for table, entry in tables.items() for block in parse_table(str(table), entry, problems)]
    for source in files:
        if not any(block.source == source for block in blocks):
            problems.append(f"files: {source!r} is not used by any table")
    return Mapping(
        name=name, files=files, blocks=tuple(blocks), description=str(document.get("description") or "")
    )


def unknown_keys(entry: dict[str, Any], allowed: set[str], where: str, problems: list[str]) -> None:
    """Report keys outside `allowed` (typos must not be ignored)."""
    for key in entry:
        if key not in allowed:
            problems.append(f"{where}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")


def parse_files(entry: Any, problems: list[str]) -> dict[str, FileOptions]:
    """`files:` -> reading options per file name."""
    if not isinstance(entry, dict):
        problems.append("`files:` must map file names to their options")
        return {}
    files: dict[str, FileOptions] = {}
    for name, options in entry.items():
        options = options or {}
        where = f"files: {name}"
        if not isinstance(options, dict):
            problems.append(f"{where}: options must be a mapping (encoding, delimiter, format)")
            continue
        unknown_keys(options, FILE_KEYS, where, problems)
        fmt = options.get("format")
        if fmt is not None and fmt not in FORMATS.values():
            problems.append(f"{where}: format {fmt!r} is not one of csv, json, parquet")
        check_source_path(str(name), where, problems)
        files[str(name)] = FileOptions(str(name), options.get("encoding"), options.get("delimiter"), fmt)
    return files


def check_source_path(name: str, where: str, problems: list[str]) -> None:
    """File names are relative to the export folder and stay inside it."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name:
        problems.append(f"{where}: {name!r} must be a path inside the export folder")


def parse_table(table: str, entry: Any, problems: list[str]) -> list[Block]:
    """The blocks of one raw table (one block or a list of them)."""
    contract = raw_tables()
    if table not in contract:
        problems.append(f"tables: unknown table {table!r} (raw tables: {', '.join(contract)})")
        return []
    entries = entry if isinstance(entry, list) else [entry]
    blocks = []
    for position, item in enumerate(entries, start=1):
        block = parse_block(table, item, f"tables: {table} #{position}", problems)
        if block is not None:
            blocks.append(block)
    return blocks


def parse_block(table: str, entry: Any, where: str, problems: list[str]) -> Block | None:
    """One `from:` block of a table."""
    if not isinstance(entry, dict) or not entry.get("from"):
        problems.append(f"{where}: each entry needs `from: <file>`")
        return None
    unknown_keys(entry, BLOCK_KEYS, where, problems)
    source = str(entry["from"])
    where = f"{where} ({source})"
    check_source_path(source, where, problems)
    if "keep" in entry and "drop" in entry:
        problems.append(f"{where}: use `keep:` or `drop:`, not both")
    return Block(
        table=table,
        source=source,
        columns=parse_columns(table, entry.get("columns") or {}, where, problems),
        where=parse_conditions(entry.get("where") or [], f"{where}: where", problems),
        keep=name_list(entry["keep"], f"{where}: keep", problems) if "keep" in entry else None,
        drop=name_list(entry.get("drop") or [], f"{where}: drop", problems),
    )


def parse_columns(table: str, entry: Any, where: str, problems: list[str]) -> dict[str, Value]:
    """`columns:` -> {contract column: value}; names outside the table's contract are refused."""
    if not isinstance(entry, dict):
        problems.append(f"{where}: `columns:` must map contract columns to values")
        return {}
    contract = raw_tables()[table]
    values: dict[str, Value] = {}
    for target, spec in entry.items():
        name = str(target).strip().lower()
        if name not in contract:
            problems.append(f"{where}: {target!r} is not a column of raw.{table} ({', '.join(contract)})")
            continue
        value = parse_value(spec, f"{where}: {name}", problems)
        if value is not None:
            values[name] = value
    return values


def parse_conditions(entry: Any, where: str, problems: list[str]) -> tuple[Condition, ...]:
    """`where:` -> its conditions (one condition or a list, all of which must hold)."""
    items = [entry] if isinstance(entry, dict) else entry
    if not isinstance(items, list):
        problems.append(f"{where}: must be a condition or a list of conditions")
        return ()
    parsed = (parse_condition(item, where, problems) for item in items)
    return tuple(condition for condition in parsed if condition is not None)


def name_list(entry: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    """A list of file column names, normalised like headers."""
    if entry is None:
        return ()
    if not isinstance(entry, list):
        problems.append(f"{where}: must be a list of column names")
        return ()
    return tuple(normalise_header(str(name)) for name in entry)


def parse_value(spec: Any, where: str, problems: list[str]) -> Value | None:
    """A contract column's value: `name`, `"…{name}…"` or a mapping (reference in mappings/README.md)."""
    if isinstance(spec, str):
        spec = {"template": spec} if "{" in spec or "}" in spec else {"column": spec}
    if not isinstance(spec, dict):
        problems.append(f"{where}: expected a column name, a template or a mapping")
        return None
    unknown_keys(spec, VALUE_KEYS, where, problems)
    sources = [key for key in VALUE_SOURCES if key in spec]
    if len(sources) != 1:
        problems.append(f"{where}: give exactly one of column, template, constant")
        return None
    value = Value(
        column=normalise_header(str(spec["column"])) if "column" in spec else None,
        template=parse_template(spec.get("template"), where, problems) if "template" in spec else (),
        constant=None if spec.get("constant") is None else str(spec["constant"]),
        values=parse_value_map(spec.get("values"), where, problems),
        default=spec.get("default", KEEP),
        formats=parse_formats(spec.get("format"), where, problems),
        scale=parse_scale(spec.get("scale"), where, problems),
    )
    if value.formats and value.scale is not None:
        problems.append(f"{where}: `format` and `scale` cannot be combined")
    if "column" in spec and not value.column:
        problems.append(f"{where}: empty column name")
    return value


def parse_template(template: Any, where: str, problems: list[str]) -> tuple[tuple[str, str | None], ...]:
    """`"/lp/{landing_page_id}"` -> (("/lp/", "landing_page_id"),); `{{`/`}}` are literal braces."""
    try:
        parts = list(string.Formatter().parse(str(template)))
    except ValueError as error:
        problems.append(f"{where}: template {template!r}: {error}")
        return ()
    pieces: list[tuple[str, str | None]] = []
    for literal, column, spec, conversion in parts:
        if spec or conversion:
            problems.append(f"{where}: template {template!r}: write plain {{column}} placeholders")
        named = normalise_header(column) if column is not None else None
        if column is not None and not named:
            problems.append(f"{where}: template {template!r} has an empty placeholder")
        pieces.append((literal, named))
    return tuple(pieces)


def parse_value_map(entry: Any, where: str, problems: list[str]) -> tuple[tuple[str, str | None], ...]:
    """`values:` -> ((trimmed lower-case key, value), ...); duplicate keys are refused."""
    if entry is None:
        return ()
    if not isinstance(entry, dict):
        problems.append(f"{where}: `values:` must map values to replacements")
        return ()
    pairs: dict[str, str | None] = {}
    for key, replacement in entry.items():
        folded = str(key).strip().lower()
        if folded in pairs:
            problems.append(f"{where}: value map has {key!r} twice (keys ignore case and spaces)")
        pairs[folded] = None if replacement is None else str(replacement)
    return tuple(pairs.items())


def parse_formats(entry: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    """`format:` -> strptime formats tried in order; all with a zone or all without."""
    if entry is None:
        return ()
    formats = tuple(str(item) for item in (entry if isinstance(entry, list) else [entry]))
    zoned = {any(directive in fmt for directive in ZONE_DIRECTIVES) for fmt in formats}
    if not formats or len(zoned) > 1:
        problems.append(f"{where}: formats must be given, and all carry a zone (%z) or none")
    for fmt in formats:
        reason = format_problem(fmt)
        if reason:
            problems.append(f"{where}: format {fmt!r}: {reason}")
    return formats


def format_problem(fmt: str) -> str | None:
    """Why DuckDB's strptime refuses a format, or None when it accepts it."""
    with duckdb.connect() as con:
        try:
            con.execute("select try_strptime('', $format)", {"format": fmt})
        except duckdb.Error as error:
            return duckdb_reason(error)
    return None


def parse_scale(entry: Any, where: str, problems: list[str]) -> Decimal | None:
    """`scale:` -> the decimal factor numeric values are multiplied by."""
    if entry is None:
        return None
    try:
        scale = Decimal(str(entry))
    except InvalidOperation:
        problems.append(f"{where}: scale {entry!r} is not a number")
        return None
    if not scale.is_finite():
        problems.append(f"{where}: scale {entry!r} is not a number")
        return None
    return scale


def parse_condition(entry: Any, where: str, problems: list[str]) -> Condition | None:
    """`{column: x, present: true}`, `{column: x, in: [...]}` or `{column: x, not_in: [...]}`."""
    if not isinstance(entry, dict) or "column" not in entry:
        problems.append(f"{where}: each condition needs `column:` and one of {', '.join(CONDITION_TESTS)}")
        return None
    unknown_keys(entry, {"column", *CONDITION_TESTS}, where, problems)
    tests = [test for test in CONDITION_TESTS if test in entry]
    if len(tests) != 1:
        problems.append(f"{where}: give exactly one of {', '.join(CONDITION_TESTS)}")
        return None
    column = normalise_header(str(entry["column"]))
    (test,) = tests
    if test == "present":
        flag = str(entry["present"]).strip().lower()
        if flag not in TRUE_WORDS + FALSE_WORDS:
            problems.append(f"{where}: present must be true or false")
        return Condition(column=column, test=test, present=flag in TRUE_WORDS)
    items = entry[test]
    if not isinstance(items, list) or not items:
        problems.append(f"{where}: `{test}:` must be a non-empty list of values")
        return None
    return Condition(column=column, test=test, values=tuple(str(item).strip().lower() for item in items))


# --- the implicit mapping of a plain folder ----------------------------------------------


def folder_mapping(files: dict[str, str], encoding: str | None, delimiter: str | None) -> Mapping:
    """The mapping a plain load applies: {table: file name}, contract columns by name, extras kept."""
    options = {name: FileOptions(name, encoding, delimiter) for name in files.values()}
    blocks = tuple(Block(table=table, source=name) for table, name in files.items())
    return Mapping(name="folder", files=options, blocks=blocks)


# --- checking a block against its file ---------------------------------------------------


def block_problems(block: Block, columns: tuple[str, ...]) -> list[str]:
    """Columns a block names that its file lacks."""
    where = f"tables: {block.table} ({block.source})"
    problems = []
    available = set(columns)
    for target, value in block.columns.items():
        for column in value.columns:
            if column not in available:
                problems.append(f"{where}: {target} reads column {column!r}, which the file lacks")
    named = [(condition.column, "where") for condition in block.where]
    named += [(column, "keep") for column in block.keep or ()] + [(column, "drop") for column in block.drop]
    for column, key in named:
        if column not in available:
            problems.append(f"{where}: {key} names column {column!r}, which the file lacks")
    if problems:
        problems.append(f"{where}: the file's columns are {', '.join(columns)}")
    return problems


def plan_block(block: Block, columns: tuple[str, ...]) -> BlockPlan:
    """Which value feeds each contract column, and which file columns are kept as extras.

    A contract column the block does not map is read from the file's column of the same name,
    if any. File columns the block does not read are extras unless dropped; `keep` lists the
    extras instead (and may name a column that is also read, to keep its raw text). A file
    column named like a contract column that is mapped from elsewhere is not loaded."""
    contract = raw_tables()[block.table]
    values = dict(block.columns)
    for name in contract:
        if name not in values and name in columns and name not in block.drop:
            values[name] = Value(column=name)
    read = {column for value in values.values() for column in value.columns}
    candidates = [column for column in columns if column not in read]
    shadowed = tuple(column for column in candidates if column in contract and column not in block.drop)
    if block.keep is not None:
        extras = [column for column in columns if column in block.keep and column not in contract]
    else:
        extras = [column for column in candidates if column not in contract and column not in block.drop]
    unmapped = tuple(name for name in contract if name not in values)
    return BlockPlan(values=values, extras=tuple(extras), unmapped=unmapped, shadowed=shadowed)


# --- SQL ------------------------------------------------------------------------------------


def base_sql(value: Value, params: Params) -> str:
    """The value before any value map, format or scale."""
    if value.column is not None:
        return quote_identifier(value.column)
    if value.template:
        pieces = []
        for literal, column in value.template:
            if literal:
                pieces.append(f"cast({params.bind(literal)} as varchar)")
            if column is not None:
                pieces.append(quote_identifier(column))
        return "(" + " || ".join(pieces or ["''"]) + ")"
    return f"cast({params.bind(value.constant)} as varchar)"


def mapped_sql(value: Value, params: Params) -> str:
    """The value after its value map (case-insensitive on the trimmed value; NULL stays NULL)."""
    expression = base_sql(value, params)
    if not value.values:
        return expression
    branches = " ".join(
        f"when {params.bind(key)} then cast({params.bind(replacement)} as varchar)"
        for key, replacement in value.values
    )
    otherwise = expression if value.default is KEEP else f"cast({params.bind(value.default)} as varchar)"
    return (
        f"(case when {expression} is null then null "
        f"else case lower(trim({expression})) {branches} else {otherwise} end end)"
    )


def parsed_timestamp_sql(expression: str, value: Value, params: Params) -> str:
    """The value parsed with the value's formats (NULL when none matches)."""
    return f"try_strptime(trim({expression}), {params.bind(list(value.formats))})"


def iso_sql(parsed: str, value: Value) -> str:
    """ISO-8601 text of a parsed timestamp: date only for date formats, UTC with `Z` for zoned ones."""
    if not any(directive in fmt for fmt in value.formats for directive in TIME_DIRECTIVES):
        return f"strftime({parsed}, '%Y-%m-%d')"
    zoned = any(directive in value.formats[0] for directive in ZONE_DIRECTIVES)
    moment = f"timezone('UTC', {parsed})" if zoned else parsed
    suffix = "Z" if zoned else ""
    return (
        f"(case when epoch_us({moment}) % 1000000 = 0 then strftime({moment}, '{ISO_SECONDS}{suffix}') "
        f"else strftime({moment}, '{ISO_SECONDS}.%f{suffix}') end)"
    )


def scaled_sql(expression: str, value: Value, params: Params) -> str:
    """A plain decimal number times the scale, as text without trailing zeros (NULL otherwise)."""
    product = (
        f"try(try_cast(trim({expression}) as decimal(38, 10)) "
        f"* cast({params.bind(str(value.scale))} as decimal(38, 10)))"
    )
    return f"rtrim(rtrim(cast({product} as varchar), '0'), '.')"


def value_sql(value: Value, params: Params) -> str:
    """The final text of a contract column; a value the format or scale cannot read keeps its text."""
    expression = mapped_sql(value, params)
    if value.formats:
        converted = iso_sql(parsed_timestamp_sql(expression, value, params), value)
        return f"coalesce({converted}, {expression})"
    if value.scale is not None:
        return f"coalesce({scaled_sql(expression, value, params)}, {expression})"
    return expression


def unreadable_sql(value: Value, params: Params) -> str | None:
    """A predicate: the value is there but its format or scale cannot read it (None if neither)."""
    expression = mapped_sql(value, params)
    if value.formats:
        converted = parsed_timestamp_sql(expression, value, params)
    elif value.scale is not None:
        converted = scaled_sql(expression, value, params)
    else:
        return None
    return f"(trim({expression}) <> '' and {converted} is null)"


def condition_sql(condition: Condition, params: Params) -> str:
    """A row filter; comparisons ignore case and surrounding spaces."""
    column = quote_identifier(condition.column)
    if condition.test == "present":
        if condition.present:
            return f"({column} is not null and trim({column}) <> '')"
        return f"({column} is null or trim({column}) = '')"
    listed = ", ".join(params.bind(item) for item in condition.values)
    if condition.test == "in":
        return f"(lower(trim({column})) in ({listed}))"
    return f"({column} is null or lower(trim({column})) not in ({listed}))"


def where_sql(block: Block, params: Params) -> str:
    """The block's filter (`true` without conditions)."""
    return " and ".join(condition_sql(condition, params) for condition in block.where) or "true"


def select_sql(block: Block, plan: BlockPlan, source: str, columns: tuple[str, ...], params: Params) -> str:
    """The block's rows with every column of the staged table, in order (NULL where absent)."""
    items = []
    for column in columns:
        if column in plan.values:
            expression = value_sql(plan.values[column], params)
        elif column in plan.extras:
            expression = quote_identifier(column)
        else:
            expression = "null"
        items.append(f"cast({expression} as varchar) as {quote_identifier(column)}")
    return f"select {', '.join(items)} from {source} where {where_sql(block, params)}"
