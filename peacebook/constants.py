"""The book's constants: every fact or rule that more than one page, derivation or test needs.

Each lives here once; notebooks, derivations and tests import it, and a test
(``tests/test_constants.py``) fails if one of these literals is written anywhere else in
code. Three kinds:

- **Fixed facts** of the story: the day of the offer, the start of the full-scale invasion,
  Trump's inauguration, and the area of Ukraine used as the denominator of every share.
- **Rules read from the schemas**: the allowed values of a field (:func:`enum`), so a list
  of codes is written once, in ``data/schemas/``.
- **Dates computed from the data**: the edition's "as of" dates (:func:`as_of`).
"""

from __future__ import annotations

import functools

import pandas as pd

from peacebook.data import resource

#: The day Putin said he was ready to talk with Trump "any time" (his year-end press
#: conference): the book's baseline. Every time chart marks it.
OFFER_DATE = pd.Timestamp("2024-12-19")

#: The start of Russia's full-scale invasion.
INVASION_DATE = pd.Timestamp("2022-02-24")

#: Trump's second inauguration: the first day of the "what happened next" record.
INAUGURATION_DATE = pd.Timestamp("2025-01-20")

#: Area of Ukraine within its internationally recognised borders (Crimea included), km²:
#: the denominator of every "share of Ukraine". It is the value implied by The Economist's
#: own percentage column (area / percent, the same on every day of its series).
UKRAINE_AREA_KM2 = 603_628
UKRAINE_AREA_SOURCE = "economist-ukraine-war-data"


def share_of_ukraine(area_km2: float) -> float:
    """``area_km2`` as a percentage of Ukraine's area (:data:`UKRAINE_AREA_KM2`)."""
    return area_km2 / UKRAINE_AREA_KM2 * 100


@functools.cache
def enum(table: str, field: str) -> tuple[str, ...]:
    """The allowed values of ``table.field``, as its schema lists them (in schema order).

    >>> enum("claims", "verdict")[:2]
    ('supported', 'needs context')
    """
    for spec in resource(table).fields:
        if spec["name"] == field:
            values = spec.get("constraints", {}).get("enum")
            if values is None:
                raise KeyError(f"data/schemas/{table}.json: field {field!r} has no enum constraint")
            return tuple(values)
    raise KeyError(f"data/schemas/{table}.json has no field {field!r}")


@functools.cache
def as_of() -> dict[str, pd.Timestamp]:
    """The edition's dates, computed from the data package.

    - ``sources_checked``: the latest day a source was read for this book;
    - ``record_end``: the last event in the "what happened next" record (``timeline``);
    - ``latest_observation``: the latest date in any table;
    - ``<table>``: the latest date in each table that has dates.
    """
    from peacebook.data import load, resource_names

    dates: dict[str, pd.Timestamp] = {}
    for name in resource_names():
        if name in ("sources", "raw_origins"):
            continue
        frame = load(name)
        columns = [frame[c].dropna() for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
        if columns and not pd.concat(columns).empty:
            dates[name] = pd.concat(columns).max()
    dates["latest_observation"] = max(dates.values())
    dates["record_end"] = dates["timeline"]
    dates["sources_checked"] = load("sources")["date_accessed"].max()
    return dates
