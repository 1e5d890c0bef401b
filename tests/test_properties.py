"""Property-based tests: whatever a valid table or descriptor is mutated into, the loader either returns a typed
frame that passes every schema rule, or raises DataError naming the file. Never another exception.

The checks in ``assert_obeys_schema`` restate the rules independently of the loader's code.
"""

import csv
import io
import math
import re
import shutil
import unicodedata
from datetime import date

import pandas as pd
import pytest

hypothesis = pytest.importorskip("hypothesis")
given, settings, event, HealthCheck = hypothesis.given, hypothesis.settings, hypothesis.event, hypothesis.HealthCheck

from peacebook.cells import DEFAULT_MAX_LENGTH  # noqa: E402
from peacebook.data import DataError, load, resource  # noqa: E402
from tests.mutations import VALID, broken_descriptors, broken_tables  # noqa: E402

SETTINGS = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(SETTINGS, max_examples=1000)
BAD_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
DTYPES = {"date": "datetime64[us]", "integer": "Int64", "number": "float64", "boolean": "boolean"}
URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:([A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """One copy of the valid fixtures, rewritten by every example (the loader's cache must notice each change)."""
    target = tmp_path_factory.mktemp("properties") / "data"
    shutil.copytree(VALID, target)
    return target


def load_or_refuse(data_dir, table, file):
    try:
        return load(table, data_dir)
    except DataError as exc:
        assert str(exc).startswith(exc.file) and exc.file.endswith(file), exc
        event("refused: " + re.sub(r"'.*?'|[0-9]+", "_", exc.problem)[:40])
        return None


def _key(value):
    return unicodedata.normalize("NFKC", value) if isinstance(value, str) else value


def _partial_date(text: str) -> bool:
    parts = text.split("-")
    try:
        date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def assert_obeys_schema(frame: pd.DataFrame, data_dir, table: str, raw: bytes) -> None:
    """Every rule of the table's descriptor holds for ``frame``, and ``frame`` holds exactly what ``raw`` says."""
    res = resource(table, data_dir)
    names = [f["name"] for f in res.fields]
    assert list(frame.columns) == names and len(frame) > 0
    cells = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert cells[0] == names and all(len(row) == len(names) for row in cells[1:]) and len(cells) - 1 == len(frame)
    for position, field in enumerate(res.fields):
        name, kind, rules = field["name"], field["type"], field.get("constraints", {})
        column = frame[name]
        if kind in DTYPES:
            assert str(column.dtype) == DTYPES[kind], (name, column.dtype)
        else:
            assert pd.api.types.is_string_dtype(column), (name, column.dtype)
        if rules.get("required") or name in res.primary_key:
            assert column.notna().all(), name
        for value, row in zip(column, cells[1:], strict=True):
            text = row[position]
            if pd.isna(value):
                assert text == "", (name, text)
                continue
            assert text == text.strip() and "\n" not in text and "\r" not in text, (name, text)
            assert all(unicodedata.category(c) not in BAD_CATEGORIES and (c == " " or unicodedata.category(c) != "Zs")
                       for c in text), (name, text)
            assert unicodedata.normalize("NFC", text) == text, (name, text)
            assert text.isascii() or kind == "string", (name, text)
            if "enum" in rules:
                assert (text if kind in ("string", "date") else value) in rules["enum"], (name, text)
            if "pattern" in rules:
                assert re.fullmatch(rules["pattern"], text, re.ASCII), (name, text)
            for bound, sign in (("minimum", 1), ("maximum", -1)):
                if bound in rules:
                    limit = pd.Timestamp(rules[bound]) if kind == "date" else rules[bound]
                    assert sign * (value - limit) >= 0 if kind != "date" else (value >= limit if sign == 1 else value <= limit)
            if kind == "string":
                assert value == text, "strings are returned exactly as written"
                assert len(text) <= rules.get("maxLength", DEFAULT_MAX_LENGTH)
                if field.get("partialDate"):
                    assert _partial_date(text), (name, text)
                if field.get("format") == "uri":
                    assert URI.fullmatch(text), text
            elif kind == "number":
                assert math.isfinite(value) and value == float(text) and not text.startswith("+"), (name, text)
                assert not (value == 0 and text.startswith("-")), "no negative zero"
            elif kind == "integer":
                assert -(2**63) <= value < 2**63 and value == int(text) and str(int(text)) == text, (name, text)
            elif kind == "boolean":
                assert text in ("true", "false") and value == (text == "true")
            elif kind == "date":
                assert value == pd.Timestamp(text) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text)
    keys = [res.primary_key] + [[f["name"]] for f in res.fields if f.get("constraints", {}).get("unique")]
    for key in filter(None, keys):
        seen = [tuple(_key(v) for v in row) for row in frame[key].itertuples(index=False) if not any(pd.isna(v) for v in row)]
        assert len(seen) == len(set(seen)), f"duplicate {key}"
    known = set(load("sources", data_dir)["source_id"])
    if "source_id" in frame:
        assert set(frame["source_id"].dropna()) <= known
    if "source_ids" in frame:
        assert {i for cell in frame["source_ids"].dropna() for i in cell.split(";")} <= known


@MANY
@given(case=broken_tables())
def test_a_mutated_table_loads_obeying_its_schema_or_is_refused(workspace, case):
    table, raw = case
    (workspace / f"{table}.csv").write_bytes(raw)
    frame = load_or_refuse(workspace, table, f"{table}.csv")
    if frame is not None:
        event("loaded")
        assert_obeys_schema(frame, workspace, table, raw)


@SETTINGS
@given(case=broken_descriptors())
def test_a_mutated_descriptor_is_refused_naming_it_or_applied_exactly(workspace, case):
    table, text = case
    schema = workspace / "schemas" / f"{table}.json"
    original = (VALID / "schemas" / f"{table}.json").read_text(encoding="utf-8")
    shutil.copy(VALID / f"{table}.csv", workspace / f"{table}.csv")
    schema.write_text(text, encoding="utf-8")
    try:
        try:
            frame = load(table, workspace)
        except DataError as exc:
            assert exc.file.endswith((f"{table}.json", f"{table}.csv", "sources.json", "sources.csv")), exc
            event("refused")
            return
        event("loaded")
        assert_obeys_schema(frame, workspace, table, (workspace / f"{table}.csv").read_bytes())
    finally:
        schema.write_text(original, encoding="utf-8")
