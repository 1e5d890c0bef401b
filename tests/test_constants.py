"""peacebook.constants: each fact and rule lives once, and is read from there."""

import json
import re
from pathlib import Path

import pytest

from peacebook import constants
from peacebook.data import resource

ROOT = Path(__file__).resolve().parent.parent

# The literals that must appear only in peacebook/constants.py (built here so this file does not hold them).
FORBIDDEN = {
    "OFFER_DATE": re.compile(r"(?<![\w-])2024-12-" + r"19(?![\w-])|2024, 12, " + "19"),
    "UKRAINE_AREA_KM2": re.compile("603[_,]?" + "628"),
    "INAUGURATION_DATE": re.compile(r"(?<![\w-])2025-01-" + r"20(?![\w-])"),
}


def code_files():
    for path in sorted(ROOT.glob("peacebook/**/*.py")) + sorted(ROOT.glob("tests/**/*.py")) + sorted(ROOT.glob(".ci/*.py")):
        if path.name != "constants.py":
            yield path, path.read_text(encoding="utf-8")
    for path in sorted(ROOT.glob("book/*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        yield path, "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize("name", FORBIDDEN)
def test_constant_is_written_only_in_the_constants_module(name):
    found = []
    for path, text in code_files():
        for number, line in enumerate(text.splitlines(), start=1):
            if FORBIDDEN[name].search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:90]}")
    assert not found, f"write peacebook.constants.{name} instead of its value:\n" + "\n".join(found)


def test_enum_is_read_from_the_schema():
    fields = {f["name"]: f for f in resource("claims").fields}
    assert list(constants.enum("claims", "verdict")) == fields["verdict"]["constraints"]["enum"]
    with pytest.raises(KeyError, match="has no field 'nope'"):
        constants.enum("claims", "nope")
    with pytest.raises(KeyError, match="no enum constraint"):
        constants.enum("claims", "claim")


def test_share_of_ukraine_uses_the_one_denominator():
    assert constants.share_of_ukraine(constants.UKRAINE_AREA_KM2) == pytest.approx(100)


def test_as_of_dates_come_from_the_data():
    dates = constants.as_of()
    assert dates["record_end"] == dates["timeline"]
    assert dates["latest_observation"] == max(v for k, v in dates.items() if k not in ("sources_checked",))
    assert dates["record_end"] > constants.OFFER_DATE
