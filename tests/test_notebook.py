"""peacebook.notebook: clean notebooks, one way to name a cell, a text form to edit, glued values."""

import json

import pandas as pd
import pytest

from peacebook import notebook


def write(tmp_path, cells):
    path = tmp_path / "page.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4,
                                "nbformat_minor": 5}))
    return path


def code(cid, source, tags=("remove-cell",), **extra):
    return {"cell_type": "code", "id": cid, "metadata": {"tags": list(tags)}, "source": source,
            "outputs": [], "execution_count": None, **extra}


def test_cell_label_names_notebook_id_and_first_line(tmp_path):
    path = write(tmp_path, [code("abc123", "\n# Figures glued into the prose.\nx = 1")])
    assert notebook.cell_label(path, 0).endswith('page.ipynb, cell abc123 ("# Figures glued into the prose.")')


def test_unclean_notebook_is_reported_by_cell_and_strip_cleans_it(tmp_path):
    path = write(tmp_path, [code("c1", "1 + 1", tags=(), execution_count=3,
                                 outputs=[{"output_type": "execute_result", "data": {"text/plain": "2"}, "metadata": {},
                                           "execution_count": 3}])])
    found = notebook.problems(path)
    assert len(found) == 3 and all('cell c1 ("1 + 1")' in p for p in found)
    assert notebook.strip(path) is True
    assert notebook.strip(path) is False, "stripping twice changes nothing"


def test_text_round_trip_keeps_ids_tags_and_source(tmp_path):
    path = write(tmp_path, [{"cell_type": "markdown", "id": "m1", "metadata": {}, "source": "# Title\n\nText"},
                            code("c1", "import peacebook as pb\npb.setup()")])
    before = path.read_text()
    text = notebook.to_text(path)
    assert text.startswith("# %% markdown id=m1\n# Title") and "# %% code id=c1 tags=remove-cell\n" in text
    notebook.from_text(text, path)
    joined = [{**c, "source": "".join(c["source"])} for c in json.loads(path.read_text())["cells"]]
    assert joined == json.loads(before)["cells"]


def test_from_text_gives_new_cells_an_id_and_refuses_duplicates(tmp_path):
    path = write(tmp_path, [code("c1", "x = 1")])
    notebook.from_text("# %% code id=c1 tags=remove-cell\nx = 1\n\n# %% markdown\nNew text\n", path)
    cells = json.loads(path.read_text())["cells"]
    assert cells[1]["cell_type"] == "markdown" and len(cells[1]["id"]) == 8
    with pytest.raises(ValueError, match="share an id"):
        notebook.from_text("# %% code id=c1\nx\n# %% code id=c1\ny\n", path)


def test_glue_stores_plain_numbers_and_prose_dates(monkeypatch):
    import numpy as np

    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda name, value, display: glued.__setitem__(name, value))
    notebook.glue(a=np.float64(1.5), b=pd.Timestamp("2024-12-01"), c="text", d=np.int64(3))
    assert glued == {"a": 1.5, "b": "1 December 2024", "c": "text", "d": 3}
    assert type(glued["a"]) is float and type(glued["d"]) is int


def test_glue_claim_records_the_side(monkeypatch):
    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda name, value, display: glued.__setitem__(name, value))
    notebook.glue_claim("ukraine", kursk_peak=1376.0)
    assert glued == {"kursk_peak": 1376.0, "kursk_peak" + notebook.CLAIM_SUFFIX: "ukraine"}
    with pytest.raises(ValueError, match="side must be"):
        notebook.glue_claim("nato", x=1)


def test_glue_writes_plain_dates_as_prose(monkeypatch):
    import datetime

    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda name, value, display: glued.__setitem__(name, value))
    notebook.glue(day=datetime.date(2026, 12, 2))
    assert glued == {"day": "2 December 2026"}
