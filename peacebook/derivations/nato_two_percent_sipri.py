"""How many NATO allies spent at least 2% of GDP on the military each year, by SIPRI's data.

Counts, for each year 2014-2024, the countries that were NATO members in that year and
whose SIPRI military expenditure (via Our World in Data) was at least 2.0% of GDP,
unrounded. Countries joining in a year count from that year (see ``milex_share_gdp``).
Iceland has no SIPRI figure and is never counted; ``allies_with_data`` says how many
members each count covers. NATO's own published counts use NATO's definition and are in
the curated table ``nato_two_percent_published``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from peacebook.derivations import milex_share_gdp

OUTPUT = "nato_two_percent_sipri"
INPUTS = milex_share_gdp.INPUTS
THRESHOLD_PCT = 2.0


def derive(raw_dir: Path) -> pd.DataFrame:
    shares = milex_share_gdp.derive(raw_dir)
    members = shares[shares["nato_member"] == "true"]
    table = (members.groupby("year")
             .agg(allies_with_data=("iso3", "size"),
                  allies_at_or_above_2pct=("milex_pct_gdp", lambda s: int((s >= THRESHOLD_PCT).sum())))
             .reset_index())
    table["year"] = table["year"].astype(int)
    table["source_id"] = milex_share_gdp.SOURCE_ID
    return table.sort_values("year", ignore_index=True)
