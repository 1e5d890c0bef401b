"""Hypothesis strategies that break the valid fixture tables and descriptors at random (imported only where hypothesis is)."""

import csv
import io
import json
from pathlib import Path

from hypothesis import strategies as st

VALID = Path(__file__).parent / "fixtures" / "valid"
TABLES = ("events", "records")

#: Values that have broken loaders before, or sit on the edge of a rule.
NASTY = [
    "", " ", "0", "-0", "00", "1.", ".5", "+3", "007", "1e309", "-1e309", "1e-400", "1e20", "100000000000000000000",
    "9223372036854775807", "9223372036854775808", "-9223372036854775809", "nan", "NaN", "inf", "-Infinity", "n/a",
    "\u0663", "\uff13", "TRUE", "True", "true", "false", "yes", "2024-02-29", "2024-02-30", "2023-02-29", "2024-13",
    "2024-00", "0000", "0001-01-01", "9999-12-31", "2024-12-18", "2024-12", "2024", "18/12/2024", "a\x00b", "a\u200bb",
    "\u202eabc", "line\nbreak", "cr\rhere", "tab\there", "\ufeffdate", "Cafe\u0301", "Café", "Ky\u0456v", "10\u00a0000",
    "known-source", "known-source;known-source", "known-source;", ";", "unknown-source", "russia", "ukraine", "belarus",
    "https://example.org/a", "https://example.org/a}b", "https://example.org/100%", "https://example.org/%7D", "ftp:x",
    "x" * 1001, '"', ",", "a,b", "\\", "a01", "\u043001", "\uff4101", "b02", "First record", "Talks \u2013 two",
    "date", "actor", " date", "record_id",
]

cell_values = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(NASTY),
    st.text(max_size=12),
    st.from_regex(r"[+-]?[0-9]{1,22}(\.[0-9]{0,6})?([eE][+-]?[0-9]{1,3})?", fullmatch=True),
)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


NASTY_CHARACTERS = list("\x00\x07\t\n\r\u00a0\u00ad\u0301\u200b\u200d\u202e\u2066\u2028\ufeff\u3164\ue000\u0430\uff41,\";")
characters = st.sampled_from(NASTY_CHARACTERS) | st.sampled_from(NASTY_CHARACTERS) | st.characters()


def values_for(field: dict):
    """Cell texts for ``field``: near misses for its type (most often), valid values, and anything at all."""
    kind = field.get("type", "string")
    if kind == "integer":
        edge = ["+3", "007", "\u0663", "1e3", "3.0", "-0", "nan", "9223372036854775807", "9223372036854775808",
                "-9223372036854775809", "100000000000000000000"]
        typed = st.integers(-(2**66), 2**66).map(str)
    elif kind == "number":
        edge = ["1e309", "-1e309", "1e-400", "1e-300", "nan", "NaN", "inf", "-inf", "+1.5", "01.5", "1.", ".5", "1,000",
                "\u0663", "1e5", "0.0", "-0.0", "1E2", "5e-324"]
        typed = st.floats(allow_nan=True, allow_infinity=True).map(repr) | st.integers(-10**30, 10**30).map(str)
    elif kind == "boolean":
        edge = ["True", "TRUE", "1", "0", "yes", "False"]
        typed = st.sampled_from(["true", "false"])
    elif kind == "date":
        edge = ["2024-02-30", "2023-02-29", "2024-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "2024-1-5",
                "19/12/2024", "2024-12", "2024-12-19T00:00"]
        typed = st.dates().map(lambda d: d.isoformat())
    elif field.get("partialDate"):
        edge = ["2024-13", "2023-02-29", "2024-02-29", "2024-00", "2024-02-30", "24-01", "0000", "2024-12-32"]
        typed = st.dates().flatmap(lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]]))
    elif field.get("format") == "uri":
        edge = ["https://example.org/a}b", "https://example.org/100%", "https://example.org/%7D", "https://x/\\",
                "https://example.org/ a", "example.org", "https://example.org/é"]
        typed = st.text(st.characters(codec="ascii"), max_size=8).map(lambda t: "https://example.org/" + t)
    else:
        edge = [c.join(["Kyiv", "now"]) for c in NASTY_CHARACTERS] + ["Ky\u0456v", "Cafe\u0301", "x" * 1001, " x"]
        typed = st.text(max_size=20) | st.text(st.characters(codec="ascii", categories=["L", "N", "Zs"]), max_size=20)
    return st.one_of(st.sampled_from(edge), st.sampled_from(edge), typed, cell_values)


def _kind(field: dict) -> str:
    return f"{field['type']}/{field.get('format', '')}/{field.get('partialDate', '')}"


@st.composite
def broken_tables(draw):
    """``(table, bytes)``: a valid fixture table after random mutations.

    Most examples change one or two cells only (so that the rest of the table stays valid and
    the rule for that cell decides); the others also reorder, repeat or drop rows, edit the
    header, or insert and delete bytes anywhere.
    """
    table = draw(st.sampled_from(TABLES))
    rows = _rows((VALID / f"{table}.csv").read_text(encoding="utf-8"))
    fields = json.loads((VALID / "schemas" / f"{table}.json").read_text(encoding="utf-8"))["schema"]["fields"]
    for _ in range(draw(st.integers(1, 2))):
        kinds = sorted({_kind(f) for f in fields})  # a kind of field first, so that rare kinds are edited as often
        kind = draw(st.sampled_from(kinds))
        r = draw(st.sampled_from(range(1, len(rows))))
        c = draw(st.sampled_from([i for i, f in enumerate(fields) if _kind(f) == kind]))
        value = draw(values_for(fields[c]))
        if draw(st.booleans()):  # a character slipped into a valid value
            at = draw(st.sampled_from(range(len(rows[r][c]) + 1)))
            value = rows[r][c][:at] + draw(characters) + rows[r][c][at:]
        rows[r][c] = value
    chaos = draw(st.integers(0, 3)) == 0
    for _ in range(draw(st.integers(1, 3)) if chaos else 0):
        operation = draw(st.sampled_from(["header", "duplicate", "swap", "drop"]))
        if operation == "header" and rows and rows[0]:
            rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(cell_values)
        elif operation == "duplicate" and len(rows) > 1:
            rows.insert(draw(st.integers(1, len(rows))), list(rows[draw(st.integers(1, len(rows) - 1))]))
        elif operation == "swap" and len(rows) > 2:
            i, j = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(rows) - 1))
            rows[i], rows[j] = rows[j], rows[i]
        elif operation == "drop" and rows:
            del rows[draw(st.integers(0, len(rows) - 1))]
    text = _text(rows)
    for _ in range(draw(st.integers(0, 2)) if chaos else 0):
        operation = draw(st.sampled_from(["insert", "delete", "bom"]))
        position = draw(st.integers(0, len(text)))
        if operation == "insert":
            text = text[:position] + draw(st.text(characters, min_size=1, max_size=3)) + text[position:]
        elif operation == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 5)):]
        else:
            text = "\ufeff" + text
    return table, text.encode("utf-8", "surrogatepass")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=True) | st.text(max_size=8)
    | st.sampled_from(["string", "integer", "number", "date", "boolean", "uri", "%d/%m/%Y", "[a-z]+", "[", "../x.csv"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def _places(node, trail=()):
    """Every (container, key) in a JSON document, depth first."""
    keys = node.keys() if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
    for key in list(keys):
        yield node, key
        yield from _places(node[key], (*trail, key))


@st.composite
def broken_descriptors(draw):
    """``(table, text)``: a valid fixture descriptor after one to three random edits of its JSON."""
    table = draw(st.sampled_from(TABLES))
    descriptor = json.loads((VALID / "schemas" / f"{table}.json").read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        places = list(_places(descriptor))
        if not places:
            break
        container, key = draw(st.sampled_from(places))
        operation = draw(st.sampled_from(["replace", "replace", "delete", "rename"]))
        if operation == "replace":
            container[key] = draw(json_values)
        elif operation == "delete":
            del container[key]
        elif isinstance(container, dict):
            container[draw(st.text(max_size=10))] = container.pop(key)
    return table, json.dumps(descriptor, ensure_ascii=draw(st.booleans()))
