"""The loader refuses every kind of bad input with a message naming file, line, field and problem."""

import csv
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from peacebook.data import DATA_DIR, DataError, load

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the valid fixture package that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", target)
    return target


def rename_source_field(data_dir, name):
    """Rename the events table's source_id field in its descriptor (and drop its foreign key)."""
    path = data_dir / "schemas" / "events.json"
    descriptor = json.loads(path.read_text())
    descriptor["schema"]["fields"][-1]["name"] = name
    del descriptor["schema"]["foreignKeys"]
    path.write_text(json.dumps(descriptor))


def test_valid_table_loads_with_schema_types(data_dir):
    frame = load("events", data_dir)
    assert frame["date"].dtype.kind == "M"
    assert str(frame["count"].dtype) == "Int64"
    assert frame["share_pct"].tolist() == [12.5, 0.5]
    assert frame["official"].tolist() == [True, False]
    assert pd.isna(frame.loc[1, "count"]), "an empty optional cell is a missing value, not 0"


# (broken fixture, line, field, words the message must contain); each replaces events.csv
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

# The same for the classes found in review, and their relatives (table, fixture, line, field, words).
CLASSES = [
    # numbers: finite, ASCII digits, no sign or zero padding, no placeholders; integers within 64 bits
    ("records", "number_infinite", 3, "amount", "'1e309' is not a finite number"),
    ("records", "number_nan", 3, "amount", "'nan' is not a number: NaN, infinity and placeholders"),
    ("events", "number_placeholder", 2, "share_pct", "'n/a' is not a number: NaN, infinity and placeholders such as n/a "
                                                     "are refused"),
    ("records", "number_underflow", 3, "amount", "'1e-400' is too small for a 64-bit float: it would be read as 0"),
    ("events", "number_non_ascii_digits", 2, "count", "non-ASCII digit, U+0663 ARABIC-INDIC DIGIT THREE"),
    ("events", "number_leading_plus", 2, "count", "'+3' is not an integer: write it without the leading '+'"),
    ("events", "number_leading_zero", 2, "count", "'007' is not an integer: write it without leading zeros"),
    ("events", "number_negative_zero", 2, "count", "'-0' is not an integer: write 0 (no negative zero)"),
    ("records", "integer_overflow", 3, "total", "outside the 64-bit integer range"),
    # booleans: lower case only, never coerced
    ("events", "boolean_upper_case", 2, "official", "'TRUE' is not a boolean (write true or false in lower case)"),
    # dates: real calendar days, also at the precision of a partial date
    ("events", "date_not_in_calendar", 2, "date", "'2024-02-30' is not a date: February 2024 has 29 days"),
    ("records", "partial_date_not_in_calendar", 3, "stated", "'2023-02-29' is not a date: February 2023 has 28 days"),
    ("records", "partial_date_month_13", 3, "stated", "'2024-13' is not a date: there is no month 13"),
    # text: control, NUL, line breaks, invisible and bidirectional characters, odd spaces, NFC, look-alikes, length
    ("records", "text_nul", 3, "note", "contains a NUL character, U+0000 NULL"),
    ("records", "text_control", 3, "note", "contains a control character, U+0007 BELL"),
    ("records", "text_tab", 3, "note", "contains a tab, U+0009"),
    ("records", "text_line_break", 3, "note", "contains a line break (no field may hold one"),
    ("records", "text_zero_width", 3, "note", "contains an invisible character, U+200B ZERO WIDTH SPACE, at character 5"),
    ("records", "text_bidi_override", 3, "note", "bidirectional-text control (it changes the order in which text is displayed), "
                                                  "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("records", "text_no_break_space", 3, "note", "a space other than the plain space, U+00A0 NO-BREAK SPACE"),
    ("records", "text_not_nfc", 3, "note", "is not in Unicode NFC form"),
    ("records", "text_mixed_script", 3, "note", "mixes Latin and Cyrillic letters in the word 'Kyіv'"),
    ("records", "text_too_long", 3, "note", "value is 1,001 characters long, more than the 1,000"),
    # keys: unique enforced, compared after Unicode normalisation
    ("records", "duplicate_key_look_alike", 3, "record_id", "duplicate primary key (record_id='а01'): it looks the same as "
                                                            "(record_id='a01') on line 2 after Unicode normalisation; they "
                                                            "differ by a look-alike character, U+0430 CYRILLIC SMALL LETTER A"),
    ("records", "duplicate_key_full_width", 3, "record_id", "U+FF41 FULLWIDTH LATIN SMALL LETTER A"),
    ("records", "duplicate_key_invisible", 3, "record_id", "invisible character, U+200B ZERO WIDTH SPACE"),
    ("records", "unique_violated", 3, "label", "duplicate value of the unique field 'label' (label='First record'); "
                                               "first seen on line 2"),
    ("records", "unique_look_alike", 4, "label", "differ by a look-alike character, U+2013 EN DASH"),
    # file and header
    ("events", "byte_order_mark", 1, None, "the file starts with a byte-order mark (BOM"),
    ("events", "header_whitespace", 1, "actor", "column name ' actor' has leading or trailing spaces"),
    ("events", "blank_line", 3, None, "blank line"),
    # links and source lists
    ("records", "url_brace", 3, "url", "is not a valid URL: U+007D RIGHT CURLY BRACKET at character 22 is not allowed "
                                       "in a URL; percent-encode it as %7D"),
    ("records", "url_bad_percent", 3, "url", "the '%' at character 24 does not start a %XX escape"),
    ("records", "source_list_empty_item", 3, "source_ids", "empty source id in the list 'known-source;'"),
]

# Broken descriptors (each replaces schemas/events.json): (fixture, line, field, words)
SCHEMA_CASES = [
    ("not_json", 14, None, "descriptor is not valid JSON (Expecting property name"),
    ("nan_constant", None, None, "descriptor is not valid JSON (NaN is not valid JSON)"),
    ("not_an_object", None, None, "the descriptor must be a JSON object, not a list"),
    ("name_mismatch", None, None, "descriptor 'name' is 'event', expected 'events'"),
    ("fields_not_a_list", None, None, "'schema.fields' must be a non-empty list"),
    ("field_unknown_type", None, "count", "type 'int' is not one the loader supports"),
    ("field_without_type", None, "count", "the field has no 'type'"),
    ("minimum_wrong_type", None, "count", "'minimum' '0' is not an integer"),
    ("date_minimum_not_a_date", None, "date", "'minimum' '2024-02-30' is not a date"),
    ("pattern_invalid", None, "actor", "'pattern' '[a-z' is not a regular expression"),
    ("enum_not_a_list", None, "actor", "'enum' must be a non-empty list"),
    ("required_not_boolean", None, "actor", "'required' must be true or false, not 'yes'"),
    ("unknown_property", None, None, "properties the loader does not know (or does not apply): 'primarykey'"),
    ("unsupported_true_values", None, "official", "does not know (or does not apply): 'trueValues'"),
    ("primary_key_unknown_field", None, "country", "'primaryKey' names 'country', which is not a field"),
    ("foreign_key_malformed", None, None, "each 'foreignKeys' entry needs 'fields' and a 'reference' object"),
    ("path_parent", None, None, "'path' '../events.csv' leaves or repeats folders"),
    ("path_absolute", None, None, "'path' '/etc/events.csv' is absolute"),
]


def assert_names(error: DataError, file: str, line, field, words):
    assert error.file.endswith(file), error
    assert error.line == line, error
    assert error.field == field, error
    assert words in str(error), error
    assert str(error).startswith(error.file), "the message starts with the file it is about"


@pytest.mark.parametrize("case, line, field, words", CASES, ids=[c[0] for c in CASES])
def test_broken_input_names_file_line_field_and_problem(data_dir, case, line, field, words):
    shutil.copy(FIXTURES / "broken" / f"{case}.csv", data_dir / "events.csv")
    with pytest.raises(DataError) as caught:
        load("events", data_dir)
    assert_names(caught.value, "events.csv", line, field, words)


@pytest.mark.parametrize("table, case, line, field, words", CLASSES, ids=[c[1] for c in CLASSES])
def test_each_class_of_bad_value_is_refused_by_name(data_dir, table, case, line, field, words):
    shutil.copy(FIXTURES / "broken" / f"{case}.csv", data_dir / f"{table}.csv")
    with pytest.raises(DataError) as caught:
        load(table, data_dir)
    assert_names(caught.value, f"{table}.csv", line, field, words)


@pytest.mark.parametrize("case, line, field, words", SCHEMA_CASES, ids=[c[0] for c in SCHEMA_CASES])
def test_broken_descriptor_is_refused_naming_the_descriptor(data_dir, case, line, field, words):
    shutil.copy(FIXTURES / "broken" / "schemas" / f"{case}.json", data_dir / "schemas" / "events.json")
    with pytest.raises(DataError) as caught:
        load("events", data_dir)
    assert_names(caught.value, "schemas/events.json", line, field, words)


def test_every_broken_fixture_has_a_case():
    cases = {c[0] for c in CASES} | {c[1] for c in CLASSES}
    assert cases == {p.stem for p in (FIXTURES / "broken").glob("*.csv")}
    assert {c[0] for c in SCHEMA_CASES} == {p.stem for p in (FIXTURES / "broken" / "schemas").glob("*.json")}


def test_records_fixture_loads_with_its_types(data_dir):
    frame = load("records", data_dir)
    assert frame["stated"].tolist() == ["2024-12-18", "2024-12", "2024"], "partial dates stay strings"
    assert str(frame["total"].dtype) == "Int64" and frame["total"].iloc[2] == 2**63 - 1
    assert frame["amount"].tolist() == [1.5, -0.25, 7.8e-05]
    assert frame.loc[2, "note"] == "Café in Kyiv; 12 km²"


# ---- paths: tables and descriptors must be files inside the data folder

def test_table_that_is_a_symlink_out_of_the_data_folder_is_refused(data_dir, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    shutil.copy(data_dir / "events.csv", outside)
    (data_dir / "events.csv").unlink()
    (data_dir / "events.csv").symlink_to(outside)
    with pytest.raises(DataError) as caught:
        load("events", data_dir)
    assert_names(caught.value, "events.csv", None, None, f"the table is a symbolic link to {outside}, outside")


def test_descriptor_that_is_a_symlink_out_of_the_data_folder_is_refused(data_dir, tmp_path):
    outside = tmp_path / "events.json"
    shutil.copy(data_dir / "schemas" / "events.json", outside)
    (data_dir / "schemas" / "events.json").unlink()
    (data_dir / "schemas" / "events.json").symlink_to(outside)
    with pytest.raises(DataError) as caught:
        load("events", data_dir)
    assert_names(caught.value, "schemas/events.json", None, None, "the descriptor is a symbolic link to")


def test_symlink_inside_the_data_folder_is_read(data_dir):
    (data_dir / "copies").mkdir()
    shutil.move(data_dir / "events.csv", data_dir / "copies" / "events.csv")
    (data_dir / "events.csv").symlink_to(data_dir / "copies" / "events.csv")
    assert len(load("events", data_dir)) == 2


@pytest.mark.parametrize("name", ["../events", "events/../sources", "/etc/passwd", "Events"])
def test_table_name_cannot_leave_the_schemas_folder(data_dir, name):
    with pytest.raises(DataError, match="is not a table name"):
        load(name, data_dir)


def test_header_with_an_invisible_character_is_refused(data_dir):
    (data_dir / "events.csv").write_text("date,actor\u200b,count,share_pct,official,source_id\n"
                                         "2024-12-18,russia,3,1,true,known-source\n")
    with pytest.raises(DataError) as caught:
        load("events", data_dir)
    assert_names(caught.value, "events.csv", 1, "actor\u200b", "column name 'actor\\u200b' contains an invisible character")


def test_invalid_utf8_names_its_line(data_dir):
    (data_dir / "events.csv").write_bytes(b"date,actor,count,share_pct,official,source_id\n"
                                          b"2024-12-18,russi\xe9,3,1,true,known-source\n")
    with pytest.raises(DataError) as caught:
        load("events", data_dir)
    assert_names(caught.value, "events.csv", 2, None, "not valid UTF-8")


# ---- the cache: read once, but never stale

def test_sources_are_read_once_per_process(monkeypatch):
    from peacebook import data

    data.clear_cache()
    parsed = []
    original = data._parse
    monkeypatch.setattr(data, "_parse", lambda res, raw: parsed.append(res.name) or original(res, raw))
    for name in ("timeline", "claims", "positions", "timeline"):
        load(name)
    assert parsed.count("sources") == 1 and parsed.count("timeline") == 1, parsed


def test_returned_frames_are_copies(data_dir):
    first = load("events", data_dir)
    first.loc[0, "actor"] = "changed"
    assert load("events", data_dir).loc[0, "actor"] == "russia"


def test_a_rewritten_file_is_read_again_even_with_the_same_size_and_time(data_dir):
    path = data_dir / "events.csv"
    assert load("events", data_dir)["count"].tolist()[0] == 3
    stat = path.stat()
    path.write_text(path.read_text().replace(",3,", ",4,"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert load("events", data_dir)["count"].tolist()[0] == 4


def test_a_changed_sources_file_reaches_the_tables_that_cite_it(data_dir):
    assert len(load("events", data_dir)) == 2
    sources = data_dir / "sources.csv"
    sources.write_text(sources.read_text().replace("known-source", "other-source"))
    with pytest.raises(DataError, match="unknown source_id 'known-source'"):
        load("events", data_dir)


def test_another_data_dir_gets_its_own_tables(data_dir, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(data_dir, other)
    (other / "events.csv").write_text((other / "events.csv").read_text().replace("12.5", "99"))
    assert load("events", data_dir)["share_pct"].iloc[0] == 12.5
    assert load("events", other)["share_pct"].iloc[0] == 99


def test_check_text_validates_without_a_file(data_dir):
    from peacebook.data import check_text

    text = (data_dir / "events.csv").read_text()
    assert len(check_text("events", text, data_dir)) == 2
    with pytest.raises(DataError) as caught:
        check_text("events", text.replace("12.5", "-1"), data_dir)
    assert_names(caught.value, "events.csv", 2, "share_pct", "outside the allowed range")


def test_missing_file(data_dir):
    (data_dir / "events.csv").unlink()
    with pytest.raises(DataError, match=r"events\.csv: file not found"):
        load("events", data_dir)


def test_unknown_table_lists_known_ones(data_dir):
    with pytest.raises(DataError, match=r"no descriptor for a table called 'evnts' \(known tables: events, records, sources\)"):
        load("evnts", data_dir)


def test_invalid_latin1_is_reported_as_encoding(data_dir):
    text = (FIXTURES / "valid" / "events.csv").read_text().replace("russia", "russi\xe9")
    (data_dir / "events.csv").write_bytes(text.encode("latin-1"))
    with pytest.raises(DataError, match="not valid UTF-8"):
        load("events", data_dir)


def test_source_ids_lists_check_each_id(data_dir):
    rename_source_field(data_dir, "source_ids")
    (data_dir / "events.csv").write_text(
        "date,actor,count,share_pct,official,source_ids\n2024-12-19,russia,3,12.5,true,known-source;missing-one\n")
    with pytest.raises(DataError, match="unknown source_id 'missing-one'") as caught:
        load("events", data_dir)
    assert caught.value.field == "source_ids"


def test_table_without_source_column_is_refused(data_dir):
    rename_source_field(data_dir, "origin")
    (data_dir / "events.csv").write_text(
        (data_dir / "events.csv").read_text().replace("source_id", "origin"))
    with pytest.raises(DataError, match="no source_id or source_ids column"):
        load("events", data_dir)


# ---- the published descriptors apply the same rules to the book's own tables

@pytest.fixture
def book_data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("raw"))
    return target


def edit_cell(path, line, column, value):
    """Replace the cell of ``column`` on ``line`` of a CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize("table, column, value, words", [
    ("sources", "date_published", "2024-02-30", "'2024-02-30' is not a date: February 2024 has 29 days"),
    ("sources", "date_published", "2024-13", "'2024-13' is not a date: there is no month 13"),
    ("positions", "date_stated", "2023-02-29", "'2023-02-29' is not a date: February 2023 has 28 days"),
    ("sources", "url", "https://example.org/a}b", "percent-encode it as %7D"),
    ("sources", "title", "Putin\u202e says", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("sources", "party", "Russia", "'Russia' is not one of the allowed values"),
    ("control_area", "area_km2", "1e309", "'1e309' is not a finite number"),
    ("civilian_casualties", "value", "100000000000000000000", "outside the 64-bit integer range"),
])
def test_book_tables_refuse_the_reviewed_classes(book_data, table, column, value, words):
    edit_cell(book_data / f"{table}.csv", 3, column, value)
    with pytest.raises(DataError) as caught:
        load(table, book_data)
    assert_names(caught.value, f"{table}.csv", 3, column, words)


def test_a_corroborating_sources_column_is_checked_like_source_ids(book_data):
    edit_cell(book_data / "timeline.csv", 3, "extra_source_ids", "no-such-source")
    with pytest.raises(DataError) as caught:
        load("timeline", book_data)
    assert_names(caught.value, "timeline.csv", 3, "extra_source_ids", "unknown source_id 'no-such-source'")
