"""EU-27 imports of natural gas from Russia as a share of imports from all partners, 2011-2020.

The pre-war baseline, from Eurostat's ``nrg_ti_gas`` ("Imports of natural gas by partner
country"), in terajoules (gross calorific value), reporter "European Union - 27 countries
(from 2020)", product "Natural gas" (pipeline gas and LNG together). ``share_pct`` is
imports from Russia divided by imports from all partners ("Total"), times 100.

This is not the same basis as the European Commission's "share of EU gas imports" quoted
for 2021-2024 (table ``gas_imports_russia_official``), so the book draws the two apart.

No amendments: the extract has no empty value for these rows; an empty value would stop
the derivation.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

OUTPUT = "gas_imports_russia_eurostat"
INPUTS = ["eurostat_nrg_ti_gas_eu27.csv"]
SOURCE_ID = "eurostat-nrg-ti-gas-2022-03-23"


def derive(raw_dir: Path) -> pd.DataFrame:
    raw = pd.read_csv(raw_dir / INPUTS[0])
    raw = raw[(raw["product"] == "Natural gas") & (raw["reporter"] == "European Union - 27 countries (from 2020)")]
    if raw["value"].isna().any():
        raise ValueError(f"{INPUTS[0]}: empty value(s) for years {sorted(raw.loc[raw['value'].isna(), 'year'])}")
    wide = raw.pivot(index="year", columns="partner", values="value")
    table = pd.DataFrame({
        "year": wide.index.astype(int),
        "imports_from_russia_tj": wide["Russia"].round(0).astype(int).to_numpy(),
        "imports_total_tj": wide["Total"].round(0).astype(int).to_numpy(),
        "share_pct": (wide["Russia"] / wide["Total"] * 100).round(2).to_numpy(),
        "source_id": SOURCE_ID,
    })
    return table.sort_values("year", ignore_index=True)
