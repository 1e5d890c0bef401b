"""peacebook.palette: one colour per entity, defined once."""

import json
import re
from pathlib import Path

import pytest

from peacebook import palette

ROOT = Path(__file__).resolve().parent.parent
HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")


@pytest.mark.parametrize("group", ["actor", "tracker", "commodity", "us_party", "verdict"])
def test_entities_of_one_kind_have_distinct_colours(group):
    colours = palette.GROUPS[group]
    assert len(set(colours.values())) == len(colours), f"two {group}s share a colour"


def test_unknown_and_ambiguous_names_are_refused_with_the_known_ones():
    with pytest.raises(KeyError, match="no colour for 'nato'.*'russia'"):
        palette.colour("nato")
    assert palette.colour("DeepState") == palette.ORANGE


def code_texts():
    """Every piece of code in the repository that could pick a colour: package, notebooks, build tools."""
    for path in sorted((ROOT / "peacebook").rglob("*.py")):
        if path.name != "palette.py":
            yield path, path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        yield path, "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    for path in sorted((ROOT / ".ci").glob("*.py")):
        yield path, path.read_text(encoding="utf-8")


def test_colours_come_only_from_the_palette():
    found = [f"{path.relative_to(ROOT)}: {match}" for path, text in code_texts() for match in HEX.findall(text)]
    assert not found, "hex colours outside peacebook/palette.py (use palette.colour or a palette name):\n" + "\n".join(found)
