"""Facts about the sources, read once per process from ``data/sources.csv``.

:func:`parties` says which sources are a party to the war, or relay a party's figures, and
for which side; :func:`citation_label` names a source as a fact-check desk does:
"Reuters, via The Straits Times" when the page linked is not the publisher's own.
"""

from __future__ import annotations

import functools

from peacebook.data import load


@functools.cache
def table():
    """``sources.csv`` as loaded (validated) once, indexed by ``source_id``."""
    return load("sources").set_index("source_id")


@functools.cache
def parties() -> dict[str, str | None]:
    """``{source_id: "russia" | "ukraine" | None}``: whose claims a source carries."""
    frame = table()
    return {i: (None if p == "none" else p) for i, p in frame["party"].items()}


def citation_label(source_id: str) -> str:
    """"Publisher" or "Publisher, via Host"."""
    row = table().loc[source_id]
    return row["publisher"] if row["host"] == row["publisher"] else f"{row['publisher']}, via {row['host']}"


def citation_shares() -> dict[str, dict[str, int]]:
    """How many citations go to each kind of page, per place they are made.

    A citation is one ``{footcite}`` id in a page (``pages``), or one source id in a row of a
    curated table (``curated``) or of a table derived from a raw extract (``derived``).
    Returns ``{place: {kind: count}}``.
    """
    import json
    import re

    from peacebook.data import REPO_ROOT, load, resource_names
    from peacebook.derivations import derivations

    kinds = table()["kind"].to_dict()
    counts: dict[str, dict[str, int]] = {"pages": {}, "curated": {}, "derived": {}}

    def add(place: str, ids) -> None:
        for source_id in ids:
            kind = kinds[source_id]
            counts[place][kind] = counts[place].get(kind, 0) + 1

    for path in sorted((REPO_ROOT / "book").glob("*")):
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
        elif path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        else:
            continue
        add("pages", [i for group in re.findall(r"\{footcite\}`([^`]+)`", text) for i in group.split(",")])
    derived = {m.OUTPUT for m in derivations()}
    for name in resource_names():
        if name in ("sources", "raw_origins"):
            continue
        frame = load(name)
        place = "derived" if name in derived else "curated"
        for column in frame.columns:
            if column == "source_id":
                add(place, frame[column].dropna())
            elif column == "source_ids" or column.endswith("_source_ids"):
                add(place, [i for cell in frame[column].dropna() for i in cell.split(";") if i])
    return counts


def share_report() -> list[str]:
    """Lines for ``make data``: the share of citations that go to original or syndicated pages."""
    counts = citation_shares()

    def share(places) -> str:
        total = sum(n for p in places for n in counts[p].values())
        good = sum(counts[p].get(k, 0) for p in places for k in ("original", "syndicated"))
        return f"{good / total:.1%} of {total:,}" if total else "none"

    return [f"citations to original or syndicated pages: {share(['pages', 'curated', 'derived'])} (all); "
            f"{share(['pages'])} in pages; {share(['curated'])} in curated tables; {share(['derived'])} in derived tables"]
