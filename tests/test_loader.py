"""The loader refuses every kind of bad input with a message naming file, line, field and problem."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from peacebook.data import DataError, load

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the valid fixture package that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", target)
    return target


def test_valid_table_loads_with_schema_types(data_dir):
    frame = load("events", data_dir)
    assert frame["date"].dtype.kind == "M"
    assert str(frame["count"].dtype) == "Int64"
    assert frame["share_pct"].tolist() == [12.5, 0.5]
    assert frame["official"].tolist() == [True, False]
    assert pd.isna(frame.loc[1, "count"]), "an empty optional cell is a missing value, not 0"


# (broken fixture, line, field, words the message must contain)
CASES = [
    ("malformed_quote", 3, None, "malformed"),
    ("wrong_field_count", 3, None, "expected 6 fields, found 5"),
    ("missing_column", 1, "share_pct", "missing column"),
    ("extra_column", 1, "comment", "unknown column"),
    ("wrong_type_integer", 2, "count", "'three' is not an integer"),
    ("wrong_type_date", 2, "date", "not a date"),
    ("wrong_type_boolean", 2, "official", "not a boolean"),
    ("out_of_range", 2, "share_pct", "outside the allowed range"),
    ("not_in_enum", 2, "actor", "not one of the allowed values"),
    ("required_empty", 2, "share_pct", "required"),
    ("duplicate_key", 4, "date", "duplicate primary key"),
    ("unknown_source", 2, "source_id", "unknown source_id 'unknown-source'"),
    ("empty_table", 1, None, "empty"),
    ("padded_value", 2, "count", "leading or trailing spaces"),
]


@pytest.mark.parametrize("case, line, field, words", CASES, ids=[c[0] for c in CASES])
def test_broken_input_names_file_line_field_and_problem(data_dir, case, line, field, words):
    shutil.copy(FIXTURES / "broken" / f"{case}.csv", data_dir / "events.csv")
    with pytest.raises(DataError) as caught:
        load("events", data_dir)
    error = caught.value
    assert error.file.endswith("events.csv"), error
    assert error.line == line, error
    assert error.field == field, error
    assert words in str(error), error
    assert str(error).startswith(error.file), "the message starts with the file it is about"


def test_missing_file(data_dir):
    (data_dir / "events.csv").unlink()
    with pytest.raises(DataError, match=r"events\.csv: file not found"):
        load("events", data_dir)


def test_unknown_table_lists_known_ones(data_dir):
    with pytest.raises(DataError, match=r"no descriptor for a table called 'evnts' \(known tables: events, sources\)"):
        load("evnts", data_dir)


def test_invalid_latin1_is_reported_as_encoding(data_dir):
    text = (FIXTURES / "valid" / "events.csv").read_text().replace("russia", "russi\xe9")
    (data_dir / "events.csv").write_bytes(text.encode("latin-1"))
    with pytest.raises(DataError, match="not valid UTF-8"):
        load("events", data_dir)


def test_source_ids_lists_check_each_id(data_dir):
    schema = (data_dir / "schemas" / "events.json").read_text().replace('"name": "source_id"', '"name": "source_ids"')
    (data_dir / "schemas" / "events.json").write_text(schema)
    (data_dir / "events.csv").write_text(
        "date,actor,count,share_pct,official,source_ids\n2024-12-19,russia,3,12.5,true,known-source;missing-one\n")
    with pytest.raises(DataError, match="unknown source_id 'missing-one'") as caught:
        load("events", data_dir)
    assert caught.value.field == "source_ids"


def test_table_without_source_column_is_refused(data_dir):
    (data_dir / "schemas" / "events.json").write_text(
        (data_dir / "schemas" / "events.json").read_text().replace('"name": "source_id"', '"name": "origin"'))
    (data_dir / "events.csv").write_text(
        (data_dir / "events.csv").read_text().replace("source_id", "origin"))
    with pytest.raises(DataError, match="no source_id or source_ids column"):
        load("events", data_dir)
