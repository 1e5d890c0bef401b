"""Monthly prices of European gas, Brent crude oil and US wheat, 2021 to mid-2025.

Three series of the World Bank's Commodity Price Data (the "Pink Sheet"), monthly
averages in nominal US dollars, in the units the World Bank publishes:

- ``natural_gas_europe``: "Natural gas, Europe", US dollars per million British thermal
  units (USD/MMBtu). Since April 2015 the World Bank takes the Netherlands Title Transfer
  Facility (TTF) price. News reports quote TTF in euros per megawatt-hour; this series is
  not converted.
- ``crude_oil_brent``: "Crude oil, Brent", US dollars per barrel.
- ``wheat_us_hrw``: "Wheat, US HRW" (no. 2 hard red winter, US Gulf export price), US
  dollars per tonne. It is a world benchmark, not a Black Sea price.

The table is long: one row per month and commodity; ``month`` is the first day of the month
the average covers. No amendments: values are those of the workbook.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

OUTPUT = "commodity_prices"
INPUTS = ["worldbank_pink_sheet_selected.csv"]
SOURCE_ID = "worldbank-2026-06-02-pink-sheet-monthly"

SERIES = {
    "Natural gas, Europe ($/mmbtu)": ("natural_gas_europe", "USD per MMBtu"),
    "Crude oil, Brent ($/bbl)": ("crude_oil_brent", "USD per barrel"),
    "Wheat, US HRW ($/mt)": ("wheat_us_hrw", "USD per tonne"),
}


def derive(raw_dir: Path) -> pd.DataFrame:
    wide = pd.read_csv(raw_dir / INPUTS[0], dtype={"month": str})
    missing = [column for column in SERIES if column not in wide.columns]
    if missing:
        raise ValueError(f"{INPUTS[0]}: missing column(s) {missing}")
    if wide["month"].duplicated().any():
        raise ValueError(f"{INPUTS[0]}: a month appears twice: {sorted(wide.loc[wide['month'].duplicated(), 'month'])}")
    parts = []
    for column, (commodity, unit) in SERIES.items():
        parts.append(pd.DataFrame({
            "month": wide["month"] + "-01",
            "commodity": commodity,
            "price": wide[column].astype(float).round(2),
            "unit": unit,
            "price_basis": "nominal",
            "source_id": SOURCE_ID,
        }))
    table = pd.concat(parts, ignore_index=True).dropna(subset=["price"])
    return table.sort_values(["commodity", "month"], ignore_index=True)
