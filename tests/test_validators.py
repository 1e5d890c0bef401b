"""One rulebook: the loader owns the rules; frictionless checks the published package, and is never stricter.

``peacebook/data.py`` explains the decision. These tests keep the two validators honest:
every broken fixture frictionless refuses, the loader refuses too, and the fixtures only the
loader refuses are listed here with the rule that refuses them. If frictionless starts or
stops refusing one of them, or the loader stops refusing anything, a test fails.
"""

import json
import shutil
from pathlib import Path

import pytest
from frictionless import Package

from peacebook.data import DataError, load

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = FIXTURES / "broken"

#: Broken fixtures that frictionless 5 accepts and the loader refuses, with the loader's rule.
LOADER_ONLY = {
    "boolean_upper_case": "booleans are true or false in lower case (frictionless also reads True, TRUE, 1)",
    "byte_order_mark": "a byte-order mark is refused (frictionless strips it)",
    "duplicate_key_full_width": "keys are compared after NFKC normalisation",
    "duplicate_key_invisible": "no invisible characters",
    "duplicate_key_look_alike": "keys are compared after folding look-alike letters",
    "empty_table": "a table has at least one row",
    "header_whitespace": "no spaces around column names",
    "integer_overflow": "integers fit in 64 bits (frictionless reads Python's unbounded int)",
    "number_infinite": "numbers are finite",
    "number_leading_plus": "numbers have no leading '+'",
    "number_leading_zero": "numbers have no leading zeros",
    "number_nan": "NaN is refused",
    "number_negative_zero": "no negative zero",
    "number_non_ascii_digits": "digits are ASCII",
    "number_underflow": "a number that would be read as 0 is refused",
    "padded_value": "no spaces around values (frictionless strips them from numbers)",
    "partial_date_not_in_calendar": "partial dates are real calendar dates (the pattern checks only the shape)",
    "source_list_empty_item": "source_ids lists have no empty item (a project convention)",
    "text_bidi_override": "no bidirectional controls",
    "text_control": "no control characters",
    "text_line_break": "no line breaks in any field",
    "text_mixed_script": "no word mixes Latin with Cyrillic, Greek or Armenian letters",
    "text_no_break_space": "no space other than the plain space",
    "text_not_nfc": "text is in Unicode NFC",
    "text_nul": "no NUL",
    "text_tab": "no tabs",
    "text_too_long": "a string without maxLength holds at most 1,000 characters",
    "text_zero_width": "no invisible characters",
    "unique_look_alike": "unique values are compared after folding look-alike punctuation",
    "schemas/minimum_wrong_type": "constraints have the field's type (frictionless converts the string '0')",
    "schemas/name_mismatch": "a descriptor's name is its file name (a project convention)",
    "schemas/not_json": "not JSON (frictionless cannot read it either; it is not compared)",
    "schemas/unknown_property": "unknown properties such as 'primarykey' are refused (frictionless ignores them)",
}


def fixture_cases():
    cases = []
    for path in sorted(BROKEN.glob("*.csv")):
        table = "records" if path.read_bytes().startswith(b"record_id") else "events"
        cases.append((path.stem, table, path, None))
    for path in sorted((BROKEN / "schemas").glob("*.json")):
        cases.append((f"schemas/{path.stem}", "events", None, path))
    return cases


CASES = fixture_cases()


def package_dir(tmp_path, table_csv=None, table="events", descriptor=None) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data)
    if table_csv:
        shutil.copy(table_csv, data / f"{table}.csv")
    if descriptor:
        shutil.copy(descriptor, data / "schemas" / f"{table}.json")
    return data


def frictionless_refuses(data: Path, table: str) -> bool:
    """Whether frictionless, given the table and sources.csv as a data package, finds any problem."""
    try:
        resources = [json.loads((data / "schemas" / f"{name}.json").read_text(encoding="utf-8")) for name in (table, "sources")]
    except ValueError:
        return True
    (data / "datapackage.json").write_text(json.dumps({"name": "fixture", "resources": resources}), encoding="utf-8")
    try:
        return not Package(str(data / "datapackage.json")).validate().valid
    except Exception:  # frictionless raises on many broken descriptors (one a TypeError): it did not accept them
        return True


def loader_refuses(data: Path, table: str) -> bool:
    try:
        load(table, data)
    except DataError:
        return True
    return False


@pytest.mark.parametrize("table", ["events", "records"])
def test_both_accept_the_valid_fixtures(tmp_path, table):
    data = package_dir(tmp_path)
    assert not frictionless_refuses(data, table)
    assert not loader_refuses(data, table)


@pytest.mark.parametrize("case, table, csv_file, descriptor", CASES, ids=[c[0] for c in CASES])
def test_the_loader_refuses_every_broken_fixture_frictionless_refuses_and_the_rest_are_listed(
        tmp_path, case, table, csv_file, descriptor):
    data = package_dir(tmp_path, csv_file, table, descriptor)
    assert loader_refuses(data, table), f"{case}: the loader accepts a broken fixture"
    if case == "schemas/not_json":
        return
    if frictionless_refuses(data, table):
        assert case not in LOADER_ONLY, f"{case}: frictionless refuses it now; remove it from LOADER_ONLY"
    else:
        assert case in LOADER_ONLY, f"{case}: only the loader refuses it; say which rule in LOADER_ONLY"


def test_loader_only_lists_only_fixtures_that_exist():
    assert set(LOADER_ONLY) <= {c[0] for c in CASES}


# ---- the same, over random mutations (Hypothesis)

try:
    import hypothesis
except ImportError:  # pragma: no cover - hypothesis comes with the test requirements
    hypothesis = None

needs_hypothesis = pytest.mark.skipif(hypothesis is None, reason="hypothesis is not installed")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    data = tmp_path_factory.mktemp("validators") / "data"
    shutil.copytree(FIXTURES / "valid", data)
    return data


if hypothesis is not None:
    from hypothesis import HealthCheck, given, settings

    from tests.mutations import broken_descriptors, broken_tables

    FEW = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

    @needs_hypothesis
    @FEW
    @given(case=broken_tables())
    def test_whatever_frictionless_refuses_the_loader_refuses(workspace, case):
        table, raw = case
        (workspace / f"{table}.csv").write_bytes(raw)
        if frictionless_refuses(workspace, table):
            assert loader_refuses(workspace, table), "frictionless refuses this table, the loader accepts it"

    @needs_hypothesis
    @FEW
    @given(case=broken_descriptors())
    def test_a_descriptor_the_loader_accepts_is_one_frictionless_accepts(workspace, case):
        table, text = case
        schema = workspace / "schemas" / f"{table}.json"
        shutil.copy(FIXTURES / "valid" / f"{table}.csv", workspace / f"{table}.csv")
        original = (FIXTURES / "valid" / "schemas" / f"{table}.json").read_text(encoding="utf-8")
        schema.write_text(text, encoding="utf-8")
        try:
            if not loader_refuses(workspace, table):
                assert not frictionless_refuses(workspace, table), "the loader applies a descriptor frictionless refuses"
        finally:
            schema.write_text(original, encoding="utf-8")
