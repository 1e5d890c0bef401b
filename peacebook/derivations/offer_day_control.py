"""Russian-controlled area of Ukraine on the day of the offer, and its change over 2024, per tracker.

A small summary of the ``control_area`` table (same raw inputs, same derivation, same
denominator, :data:`peacebook.constants.UKRAINE_AREA_KM2`) for the chapter "The offer":

- ``area_2024_12_19_km2`` and ``share_2024_12_19_pct``: the tracker's value on 19 December 2024,
  the day Putin said he was ready to talk with Trump;
- ``area_2023_12_31_km2`` and ``area_2024_12_31_km2``: the values on the last day of 2023 and 2024;
- ``change_2024_km2``: the net change over 2024 (31 December 2024 minus 31 December 2023).

A value a tracker does not have is left empty: the DeepState archive starts on 8 July 2024,
so it has no value for 31 December 2023 and no change over 2024.
No amendments beyond those of ``control_area``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from peacebook.constants import OFFER_DATE
from peacebook.derivations import control_area

OUTPUT = "offer_day_control"
INPUTS = list(control_area.INPUTS)
OFFER_DAY = OFFER_DATE.strftime("%Y-%m-%d")
YEAR_START = "2023-12-31"
YEAR_END = "2024-12-31"


def _value(by_day: pd.DataFrame, day: str, column: str = "area_km2"):
    return by_day[column].get(day)


def derive(raw_dir: Path) -> pd.DataFrame:
    area = control_area.derive(raw_dir)
    rows = []
    for tracker, group in area.groupby("tracker", sort=True):
        by_day = group.set_index("date")
        start, end = _value(by_day, YEAR_START), _value(by_day, YEAR_END)
        rows.append({
            "tracker": tracker,
            "area_2024_12_19_km2": _value(by_day, OFFER_DAY),
            "share_2024_12_19_pct": _value(by_day, OFFER_DAY, "share_of_ukraine_pct"),
            "area_2023_12_31_km2": start,
            "area_2024_12_31_km2": end,
            "change_2024_km2": round(end - start, 1) if start is not None and end is not None else None,
            "source_id": group["source_id"].iloc[0],
        })
    table = pd.DataFrame(rows)
    return table[["tracker", "area_2024_12_19_km2", "share_2024_12_19_pct", "area_2023_12_31_km2",
                  "area_2024_12_31_km2", "change_2024_km2", "source_id"]]
