"""What every chapter notebook uses: the set-up cell, gluing numbers, and naming cells.

A chapter's hidden set-up cell is::

    import peacebook as pb
    pb.setup()

after which ``pb.load``, ``pb.glue``, ``pb.chart``, ``pb.table`` and the rest are at hand
(see :mod:`peacebook`).
"""

from __future__ import annotations

import re
import warnings
from numbers import Number


def setup() -> None:
    """Make a notebook strict and its output deterministic.

    - every warning becomes an error, so a pandas or matplotlib deprecation fails the
      build instead of scrolling past;
    - the book's chart style applies, with SVG output that carries no date and fixed ids,
      so two builds write byte-identical figures.
    """
    warnings.simplefilter("error")
    # ipykernel warns about its own shutdown handler; that is the kernel's business, not ours.
    warnings.filterwarnings("ignore", message="For consistency across implementations", category=PendingDeprecationWarning)
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    from peacebook.charts import use_style

    use_style()
    # Fixed figure sizes (no "tight" cropping): each variant is drawn at the width it is shown.
    set_matplotlib_formats("svg", metadata={"Date": None}, bbox_inches=None)


def glue(**values) -> None:
    """Store values for the page's prose, without showing them: ``glue(area_km2=115195.0)``.

    In Markdown, ``{glue:text}`area_km2:,.0f``` then prints ``115,195``. Numbers become
    plain Python numbers (so format specs work), dates become prose dates
    (``19 December 2024``); text is glued as is (MyST-NB prints glued text literally).
    """
    from myst_nb import glue as myst_glue

    from peacebook.formats import long_date

    for key, value in values.items():
        myst_glue(key, _plain(value, long_date), display=False)


def glue_claim(side: str, **values) -> None:
    """Glue figures that are claims of a party to the war (``side``: ``russia`` or ``ukraine``).

    Each value is glued as :func:`glue` does, with a companion key ``<key>__claim`` naming
    the side; a test on the built book checks that every sentence using such a key says
    whose claim it is.
    """
    from myst_nb import glue as myst_glue

    if side not in ("russia", "ukraine"):
        raise ValueError(f"side must be 'russia' or 'ukraine', not {side!r}")
    glue(**values)
    for key in values:
        myst_glue(key + CLAIM_SUFFIX, side, display=False)


CLAIM_SUFFIX = "__claim"


def _plain(value, long_date):
    import datetime

    if isinstance(value, datetime.date):  # pandas Timestamps are dates too
        return long_date(value)
    if isinstance(value, bool) or not isinstance(value, Number):
        return value
    if hasattr(value, "item"):  # numpy and pandas scalars
        value = value.item()
    return value


READER_TAGS = {"remove-cell", "remove-input", "hide-input"}


def cell_label(path, cell: dict | int) -> str:
    """How every message in this project names a notebook cell.

    ``book/the-offer.ipynb, cell 7a2f1675 ("import pandas as pd")``: the notebook's path,
    the cell's id (stable across edits, unlike its position) and the cell's first non-blank
    line, shortened to 60 characters. ``cell`` is the cell's dict or its index (from 0) in
    the notebook's ``cells``.
    """
    import json
    from pathlib import Path

    path = Path(path)
    if isinstance(cell, int):
        cell = json.loads(path.read_text(encoding="utf-8"))["cells"][cell]
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    if len(first) > 60:
        first = first[:59] + "…"
    shown = path
    if path.is_absolute():
        from peacebook.toc import REPO_ROOT

        shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    return f'{shown}, cell {cell.get("id", "?")} ("{first}")'


def problems(path) -> list[str]:
    """What makes a committed notebook unclean: outputs, execution counts, code shown to readers."""
    import json
    from pathlib import Path

    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    found = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        where = cell_label(path, cell)
        if cell.get("outputs"):
            found.append(f"{where}: has outputs (commit notebooks without outputs: make hooks strips them)")
        if cell.get("execution_count") is not None:
            found.append(f"{where}: has an execution count")
        if not READER_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            found.append(f"{where}: code is shown to readers; tag it remove-input, remove-cell or hide-input")
    return found


def strip(path) -> bool:
    """Remove outputs and execution counts from a notebook in place; True if it changed."""
    import json
    from pathlib import Path

    path = Path(path)
    text = path.read_text(encoding="utf-8")
    notebook = json.loads(text)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    new = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


TEXT_HEADER = re.compile(r"^# %% (markdown|code)(?: id=(\S+))?(?: tags=(\S+))?$")


def to_text(path) -> str:
    """A notebook as plain text to edit in any editor (``python -m peacebook.notebook to-text``).

    Each cell starts with a line ``# %% markdown id=<id>`` or
    ``# %% code id=<id> tags=<tag,tag>``, followed by the cell's source as it is. Cell ids
    stay with their cells, so a round trip changes only what you edited.
    """
    import json
    from pathlib import Path

    parts = []
    for cell in json.loads(Path(path).read_text(encoding="utf-8"))["cells"]:
        header = f"# %% {cell['cell_type']} id={cell['id']}"
        tags = cell.get("metadata", {}).get("tags", [])
        if tags:
            header += " tags=" + ",".join(tags)
        source = cell["source"]
        parts.append(header + "\n" + ("".join(source) if isinstance(source, list) else source))
    return "\n\n".join(parts) + "\n"


def from_text(text: str, path) -> None:
    """Write the cells of ``text`` (the :func:`to_text` form) into the notebook at ``path``.

    A cell header without ``id=`` gets a new id. Metadata other than tags and the
    notebook's own metadata are kept; outputs are dropped (notebooks are committed clean).
    """
    import json
    import uuid
    from pathlib import Path

    path = Path(path)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    old = {c["id"]: c for c in notebook["cells"]}
    cells, current = [], None
    for line in text.splitlines():
        match = TEXT_HEADER.match(line)
        if match:
            kind, cell_id, tags = match.groups()
            cell_id = cell_id or uuid.uuid4().hex[:8]
            metadata = {k: v for k, v in old.get(cell_id, {}).get("metadata", {}).items() if k != "tags"}
            if tags:
                metadata["tags"] = tags.split(",")
            current = {"cell_type": kind, "id": cell_id, "metadata": metadata, "source": []}
            if kind == "code":
                current.update(outputs=[], execution_count=None)
            cells.append(current)
        elif current is None:
            if line.strip():
                raise ValueError(f"{path}: text before the first '# %% markdown' or '# %% code' line: {line[:60]!r}")
        else:
            current["source"].append(line + "\n")
    for cell in cells:
        while cell["source"] and not cell["source"][-1].strip():
            cell["source"].pop()
        if cell["source"]:
            cell["source"][-1] = cell["source"][-1].rstrip("\n")
    ids = [c["id"] for c in cells]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: two cells share an id: {sorted({i for i in ids if ids.count(i) > 1})}")
    notebook["cells"] = cells
    path.write_text(json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """``python -m peacebook.notebook`` ``strip FILES`` | ``to-text NOTEBOOK`` | ``from-text TEXT NOTEBOOK``."""
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="python -m peacebook.notebook", description="Notebook tools for contributors.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("strip", help="remove outputs and execution counts").add_argument("notebooks", nargs="+")
    export = commands.add_parser("to-text", help="print a notebook as editable text (cells keep their ids)")
    export.add_argument("notebook")
    back = commands.add_parser("from-text", help="write edited text back into the notebook")
    back.add_argument("text")
    back.add_argument("notebook")
    import sys

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0].endswith(".ipynb"):  # the pre-commit hook's form: file names only
        argv.insert(0, "strip")
    args = parser.parse_args(argv)
    if args.command == "strip":
        for p in args.notebooks:
            if strip(p):
                print(f"stripped outputs from {p}")
    elif args.command == "to-text":
        print(to_text(args.notebook), end="")
    else:
        from_text(Path(args.text).read_text(encoding="utf-8"), args.notebook)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
