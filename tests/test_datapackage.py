"""The data package is complete, valid, and exactly what `make data` produces.

Frictionless validates the published package here (its one job); tests/test_validators.py shows it
refuses no broken fixture the loader accepts."""

import re

import pytest
from frictionless import Package

from peacebook import build
from peacebook.data import DATA_DIR, load, resource, resource_names

NAMES = resource_names()
TABLES = [n for n in NAMES if n not in ("sources", "raw_origins")]


def test_frictionless_validates_the_whole_package():
    report = Package(str(DATA_DIR / "datapackage.json")).validate()
    errors = [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors] + \
        [e.message for e in report.errors]
    assert report.valid, "\n".join(errors[:20])


def test_every_csv_in_data_is_described():
    described = {resource(n).descriptor["path"] for n in NAMES}
    on_disk = {str(p.relative_to(DATA_DIR)) for p in DATA_DIR.rglob("*.csv") if p.parent.name != "raw"}
    on_disk.add("raw/origins.csv")
    assert on_disk == described, f"CSV files without a descriptor: {sorted(on_disk - described)}; " \
                                 f"descriptors without a file: {sorted(described - on_disk)}"


@pytest.mark.parametrize("name", NAMES)
def test_table_loads_and_every_field_is_described(name):
    frame = load(name)
    assert len(frame) > 0
    res = resource(name)
    for key in ("title", "description"):
        assert res.descriptor.get(key), f"data/schemas/{name}.json has no {key}"
    undescribed = [f["name"] for f in res.fields if not f.get("description")]
    assert not undescribed, f"data/schemas/{name}.json: fields without a description (say what and in which unit): {undescribed}"
    assert res.primary_key, f"data/schemas/{name}.json declares no primaryKey"


DATE_LIKE_NAME = re.compile(r"(^|_)(date|day|month|as_of|period_start|period_end|fieldwork_start|fieldwork_end)(_|$)")
DATE_LIKE_VALUE = re.compile(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?")


@pytest.mark.parametrize("name", NAMES)
def test_every_date_like_field_is_typed_as_a_date(name):
    """A date is a ``date`` field, or a ``partialDate`` string field checked as a calendar date at its precision."""
    frame = load(name)
    for field in resource(name).fields:
        values = frame[field["name"]].dropna()
        looks_like_dates = field["type"] == "string" and len(values) > 0 and all(map(DATE_LIKE_VALUE.fullmatch, values))
        if DATE_LIKE_NAME.search(field["name"]) or looks_like_dates:
            assert field["type"] == "date" or field.get("partialDate"), \
                f"data/schemas/{name}.json: field '{field['name']}' holds dates: type it date, or give it \"partialDate\": true"
        if field.get("partialDate"):
            assert "pattern" in field.get("constraints", {}), \
                f"data/schemas/{name}.json: partial-date field '{field['name']}' needs a pattern (which precisions it allows)"


@pytest.mark.parametrize("name", TABLES)
def test_every_table_names_its_sources_by_foreign_key_or_list(name):
    fields = [f["name"] for f in resource(name).fields]
    assert "source_id" in fields or "source_ids" in fields
    if "source_id" in fields:
        keys = resource(name).descriptor["schema"].get("foreignKeys", [])
        assert any(k["fields"] in (["source_id"], "source_id") for k in keys), \
            f"data/schemas/{name}.json: add the foreignKey from source_id to sources"


def test_committed_outputs_equal_what_make_data_produces():
    problems = build.check_raw()
    for path, text in build.outputs().items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            problems.append(f"{path.name} differs from `make data` output")
    assert not problems, "\n".join(problems)


def test_every_source_is_cited_somewhere():
    cited = set()
    for name in [*TABLES, "raw_origins"]:
        frame = load(name)
        if "source_id" in frame:
            cited |= set(frame["source_id"])
        for column in [c for c in frame.columns if c == "source_ids" or c.endswith("_source_ids")]:
            cited |= {i for cell in frame[column].dropna() for i in cell.split(";") if i}
    texts = "".join(p.read_text(encoding="utf-8") for p in (DATA_DIR.parent / "book").rglob("*")
                    if p.suffix in (".md", ".ipynb"))
    unused = [s for s in load("sources")["source_id"] if s not in cited and s not in texts]
    assert not unused, f"sources listed in data/sources.csv but cited by no table or page: {unused}"


def test_bibliography_has_one_entry_per_source():
    bib = (DATA_DIR.parent / "book" / "references.bib").read_text(encoding="utf-8")
    ids = list(load("sources")["source_id"])
    assert bib.count("@misc{") == len(ids)
    for source_id in ids:
        assert f"@misc{{{source_id}," in bib


def test_period_spans_every_date_column_and_copes_with_none():
    import pandas as pd

    from peacebook.report import period

    frame = pd.DataFrame({"start": pd.to_datetime(["2024-01-05", None]), "end": pd.to_datetime(["2024-12-18", "2025-02-01"])})
    assert period(frame) == "5 Jan 2024 to 1 Feb 2025"
    assert period(pd.DataFrame({"party": ["russia"]})) == "–"
