"""Load the book's tables, validated against their Table Schemas.

Every table in ``data/`` has a resource descriptor in ``data/schemas/<name>.json``
(the same descriptor that ``make data`` assembles into ``data/datapackage.json``).
:func:`load` reads a table, checks every row against that descriptor and returns a
typed :class:`pandas.DataFrame`. Any problem raises :class:`DataError`, whose message
names the file, the line, the field and the problem. Nothing is coerced or dropped.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
SOURCES = "sources"
LIST_SEPARATOR = ";"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_BOOLEAN = {"true": True, "false": False}


class DataError(ValueError):
    """A table does not match its schema. The message names file, line, field and problem."""

    def __init__(self, file: Path | str, problem: str, line: int | None = None, field: str | None = None):
        file = Path(file)
        if file.is_absolute() and file.is_relative_to(REPO_ROOT):
            file = file.relative_to(REPO_ROOT)
        self.file, self.line, self.field, self.problem = str(file), line, field, problem
        where = self.file
        if line is not None:
            where += f", line {line}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Resource:
    """A table's descriptor: where its CSV is and what its schema says."""

    name: str
    path: Path
    descriptor: dict

    @property
    def fields(self) -> list[dict]:
        return self.descriptor["schema"]["fields"]

    @property
    def primary_key(self) -> list[str]:
        key = self.descriptor["schema"].get("primaryKey", [])
        return [key] if isinstance(key, str) else list(key)


def resource(name: str, data_dir: Path = DATA_DIR) -> Resource:
    """Return the descriptor of table ``name`` from ``data/schemas/<name>.json``."""
    schema_file = Path(data_dir) / "schemas" / f"{name}.json"
    if not schema_file.is_file():
        known = ", ".join(resource_names(data_dir)) or "none"
        raise DataError(schema_file, f"no descriptor for a table called '{name}' (known tables: {known})")
    try:
        descriptor = json.loads(schema_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(schema_file, f"descriptor is not valid JSON ({exc})", line=exc.lineno) from None
    if descriptor.get("name") != name:
        raise DataError(schema_file, f"descriptor 'name' is {descriptor.get('name')!r}, expected {name!r}")
    return Resource(name, Path(data_dir) / descriptor["path"], descriptor)


def resource_names(data_dir: Path = DATA_DIR) -> list[str]:
    """Names of every table that has a descriptor, sorted."""
    return sorted(p.stem for p in (Path(data_dir) / "schemas").glob("*.json"))


def load(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Read table ``name``, validate every row, and return it with typed columns.

    Types: ``date`` becomes ``datetime64``, ``integer`` the nullable ``Int64``, ``number``
    ``float64``, ``boolean`` the nullable ``boolean``, ``string`` pandas' ``str``.
    Empty cells are missing values (and are refused where the field is required).
    Source references (a ``source_id`` field, or ``source_ids`` holding several ids joined
    by ``;``) must exist in ``data/sources.csv``.
    """
    res = resource(name, data_dir)
    rows = _read_rows(res)
    columns = {f["name"]: [_parse(res.path, line, f, raw) for line, raw in zip(rows["lines"], rows[f["name"]])]
               for f in res.fields}
    _check_unique(res, rows)
    if name != SOURCES:
        _check_sources(res, rows, data_dir)
    frame = pd.DataFrame({f["name"]: _series(f, columns[f["name"]]) for f in res.fields})
    return frame


def _read_rows(res: Resource) -> dict[str, list]:
    if not res.path.is_file():
        raise DataError(res.path, "file not found (the descriptor in data/schemas/ names it)")
    expected = [f["name"] for f in res.fields]
    try:
        with res.path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            try:
                header = next(reader)
            except StopIteration:
                raise DataError(res.path, "file is empty (no header row)", line=1) from None
            missing = [c for c in expected if c not in header]
            extra = [c for c in header if c not in expected]
            if missing:
                raise DataError(res.path, f"missing column(s): {', '.join(missing)}", line=1, field=missing[0])
            if extra:
                raise DataError(res.path, f"unknown column(s) not in the schema: {', '.join(extra)}", line=1, field=extra[0])
            if header != expected:
                raise DataError(res.path, f"columns are in the wrong order or repeated; expected {expected}", line=1)
            out: dict[str, list] = {c: [] for c in expected}
            out["lines"] = []
            for record in reader:
                line = reader.line_num
                if len(record) != len(expected):
                    raise DataError(res.path, f"malformed row: expected {len(expected)} fields, found {len(record)}", line=line)
                for column, value in zip(expected, record):
                    out[column].append(value)
                out["lines"].append(line)
    except UnicodeDecodeError as exc:
        raise DataError(res.path, f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    except csv.Error as exc:
        raise DataError(res.path, f"malformed CSV ({exc})", line=reader.line_num) from None
    if not out["lines"]:
        raise DataError(res.path, "table is empty (a header but no data rows)", line=1)
    return out


def _parse(path: Path, line: int, field: dict, raw: str):
    name, kind = field["name"], field.get("type", "string")
    constraints = field.get("constraints", {})
    if raw == "":
        if constraints.get("required"):
            raise DataError(path, "value is required but the cell is empty", line, name)
        return None
    if raw != raw.strip():
        raise DataError(path, f"value {raw!r} has leading or trailing spaces", line, name)
    if kind == "string":
        value = raw
    elif kind == "integer":
        if not _INTEGER.match(raw):
            raise DataError(path, f"{raw!r} is not an integer", line, name)
        value = int(raw)
    elif kind == "number":
        if not _NUMBER.match(raw):
            raise DataError(path, f"{raw!r} is not a number", line, name)
        value = float(raw)
    elif kind == "date":
        try:
            if not _DATE.match(raw):
                raise ValueError
            value = date.fromisoformat(raw)
        except ValueError:
            raise DataError(path, f"{raw!r} is not a date in the form YYYY-MM-DD", line, name) from None
    elif kind == "boolean":
        if raw not in _BOOLEAN:
            raise DataError(path, f"{raw!r} is not a boolean (write true or false)", line, name)
        value = _BOOLEAN[raw]
    else:
        raise DataError(path, f"the schema gives type '{kind}', which the loader does not support", line, name)
    _check_constraints(path, line, name, constraints, raw, value)
    return value


def _check_constraints(path, line, name, constraints, raw, value):
    if "enum" in constraints and raw not in [str(v) for v in constraints["enum"]]:
        raise DataError(path, f"{raw!r} is not one of the allowed values {constraints['enum']}", line, name)
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], raw):
        raise DataError(path, f"{raw!r} does not match the pattern {constraints['pattern']!r}", line, name)
    for bound, ok in (("minimum", lambda v, b: v >= b), ("maximum", lambda v, b: v <= b)):
        if bound in constraints:
            limit = constraints[bound]
            if isinstance(value, date):
                limit = date.fromisoformat(limit)
            if not ok(value, limit):
                raise DataError(path, f"{raw!r} is outside the allowed range ({bound} {constraints[bound]})", line, name)
    if "maxLength" in constraints and len(raw) > constraints["maxLength"]:
        raise DataError(path, f"value is {len(raw)} characters long, more than maxLength {constraints['maxLength']}", line, name)


def _check_unique(res: Resource, rows: dict) -> None:
    key = res.primary_key
    if not key:
        return
    seen: dict[tuple, int] = {}
    for i, line in enumerate(rows["lines"]):
        value = tuple(rows[c][i] for c in key)
        if value in seen:
            shown = ", ".join(f"{c}={v!r}" for c, v in zip(key, value))
            raise DataError(res.path, f"duplicate primary key ({shown}); first seen on line {seen[value]}", line, key[0])
        seen[value] = line


def _check_sources(res: Resource, rows: dict, data_dir: Path) -> None:
    fields = [f["name"] for f in res.fields if f["name"] in ("source_id", "source_ids")]
    if not fields:
        raise DataError(res.path, "the table has no source_id or source_ids column; every row must name its source")
    known = set(load(SOURCES, data_dir)["source_id"])
    for column in fields:
        for line, raw in zip(rows["lines"], rows[column]):
            ids = raw.split(LIST_SEPARATOR) if column == "source_ids" else [raw]
            for source_id in ids:
                if source_id not in known:
                    raise DataError(res.path, f"unknown source_id {source_id!r} (not in data/sources.csv)", line, column)


def _series(field: dict, values: list) -> pd.Series:
    kind = field.get("type", "string")
    if kind == "date":
        return pd.to_datetime(pd.Series([v.isoformat() if v else None for v in values], dtype="object"), format="%Y-%m-%d")
    if kind == "integer":
        return pd.Series(values, dtype="Int64")
    if kind == "number":
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    if kind == "boolean":
        return pd.Series(values, dtype="boolean")
    return pd.Series(values, dtype="str")
