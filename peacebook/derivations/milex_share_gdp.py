"""Military expenditure as a share of GDP for the 32 NATO members (as of 2024), 2014-2024.

SIPRI Military Expenditure Database figures as published by Our World in Data (per cent of
GDP, unrounded, kept as published). ``nato_member`` says whether the country
was a NATO member in that year, using the year it joined: Montenegro 2017, North Macedonia
2020, Finland 2023, Sweden 2024 (all others before 2014).

SIPRI's definition of military expenditure differs from NATO's definition of defence
expenditure (SIPRI includes, for example, paramilitary forces), and SIPRI's GDP figures
are not NATO's, so these shares do not match NATO's own table.

Amendments: none. Iceland, a NATO member without armed forces, has no SIPRI figures and
so no rows. OWID's country names are kept (for example "Czechia", "Turkey").
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from peacebook.data import load_raw, row_error

OUTPUT = "milex_share_gdp"
INPUTS = ["sipri_owid_milex_share_gdp_nato.csv"]
SOURCE_ID = "sipri-owid-milex-share-gdp"

#: Year each country joined NATO (1949 for the founders).
NATO_ACCESSION = {
    "ALB": 2009, "BEL": 1949, "BGR": 2004, "CAN": 1949, "CZE": 1999, "DEU": 1955, "DNK": 1949,
    "ESP": 1982, "EST": 2004, "FIN": 2023, "FRA": 1949, "GBR": 1949, "GRC": 1952, "HRV": 2009,
    "HUN": 1999, "ISL": 1949, "ITA": 1949, "LTU": 2004, "LUX": 1949, "LVA": 2004, "MKD": 2020,
    "MNE": 2017, "NLD": 1949, "NOR": 1949, "POL": 1999, "PRT": 1949, "ROU": 2004, "SVK": 2004,
    "SVN": 2004, "SWE": 2024, "TUR": 1952, "USA": 1949,
}


def derive(raw_dir: Path) -> pd.DataFrame:
    raw = load_raw(INPUTS[0], raw_dir)  # one row per country-year (the raw schema's primary key)
    raw.columns = ["country", "iso3", "year", "milex_pct_gdp", "region"]
    unknown = sorted(set(raw["iso3"]) - set(NATO_ACCESSION))
    if unknown:
        first = raw.index[raw["iso3"].isin(unknown)][0]
        raise row_error(Path(raw_dir) / INPUTS[0], first, "Code",
                        f"countries that are not NATO members: {unknown} (NATO_ACCESSION in {__name__})")
    table = pd.DataFrame({
        "iso3": raw["iso3"],
        "country": raw["country"],
        "year": raw["year"].astype(int),
        "milex_pct_gdp": raw["milex_pct_gdp"].astype(float),
        "nato_member": (raw["year"].astype(int) >= raw["iso3"].map(NATO_ACCESSION)).map({True: "true", False: "false"}),
        "source_id": SOURCE_ID,
    })
    return table.sort_values(["iso3", "year"], ignore_index=True)
