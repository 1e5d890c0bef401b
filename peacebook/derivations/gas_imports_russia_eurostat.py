"""EU-27 imports of natural gas from Russia as a share of imports from all partners, 2011-2020.

The pre-war baseline, from Eurostat's ``nrg_ti_gas`` ("Imports of natural gas by partner
country"), in terajoules (gross calorific value), reporter "European Union - 27 countries
(from 2020)", product "Natural gas" (pipeline gas and LNG together). ``share_pct`` is
imports from Russia divided by imports from all partners ("Total"), times 100.

This is not the same basis as the European Commission's "share of EU gas imports" quoted
for 2021-2024 (table ``gas_imports_russia_official``), so the book draws the two apart.

No amendments. The raw schema allows only this reporter and product and requires every
value, so an empty value stops the build with its line instead of leaving a year out.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from peacebook.data import load_raw, row_error

OUTPUT = "gas_imports_russia_eurostat"
INPUTS = ["eurostat_nrg_ti_gas_eu27.csv"]
SOURCE_ID = "eurostat-nrg-ti-gas-2022-03-23"


def derive(raw_dir: Path) -> pd.DataFrame:
    raw = load_raw(INPUTS[0], raw_dir)
    wide = raw.pivot(index="year", columns="partner", values="value")
    incomplete = wide[wide.isna().any(axis=1)]
    if not incomplete.empty:
        year = incomplete.index[0]
        raise row_error(Path(raw_dir) / INPUTS[0], raw.index[raw["year"] == year][0], "partner",
                        f"{year} has a row for only one of Russia and Total; both are needed for the share")
    table = pd.DataFrame({
        "year": wide.index.astype(int),
        "imports_from_russia_tj": wide["Russia"].round(0).astype(int).to_numpy(),
        "imports_total_tj": wide["Total"].round(0).astype(int).to_numpy(),
        "share_pct": (wide["Russia"] / wide["Total"] * 100).round(2).to_numpy(),
        "source_id": SOURCE_ID,
    })
    return table.sort_values("year", ignore_index=True)
