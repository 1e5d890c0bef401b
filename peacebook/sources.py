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
