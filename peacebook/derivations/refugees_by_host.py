"""Refugees from Ukraine recorded by host country: two snapshots per host.

The ONE Campaign's file of UNHCR's "Refugees from Ukraine recorded in country as of date"
is not a time series: each host has rows only for the months in which ONE recorded an
update, and hosts were updated in different months. Rather than sum or interpolate, this
table keeps, for each host, two observations with their own dates:

- ``to_jan_2023``: the host's last row dated January 2023 or earlier (the first winter of
  the full-scale war);
- ``latest``: the host's last row in the file (December 2024 to April 2025 for most hosts,
  earlier for a few, for example Canada, March 2023).

``data_month`` is the first day of the month of the figure. Do not add the figures up: the
dates differ; UNHCR's own totals are in ``refugee_totals``.

Amendments: the four rows "Russian Federation***" (July to October 2022, up to 2,852,395)
are dropped. They are a second Russian series in ONE's file on a different basis from the
later "Russian Federation" rows; UNHCR attributes the figures for Russia to the Russian
authorities, which ``figure_from_party_to_war`` marks. A host with two figures for the
same month is refused by the raw schema's primary key, naming the line.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from peacebook.data import load_raw

OUTPUT = "refugees_by_host"
INPUTS = ["one_unhcr_refugees_by_host.csv"]
SOURCE_ID = "one-2025-04-18-ukraine-oda-tracker-hcr-data"
FIRST_WINTER_END = "2023-01"
DROPPED = ["Russian Federation***"]
PARTY_TO_WAR_HOSTS = {"RUS"}


def derive(raw_dir: Path) -> pd.DataFrame:
    raw = load_raw(INPUTS[0], raw_dir)  # one row per host and month (the raw schema's primary key)
    raw.columns = ["iso3", "country", "data_date", "refugees"]
    raw = raw[~raw["country"].isin(DROPPED)].copy()
    raw["month"] = raw["data_date"].dt.strftime("%Y-%m")
    raw["refugees"] = raw["refugees"].astype("int64")
    raw = raw.sort_values(["iso3", "month"])
    early = raw[raw["month"] <= FIRST_WINTER_END].groupby("iso3").tail(1).assign(snapshot="to_jan_2023")
    latest = raw.groupby("iso3").tail(1).assign(snapshot="latest")
    table = pd.concat([early, latest], ignore_index=True)
    table = pd.DataFrame({
        "iso3": table["iso3"],
        "country": table["country"],
        "snapshot": table["snapshot"],
        "data_month": table["month"] + "-01",
        "refugees": table["refugees"],
        "figure_from_party_to_war": table["iso3"].isin(PARTY_TO_WAR_HOSTS).map({True: "true", False: "false"}),
        "source_id": SOURCE_ID,
    })
    return table.sort_values(["iso3", "snapshot"], ignore_index=True)
