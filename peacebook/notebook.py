"""What every chapter notebook runs first, in its hidden set-up cell."""

from __future__ import annotations

import warnings


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
    set_matplotlib_formats("svg", metadata={"Date": None}, bbox_inches="tight")


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


if __name__ == "__main__":
    import sys

    changed = [p for p in sys.argv[1:] if strip(p)]
    for p in changed:
        print(f"stripped outputs from {p}")
