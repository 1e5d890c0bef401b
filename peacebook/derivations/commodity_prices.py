"""Monthly prices of European gas, Brent crude oil and US wheat, from January 2021 to the workbook's latest month.

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
the average covers. No amendments: values are those of the workbook. No row is left out:
the raw schema requires a price for every month and series, so an empty or malformed cell
stops the build with its line and column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from peacebook.data import load_raw

OUTPUT = "commodity_prices"
INPUTS = ["worldbank_pink_sheet_selected.csv"]
SOURCE_ID = "worldbank-2026-06-02-pink-sheet-monthly"

SERIES = {
    "Natural gas, Europe ($/mmbtu)": ("natural_gas_europe", "USD per MMBtu"),
    "Crude oil, Brent ($/bbl)": ("crude_oil_brent", "USD per barrel"),
    "Wheat, US HRW ($/mt)": ("wheat_us_hrw", "USD per tonne"),
}


def derive(raw_dir: Path) -> pd.DataFrame:
    wide = load_raw(INPUTS[0], raw_dir)  # one row per month (the raw schema's primary key), every price present
    parts = []
    for column, (commodity, unit) in SERIES.items():
        parts.append(pd.DataFrame({
            "month": wide["month"].dt.strftime("%Y-%m-%d"),
            "commodity": commodity,
            "price": wide[column].round(2),
            "unit": unit,
            "price_basis": "nominal",
            "source_id": SOURCE_ID,
        }))
    table = pd.concat(parts, ignore_index=True)
    return table.sort_values(["commodity", "month"], ignore_index=True)
