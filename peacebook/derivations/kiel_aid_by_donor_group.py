"""Bilateral aid allocations to Ukraine by donor group and month, from January 2022 (Kiel Institute).

Input: the Kiel Institute Ukraine Support Tracker, Release 29 (04/2026), data-explorer file,
every month from January 2022 to the release's latest, April 2026 (``kiel_ust_r29_allocations_2022_2026.csv``).
Kiel's values are billion euros at current prices (nominal), allocations dated to the month
they were made; Kiel publishes them month by month, not as running totals.

What the script does:

- groups the 42 donor governments into three groups: the United States; Europe (the EU
  institutions, listed by Kiel as "EU (Commission and Council)", the 27 EU member states,
  the United Kingdom, Norway, Switzerland and Iceland); and Other donors (every other
  government in the file). The grouping is ours, not Kiel's;
- sums military, financial and humanitarian allocations, and Kiel's commitments, per group
  and month;
- accumulates allocations and commitments from January 2022 onwards (the running totals
  are ours).

Amendments to the source data:

- Kiel lists only donor-months with an entry; a month in which no donor of a group has an
  entry is written as zero for that group, so that every group has every month from January 2022 to the latest month in the file;
- none to the values themselves. The build stops (instead of amending), naming the raw
  file, line and column, if a donor-month is repeated, a value is negative or not a number,
  a month lies outside 2022-2026 (all checked by the raw schema), a donor is not in the
  grouping, or military, financial and humanitarian allocations do not add up to Kiel's
  total (tolerance 0.000001).

Values are rounded to six decimals (Kiel's own precision) after summing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from peacebook.data import load_raw, row_error

OUTPUT = "kiel_aid_by_donor_group"
INPUTS = ["kiel_ust_r29_allocations_2022_2026.csv"]
SOURCE_ID = "kiel-ust-release-29"
FIRST_MONTH = "2022-01-01"

EU_MEMBERS = [
    "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czechia", "Denmark", "Estonia",
    "Finland", "France", "Germany", "Greece", "Hungary", "Ireland", "Italy", "Latvia",
    "Lithuania", "Luxembourg", "Malta", "Netherlands", "Poland", "Portugal", "Romania",
    "Slovakia", "Slovenia", "Spain", "Sweden",
]
EUROPE = EU_MEMBERS + ["EU (Commission and Council)", "United Kingdom", "Norway", "Switzerland", "Iceland"]
OTHER = ["Australia", "Canada", "China", "India", "Japan", "New Zealand", "South Korea", "Taiwan", "Turkiye"]
GROUPS = ["United States", "Europe", "Other donors"]
TYPES = ["military", "financial", "humanitarian"]
TOLERANCE = 1e-6


def donor_group(country: str) -> str:
    """The group a donor government belongs to; ``KeyError`` for a donor not in the grouping."""
    if country == "United States":
        return "United States"
    if country in EUROPE:
        return "Europe"
    if country in OTHER:
        return "Other donors"
    raise KeyError(f"donor {country!r} is not in the grouping of {__name__}; add it to EUROPE or OTHER")


def derive(raw_dir: Path) -> pd.DataFrame:
    path = Path(raw_dir) / INPUTS[0]
    raw = load_raw(INPUTS[0], raw_dir)  # one row per donor-month, values >= 0, years 2022-2026 (raw schema)
    for index, country in raw["country"].items():
        try:
            donor_group(country)
        except KeyError as exc:
            raise row_error(path, index, "country", exc.args[0]) from None
    gap = (raw[TYPES].sum(axis=1) - raw["total"]).abs()
    if (gap > TOLERANCE).any():
        index = gap.index[gap > TOLERANCE][0]
        row = raw.loc[index]
        raise row_error(path, index, "total", f"military + financial + humanitarian = {row[TYPES].sum():.6f} "
                                              f"differs from total {row['total']:.6f}")
    raw["donor_group"] = raw["country"].map(donor_group)
    raw["month"] = pd.to_datetime(dict(year=raw["year"].astype(int), month=raw["month"].astype(int), day=1))

    sums = raw.groupby(["donor_group", "month"])[TYPES + ["total", "commitments"]].sum()
    grid = pd.MultiIndex.from_product(
        [GROUPS, pd.date_range(FIRST_MONTH, raw["month"].max(), freq="MS")], names=["donor_group", "month"])
    table = sums.reindex(grid, fill_value=0.0).reset_index()
    table = table.sort_values(["donor_group", "month"], ignore_index=True)
    by_group = table.groupby("donor_group", sort=False)
    table["allocations_cumulative"] = by_group["total"].cumsum()
    table["commitments_cumulative"] = by_group["commitments"].cumsum()

    out = pd.DataFrame({
        "month": table["month"].dt.strftime("%Y-%m-%d"),
        "donor_group": table["donor_group"],
        "military_eur_bn": table["military"],
        "financial_eur_bn": table["financial"],
        "humanitarian_eur_bn": table["humanitarian"],
        "allocations_eur_bn": table["total"],
        "allocations_cumulative_eur_bn": table["allocations_cumulative"],
        "commitments_eur_bn": table["commitments"],
        "commitments_cumulative_eur_bn": table["commitments_cumulative"],
        "source_id": SOURCE_ID,
    })
    numbers = [c for c in out.columns if c.endswith("_eur_bn")]
    out[numbers] = out[numbers].round(6) + 0.0  # + 0.0 turns -0.0 into 0.0
    order = {g: i for i, g in enumerate(GROUPS)}
    out = out.sort_values(["month", "donor_group"], key=lambda s: s.map(order) if s.name == "donor_group" else s,
                          ignore_index=True)
    return out
