"""Russian-controlled area of Ukraine, per tracker, per day.

Three independent trackers, each counted as its producer publishes it (Crimea and the
areas held before 24 February 2022 included in all three):

- The Economist's "area assessed as Russia-controlled" (square metres; converted to km²);
- DeepStateMap's occupied-territory polygons (km², geodesic area of each daily polygon,
  computed when the reference extract was assembled);
- liveuamap's area as computed by the conflict-investigations project (km²).

Share of Ukraine uses one denominator for all three, 603,628 km², the area of Ukraine
within its internationally recognised borders implied by The Economist's own percentage
column (area / percent, constant on every day). Days a tracker has no value are not rows.

Amendment: The Economist's file repeats the row for 2026-04-04 with identical values; the
repeat is removed. A repeated date with different values stops the build instead.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

OUTPUT = "control_area"
INPUTS = ["economist_area_controlled.csv", "deepstate_occupied_area.csv", "liveuamap_territory.csv"]
UKRAINE_AREA_KM2 = 603_628


def derive(raw_dir: Path) -> pd.DataFrame:
    economist = pd.read_csv(raw_dir / "economist_area_controlled.csv")
    economist = pd.DataFrame({
        "date": economist["date"],
        "tracker": "The Economist",
        "area_km2": economist["area_assessed_as_russia_controlled"] / 1e6,
        "source_id": "economist-ukraine-war-data",
    })
    deepstate = pd.read_csv(raw_dir / "deepstate_occupied_area.csv")
    deepstate = pd.DataFrame({
        "date": deepstate["date"],
        "tracker": "DeepState",
        "area_km2": deepstate["area_km2"],
        "source_id": "deepstate-map-archive",
    })
    liveuamap = pd.read_csv(raw_dir / "liveuamap_territory.csv")
    liveuamap = pd.DataFrame({
        "date": liveuamap["date"].str.slice(0, 10),
        "tracker": "liveuamap",
        "area_km2": liveuamap["area"],
        "source_id": "liveuamap-territory-analysis",
    })
    table = pd.concat([economist, deepstate, liveuamap], ignore_index=True).dropna(subset=["area_km2"])
    table = table.drop_duplicates()
    clashes = table[table.duplicated(["date", "tracker"], keep=False)]
    if not clashes.empty:
        raise ValueError(f"conflicting values for the same tracker and day:\n{clashes}")
    table["share_of_ukraine_pct"] = (table["area_km2"] / UKRAINE_AREA_KM2 * 100).round(3)
    table["area_km2"] = table["area_km2"].round(1)
    table = table.sort_values(["date", "tracker"], ignore_index=True)
    return table[["date", "tracker", "area_km2", "share_of_ukraine_pct", "source_id"]]
