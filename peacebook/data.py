"""Load the book's tables, validated against their Table Schemas.

Every table in ``data/`` has a resource descriptor in ``data/schemas/<name>.json`` (the
same descriptor that ``make data`` assembles into ``data/datapackage.json``), and every raw
extract in ``data/raw/`` has one in ``data/raw/schemas/<stem>.json``. :func:`load` (tables)
and :func:`load_raw` (raw extracts, for the derivations) read a file, check the descriptor
and every row against it, and return a typed :class:`pandas.DataFrame`. Any problem raises
:class:`DataError`, whose message names the file, the line, the field and the problem.
Nothing is coerced or dropped.

Who owns the rules
------------------
This loader does. It is the one implementation of every validation rule, and everything
reads data through it: the notebooks (:func:`load`), the derivations (:func:`load_raw`),
``make data`` (which also checks each derived table with :func:`check_text` before writing
it) and the tests. The rules live in two places only: the descriptors (what each table
holds) and this package (how a descriptor is applied: :mod:`peacebook.descriptors` checks
descriptors, :mod:`peacebook.cells` reads cells).

Frictionless is kept for one other job: proving that the *published* package,
``data/datapackage.json``, is standard Table Schema that anyone's frictionless validates
(``tests/test_datapackage.py``). It is not a second rulebook. The loader applies every
Table Schema rule the descriptors use, and more: frictionless accepts ``1e309``, ``NaN``,
``+3``, ``007``, non-ASCII digits, ``TRUE``, control and invisible characters, and knows
nothing of look-alike keys or partial dates. ``tests/test_validators.py`` runs both over
every broken fixture and over random mutations: whatever frictionless refuses, the loader
refuses; the fixtures only the loader refuses are listed there with the rule that refuses
them.

Partial dates (``"partialDate": true`` on a string field, for example
``sources.date_published``) are checked by the loader as real calendar years, months or
days; their ``pattern`` states the precisions allowed, so frictionless checks the shape.

Caching
-------
Each table is read, validated and typed once per process; :func:`load` returns a copy.
The cache is keyed on the descriptor's and the table's resolved paths, and checked on every
call against each file's ``stat`` (device, inode, size, modification and change times) and,
for a file changed in the last two seconds, its SHA-256, so a test pointing the loader at
another ``data_dir`` or rewriting a file gets the new contents. A table that refers to
another (``source_id`` to ``sources``) is re-read when either changes.
"""

from __future__ import annotations

import codecs
import copy
import csv
import hashlib
import io
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from peacebook import cells
from peacebook.cells import CellError, comparison_key, describe
from peacebook.descriptors import NAME, RAW_FILE, DescriptorError, check_descriptor

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
SOURCES = "sources"
SOURCE_KEY = "source_id"
SOURCE_LIST = "source_ids"
LIST_SEPARATOR = ";"
#: Row ``i`` of a frame returned by :func:`load` or :func:`load_raw` is on line ``i + FIRST_DATA_LINE``
#: of its file: no field may hold a line break and blank lines are refused, so a row is one line.
FIRST_DATA_LINE = 2
_RACY_NS = 2_000_000_000


class DataError(ValueError):
    """A table does not match its schema. The message names file, line, field and problem."""

    def __init__(self, file: Path | str, problem: str, line: int | None = None, field: str | None = None):
        self.file, self.line, self.field, self.problem = shown_path(file), line, field, problem
        where = self.file
        if line is not None:
            where += f", line {line}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {problem}")


def shown_path(path: Path | str) -> str:
    """A path as messages show it: relative to the repository when inside it."""
    path = Path(path)
    if path.is_absolute() and path.is_relative_to(REPO_ROOT):
        path = path.relative_to(REPO_ROOT)
    return str(path)


def line_of(index) -> int:
    """The line of the file on which the row with index label ``index`` of a loaded frame is."""
    return int(index) + FIRST_DATA_LINE


def row_error(path: Path | str, index, field: str | None, problem: str) -> DataError:
    """A :class:`DataError` about row ``index`` of a frame loaded from ``path`` (for derivations' own checks)."""
    return DataError(path, problem, line_of(index), field)


@dataclass(frozen=True)
class Resource:
    """A table's descriptor: where its CSV is and what its schema says."""

    name: str
    path: Path
    descriptor: dict
    schema_file: Path | None = None
    base: Path | None = None
    raw: bool = False
    fingerprint: tuple | None = field(default=None, compare=False, repr=False)

    @property
    def fields(self) -> list[dict]:
        return self.descriptor["schema"]["fields"]

    @property
    def primary_key(self) -> list[str]:
        key = self.descriptor["schema"].get("primaryKey", [])
        return [key] if isinstance(key, str) else list(key)

    @property
    def foreign_keys(self) -> list[tuple[list[str], str, list[str]]]:
        """``(fields, referenced table, referenced fields)`` for each declared foreign key."""
        listed = lambda value: [value] if isinstance(value, str) else list(value)  # noqa: E731
        return [(listed(k["fields"]), k["reference"]["resource"], listed(k["reference"]["fields"]))
                for k in self.descriptor["schema"].get("foreignKeys", [])]


# ---- descriptors -------------------------------------------------------------------------

def resource(name: str, data_dir: Path = DATA_DIR) -> Resource:
    """Return the checked descriptor of table ``name`` from ``data/schemas/<name>.json``."""
    data_dir = Path(data_dir)
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise DataError(data_dir / "schemas", f"{name!r} is not a table name (lower-case letters, digits and '_')")
    schema_file = data_dir / "schemas" / f"{name}.json"
    if not schema_file.is_file():
        known = ", ".join(resource_names(data_dir)) or "none"
        raise DataError(schema_file, f"no descriptor for a table called '{name}' (known tables: {known})")
    return _descriptor(schema_file, name, data_dir, raw=False)


def raw_resource(file: str, raw_dir: Path = RAW_DIR) -> Resource:
    """Return the checked descriptor of raw extract ``file`` from ``data/raw/schemas/<stem>.json``."""
    raw_dir = Path(raw_dir)
    if not isinstance(file, str) or not RAW_FILE.fullmatch(file):
        raise DataError(raw_dir / str(file), "not a raw extract's name (lower-case letters, digits, '_', then .csv)")
    stem = file.removesuffix(".csv")
    schema_file = raw_dir / "schemas" / f"{stem}.json"
    if not schema_file.is_file():
        raise DataError(raw_dir / file, f"no schema for this raw extract: write {shown_path(schema_file)} "
                                        "(CONTRIBUTING.md, 'Adding a derived table')")
    return _descriptor(schema_file, stem, raw_dir, raw=True)


def resource_names(data_dir: Path = DATA_DIR) -> list[str]:
    """Names of every table that has a descriptor, sorted."""
    return sorted(p.stem for p in (Path(data_dir) / "schemas").glob("*.json"))


_DESCRIPTORS: dict[str, tuple[tuple, Resource]] = {}


def _descriptor(schema_file: Path, name: str, base: Path, raw: bool) -> Resource:
    check_inside(schema_file, base, "descriptor")
    fingerprint = _fingerprint(schema_file)
    cached = _DESCRIPTORS.get(str(schema_file.resolve()))
    if cached and cached[0] == fingerprint:
        res = cached[1]
    else:
        res = _read_descriptor(schema_file, name, base, raw, fingerprint)
        _DESCRIPTORS[str(schema_file.resolve())] = (fingerprint, res)
    return Resource(res.name, res.path, copy.deepcopy(res.descriptor), res.schema_file, res.base, res.raw, res.fingerprint)


def _read_descriptor(schema_file: Path, name: str, base: Path, raw: bool, fingerprint: tuple) -> Resource:
    data = schema_file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(schema_file, f"descriptor is not valid UTF-8 ({exc.reason} at byte {exc.start})",
                        line=data.count(b"\n", 0, exc.start) + 1) from None

    def refuse_constant(word):
        raise ValueError(f"{word} is not valid JSON")

    try:
        descriptor = json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        raise DataError(schema_file, f"descriptor is not valid JSON ({exc.msg} at column {exc.colno})",
                        line=exc.lineno) from None
    except ValueError as exc:
        raise DataError(schema_file, f"descriptor is not valid JSON ({exc})") from None
    except RecursionError:
        raise DataError(schema_file, "descriptor is nested too deeply to be a descriptor") from None
    try:
        check_descriptor(descriptor, name, raw=raw)
    except DescriptorError as exc:
        raise DataError(schema_file, exc.problem, field=exc.field) from None
    return Resource(name, base / descriptor["path"], descriptor, schema_file, base, raw, fingerprint)


def check_inside(path: Path, base: Path, what: str) -> None:
    """Refuse ``path`` unless it resolves inside ``base`` (no symbolic link out of the data folder)."""
    resolved, inside = path.resolve(), Path(base).resolve()
    if not resolved.is_relative_to(inside):
        how = "is a symbolic link to" if any(p.is_symlink() for p in [path, *path.parents]) else "resolves to"
        raise DataError(path, f"the {what} {how} {resolved}, outside {shown_path(base)}/; "
                              f"{what}s must be files inside it (copy the file in instead of linking to it)")


# ---- loading -----------------------------------------------------------------------------

@dataclass
class _Table:
    lines: list[int]
    raw: dict[str, list[str]]
    values: dict[str, list]


@dataclass
class _Cached:
    deps: dict[str, tuple]
    frame: pd.DataFrame


_TABLES: dict[tuple[str, str], _Cached] = {}
_IN_PROGRESS: set[tuple[str, str]] = set()


def load(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Read table ``name``, validate every row, and return it with typed columns.

    Types: ``date`` becomes ``datetime64``, ``integer`` the nullable ``Int64``, ``number``
    ``float64``, ``boolean`` the nullable ``boolean``, ``string`` (partial dates included)
    pandas' ``str``. Empty cells are missing values (refused where the field is required or
    in the primary key). Source references (a ``source_id`` field, or ``source_ids``
    holding several ids joined by ``;``) must exist in ``data/sources.csv``; declared
    foreign keys must resolve.
    """
    data_dir = Path(data_dir)
    return _load(resource(name, data_dir), data_dir)[0].copy()


def load_raw(file: str, raw_dir: Path = RAW_DIR) -> pd.DataFrame:
    """Read raw extract ``file`` of ``raw_dir`` through its schema in ``raw_dir/schemas/``, as :func:`load` does.

    Derivations read raw files only through this function, so a wrong type, an
    out-of-range value or a missing value in a raw extract is refused with its file, line and
    field before anything is derived. Row ``i`` is on line :func:`line_of` ``(i)``.
    """
    return _load(raw_resource(file, Path(raw_dir)), None)[0].copy()


def check_text(name: str, text: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Validate ``text`` as the CSV of table ``name`` (as :func:`load` would read it) without writing it.

    ``make data`` checks every derived table this way before writing anything; a problem is
    reported against the table's file, line and field.
    """
    data_dir = Path(data_dir)
    res = resource(name, data_dir)
    table = _parse(res, text.encode("utf-8"))
    _check_references(res, table, data_dir)
    return _frame(res, table)


def clear_cache() -> None:
    """Forget every table and descriptor read so far (the cache notices changed files by itself)."""
    _DESCRIPTORS.clear()
    _TABLES.clear()


def _load(res: Resource, data_dir: Path | None) -> tuple[pd.DataFrame, dict[str, tuple]]:
    key = (str(res.schema_file.resolve()), str(res.path.resolve()))
    hit = _TABLES.get(key)
    if hit and _fresh(hit.deps):
        return hit.frame, hit.deps
    if key in _IN_PROGRESS:
        raise DataError(res.schema_file, "foreign keys refer back to this table in a cycle")
    check_inside(res.path, res.base, "table")
    if not res.path.is_file():
        raise DataError(res.path, f"file not found (the descriptor {shown_path(res.schema_file)} names it)")
    fingerprint = _fingerprint(res.path)
    table = _parse(res, res.path.read_bytes())
    deps = {str(res.schema_file): res.fingerprint, str(res.path): fingerprint}
    _IN_PROGRESS.add(key)
    try:
        deps |= _check_references(res, table, data_dir)
    finally:
        _IN_PROGRESS.discard(key)
    frame = _frame(res, table)
    _TABLES[key] = _Cached(deps, frame)
    return frame, deps


def _fingerprint(path: Path) -> tuple:
    st = os.stat(path)
    stamp = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < _RACY_NS:
        # Changed so recently that a further change could keep the same stat: compare contents.
        stamp += (hashlib.sha256(Path(path).read_bytes()).hexdigest(),)
    return stamp


def _fresh(deps: dict[str, tuple]) -> bool:
    try:
        return all(_fingerprint(Path(p)) == fp for p, fp in deps.items())
    except OSError:
        return False


def _parse(res: Resource, data: bytes) -> _Table:
    path = res.path
    if data.startswith(codecs.BOM_UTF8):
        raise DataError(path, "the file starts with a byte-order mark (BOM, the bytes EF BB BF), which would hide "
                              "the first column's name; save it as UTF-8 without BOM", line=1)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError(path, "the file starts with a UTF-16 byte-order mark; save it as UTF-8 without BOM", line=1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not valid UTF-8 ({exc.reason} at byte {exc.start}); save the file as UTF-8",
                        line=data.count(b"\n", 0, exc.start) + 1) from None
    expected = [f["name"] for f in res.fields]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise DataError(path, "file is empty (no header row)", line=1)
        _check_header(path, header, expected)
        table = _Table([], {c: [] for c in expected}, {c: [] for c in expected})
        required = set(res.primary_key) | {f["name"] for f in res.fields if f.get("constraints", {}).get("required")}
        previous = reader.line_num
        for record in reader:
            line, previous = previous + 1, reader.line_num
            if not record:
                raise DataError(path, "blank line; remove it (every line after the header is one row)", line=line)
            if len(record) != len(expected):
                raise DataError(path, f"malformed row: expected {len(expected)} fields, found {len(record)}", line=line)
            for spec, raw in zip(res.fields, record, strict=True):
                table.raw[spec["name"]].append(raw)
                table.values[spec["name"]].append(_cell(path, line, spec, raw, spec["name"] in required,
                                                        spec["name"] in res.primary_key))
            table.lines.append(line)
    except csv.Error as exc:
        hint = "; a quote is probably not closed" if "field larger" in str(exc) or "end of data" in str(exc) else ""
        raise DataError(path, f"malformed CSV ({exc}){hint}", line=reader.line_num) from None
    if not table.lines:
        raise DataError(path, "table is empty (a header but no data rows)", line=1)
    _check_unique(res, table)
    return table


def _check_header(path: Path, header: list[str], expected: list[str]) -> None:
    for name in header:
        if name != name.strip():
            raise DataError(path, f"column name {name!r} has leading or trailing spaces", line=1, field=name.strip())
        try:
            cells.check_characters(name)
        except CellError as exc:
            raise DataError(path, f"column name {exc}", line=1, field=name) from None
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing:
        raise DataError(path, f"missing column(s): {', '.join(missing)}", line=1, field=missing[0])
    if extra:
        raise DataError(path, f"unknown column(s) not in the schema: {', '.join(extra)}", line=1, field=extra[0])
    if header != expected:
        repeated = sorted({c for c in header if header.count(c) > 1})
        problem = f"column(s) repeated: {', '.join(repeated)}" if repeated else "columns are in the wrong order"
        raise DataError(path, f"{problem}; expected {expected}", line=1)


def _cell(path: Path, line: int, spec: dict, raw: str, required: bool, in_key: bool):
    if raw == "":
        if required:
            why = " (the field is part of the primary key)" if in_key else ""
            raise DataError(path, f"value is required{why} but the cell is empty", line, spec["name"])
        return None
    try:
        value = cells.parse(spec, raw)
        cells.check_constraints(spec, raw, value)
    except CellError as exc:
        raise DataError(path, str(exc), line, spec["name"]) from None
    return value


def _check_unique(res: Resource, table: _Table) -> None:
    checks = [(res.primary_key, "primary key")] if res.primary_key else []
    checks += [([f["name"]], f"value of the unique field '{f['name']}'") for f in res.fields
               if f.get("constraints", {}).get("unique") and [f["name"]] != res.primary_key]
    for columns, what in checks:
        seen: dict[tuple, int] = {}
        for i, line in enumerate(table.lines):
            values = tuple(table.values[c][i] for c in columns)
            if any(v is None for v in values):
                continue
            key = tuple(comparison_key(v) for v in values)
            if key not in seen:
                seen[key] = i
                continue
            first = seen[key]
            now_raw = [table.raw[c][i] for c in columns]
            first_raw = [table.raw[c][first] for c in columns]
            shown = ", ".join(f"{c}={v!r}" for c, v in zip(columns, now_raw, strict=True))
            if now_raw == first_raw:
                problem = f"duplicate {what} ({shown}); first seen on line {table.lines[first]}"
            else:
                before = ", ".join(f"{c}={v!r}" for c, v in zip(columns, first_raw, strict=True))
                now_text, first_text = "".join(now_raw), "".join(first_raw)
                differing = [ch for ch in now_text if ch not in first_text] + [ch for ch in first_text if ch not in now_text]
                odd = next((ch for ch in differing if not ch.isascii()), differing[0] if differing else now_text[0])
                problem = (f"duplicate {what} ({shown}): it looks the same as ({before}) on line {table.lines[first]} "
                           f"after Unicode normalisation; they differ by a look-alike character, {describe(odd)}")
            raise DataError(res.path, problem, line, columns[0])


def _check_references(res: Resource, table: _Table, data_dir: Path | None) -> dict[str, tuple]:
    if res.raw:
        return {}
    names = [f["name"] for f in res.fields]
    if res.name != SOURCES and SOURCE_KEY not in names and SOURCE_LIST not in names:
        raise DataError(res.path, "the table has no source_id or source_ids column; every row must name its source")
    references = res.foreign_keys
    if SOURCE_KEY in names and res.name != SOURCES and ([SOURCE_KEY], SOURCES, [SOURCE_KEY]) not in references:
        references.append(([SOURCE_KEY], SOURCES, [SOURCE_KEY]))
    # ``source_ids`` and any other ``<something>_source_ids`` column (corroborating sources) are lists of ids.
    for name in names:
        if name == SOURCE_LIST or name.endswith("_" + SOURCE_LIST):
            references.append(([name], SOURCES, [SOURCE_KEY]))
    deps: dict[str, tuple] = {}
    for columns, target, target_columns in references:
        if target == res.name:
            known = set(zip(*(table.values[c] for c in target_columns), strict=True))
            target_file = res.path
        else:
            try:
                target_res = resource(target, data_dir)
            except DataError as exc:
                raise DataError(res.schema_file, f"a foreign key refers to table '{target}', which cannot be read: {exc}",
                                field=columns[0]) from None
            missing = [c for c in target_columns if c not in [f["name"] for f in target_res.fields]]
            if missing:
                raise DataError(res.schema_file, f"a foreign key refers to {target}.{missing[0]}, which is not a field "
                                                 f"of {shown_path(target_res.schema_file)}", field=columns[0])
            frame, target_deps = _load(target_res, data_dir)
            deps |= target_deps
            known = set(frame[target_columns].itertuples(index=False, name=None))
            target_file = target_res.path
        for i, line in enumerate(table.lines):
            if len(columns) == 1 and (columns[0] == SOURCE_LIST or columns[0].endswith("_" + SOURCE_LIST)):
                _check_source_list(res.path, line, table.raw[columns[0]][i], known, target_file, columns[0])
                continue
            value = tuple(table.values[c][i] for c in columns)
            if any(v is None for v in value) or value in known:
                continue
            what = columns[0] if len(columns) == 1 else f"({', '.join(columns)})"
            shown = repr(value[0]) if len(columns) == 1 else repr(value)
            raise DataError(res.path, f"unknown {what} {shown} (not in {shown_path(target_file)})", line, columns[0])
    return deps


def _check_source_list(path: Path, line: int, raw: str, known: set, target_file: Path, field: str = SOURCE_LIST) -> None:
    if raw == "":
        return
    for source_id in raw.split(LIST_SEPARATOR):
        if not source_id:
            raise DataError(path, f"empty source id in the list {raw!r} (ids are joined by a single ';')", line, field)
        if (source_id,) not in known:
            raise DataError(path, f"unknown source_id {source_id!r} (not in {shown_path(target_file)})", line, field)


def _frame(res: Resource, table: _Table) -> pd.DataFrame:
    return pd.DataFrame({f["name"]: _series(f, table.values[f["name"]]) for f in res.fields})


def _series(spec: dict, values: list) -> pd.Series:
    kind = spec.get("type", "string")
    if kind == "date":
        return pd.to_datetime(pd.Series([v.isoformat() if v else None for v in values], dtype="object"), format="%Y-%m-%d")
    if kind == "integer":
        return pd.Series(values, dtype="Int64")
    if kind == "number":
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    if kind == "boolean":
        return pd.Series(values, dtype="boolean")
    return pd.Series(values, dtype="str")
