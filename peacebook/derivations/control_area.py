"""Russian-controlled area of Ukraine, per tracker, per day.

Three independent trackers, each counted as its producer publishes it (Crimea and the
areas held before 24 February 2022 included in all three):

- The Economist's "area assessed as Russia-controlled" (square metres; converted to km²);
- DeepStateMap's occupied-territory polygons (km², geodesic area of each daily polygon,
  computed when the reference extract was assembled);
- liveuamap's area as computed by the conflict-investigations project (km²).

Share of Ukraine uses one denominator for all three, :data:`peacebook.constants.UKRAINE_AREA_KM2`, the area of Ukraine
within its internationally recognised borders implied by The Economist's own percentage
column (area / percent, constant on every day).

Rows left out, on purpose: a day on which a tracker has no value (no row in its file, or
an empty area cell, which its raw schema allows) is not a row. Any other value that is
not a number in range (``n/a``, ``-5``) stops the build with the raw file, line and field.

Amendment: The Economist's file repeats the row for 2026-04-04 with identical values; the
repeat is removed. A repeated date with different values stops the build instead.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from peacebook.constants import share_of_ukraine
from peacebook.data import line_of, load_raw, row_error

OUTPUT = "control_area"
INPUTS = ["economist_area_controlled.csv", "deepstate_occupied_area.csv", "liveuamap_territory.csv"]


def _day(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%Y-%m-%d")


def derive(raw_dir: Path) -> pd.DataFrame:
    economist = load_raw(INPUTS[0], raw_dir)
    repeated = economist[economist.duplicated("date", keep=False)]
    for day, rows in repeated.groupby("date"):
        if len(rows.drop_duplicates()) > 1:
            raise row_error(Path(raw_dir) / INPUTS[0], rows.index[1], "date",
                            f"{day:%Y-%m-%d} is listed twice with different values (first on line {line_of(rows.index[0])})")
    economist = pd.DataFrame({
        "date": _day(economist["date"]),
        "tracker": "The Economist",
        "area_km2": economist["area_assessed_as_russia_controlled"] / 1e6,
        "source_id": "economist-ukraine-war-data",
    })
    deepstate = load_raw(INPUTS[1], raw_dir)
    deepstate = pd.DataFrame({
        "date": _day(deepstate["date"]),
        "tracker": "DeepState",
        "area_km2": deepstate["area_km2"],
        "source_id": "deepstate-map-archive",
    })
    liveuamap = load_raw(INPUTS[2], raw_dir)
    liveuamap = pd.DataFrame({
        "date": _day(liveuamap["date"]),
        "tracker": "liveuamap",
        "area_km2": liveuamap["area"],
        "source_id": "liveuamap-territory-analysis",
    })
    table = pd.concat([economist, deepstate, liveuamap], ignore_index=True).dropna(subset=["area_km2"])
    table = table.drop_duplicates()
    table["share_of_ukraine_pct"] = share_of_ukraine(table["area_km2"]).round(3)
    table["area_km2"] = table["area_km2"].round(1)
    table = table.sort_values(["date", "tracker"], ignore_index=True)
    return table[["date", "tracker", "area_km2", "share_of_ukraine_pct", "source_id"]]
