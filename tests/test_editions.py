"""peacebook.editions: the committed changelog, its agreement with CITATION.cff, and value diffs of tables."""

import datetime as dt

import pytest
import yaml

from peacebook import editions
from peacebook.data import REPO_ROOT


def test_newest_edition_is_the_one_citation_cff_names():
    cff = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    newest = editions.load_log()[0]
    assert (newest["version"], str(newest["date"])) == (cff["version"], str(cff["date-released"])), \
        "book/editions.yml and CITATION.cff disagree on the current edition"


def test_a_log_out_of_order_or_incomplete_is_refused(tmp_path):
    path = tmp_path / "editions.yml"
    entry = {"version": "1", "date": dt.date(2026, 1, 1), "added": [], "corrected": [], "tables": {}}
    path.write_text(yaml.safe_dump([entry, {**entry, "date": dt.date(2026, 2, 1)}]))
    with pytest.raises(ValueError, match="newest first"):
        editions.load_log(path)
    path.write_text(yaml.safe_dump([{"version": "1", "date": dt.date(2026, 1, 1)}]))
    with pytest.raises(ValueError, match="lacks"):
        editions.load_log(path)


def test_table_changes_counts_rows_added_removed_and_changed_by_key(tmp_path, monkeypatch):
    import json
    import shutil

    data = tmp_path / "data"
    (data / "schemas").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "tests" / "fixtures" / "valid" / "schemas" / "sources.json", data / "schemas")
    schema = {"name": "t", "path": "t.csv", "title": "T", "description": "A table.",
              "schema": {"fields": [{"name": "k", "type": "string", "description": "Key."},
                                    {"name": "v", "type": "string", "description": "Value."}], "primaryKey": ["k"]}}
    (data / "schemas" / "t.json").write_text(json.dumps(schema))
    (data / "sources.csv").write_text("x\n")
    (data / "t.csv").write_text("k,v\na,1\nb,2\nd,4\n")
    before = "k,v\na,1\nb,3\nc,3\n"
    monkeypatch.setattr(editions, "_committed_csv", lambda rev, rel: before if rel == "t.csv" else None)
    changes = editions.table_changes("HEAD", data)
    assert changes["t"] == {"added": 1, "removed": 1, "changed": 1, "columns_added": 0, "columns_removed": 0}
