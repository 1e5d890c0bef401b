"""Military casualty estimates for the Russia-Ukraine war, as ranges, from 2022 to the latest the repository holds.

Two kinds of rows, both from The Economist's public repository of casualty estimates:

- The Economist's meta-estimate of Russian soldiers killed (``deaths``) and of Russian
  soldiers killed or wounded (``casualties``): the model's central estimate with the
  interval the repository publishes (``ci_lower`` to ``ci_upper``), on the last day of each
  month from February 2022 (28 February, four days into the invasion) to December 2024 and
  on 19 December 2024. The meta-estimate covers
  Russian losses only.
- Every published estimate the model is fitted to, dated up to 31 January 2025, for
  soldiers of either side: intelligence and government estimates, counts of named dead by
  media and volunteers, and claims by the warring parties. The repository flags the claims
  made by a party to the war; those rows carry ``party_to_war_claim = true``.

``low``, ``central`` and ``high`` keep what each estimator published: a single figure is a
central value, an "at least" figure is a low bound only, a range fills low and high.

Amendments to the source data:

- dates written ``DD/MM/YYYY`` (some with one-digit day or month) are rewritten as ISO dates;
- thousands separators inside numbers (``"140,000"``) are removed (the raw schema reads
  ``,`` as a group separator, and only between groups of three digits);
- a ``source_url`` that is not a web address (an e-mail to The Economist) moves to ``note``,
  and so does a remark written in brackets after an address;
- estimators are named as the repository names them (for example ``UK MoD`` and
  ``UK Ministry of Defence`` stay distinct, as they are distinct series there).

Rows left out, on purpose: meta-estimate days other than month ends and 19 December 2024. Every meta-estimate
row must have its estimate and interval (the raw schemas require them), so none is dropped
for a missing value; a value that is not a number stops the build with its line.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from peacebook.constants import OFFER_DATE
from peacebook.data import DataError, line_of, load_raw

OUTPUT = "military_casualty_estimates"
INPUTS = [
    "economist_meta_deaths_russia.csv",
    "economist_meta_casualties_russia.csv",
    "economist_source_estimates.csv",
]
SOURCE_ID = "economist-ukraine-war-data"
META_ESTIMATOR = "The Economist meta-estimate"
EXTRA_META_DAYS = [OFFER_DATE]
#: Estimators that relay a party's figures without being a party, and whose figures they carry.
RELAYS = {"UK MoD": "ukraine", "UK Ministry of Defence": "ukraine", "Lostarmour": "russia"}
COLUMNS = ["estimate_date", "side", "measure", "estimator", "estimator_kind", "low", "central", "high",
           "party_to_war_claim", "claim_of", "original_url", "note", "source_id"]


def _meta(raw_dir: Path) -> pd.DataFrame:
    frames = []
    for measure, file in (("deaths", INPUTS[0]), ("casualties", INPUTS[1])):
        meta = load_raw(file, raw_dir)
        days = meta["date"]
        meta = meta[days.dt.is_month_end | days.isin(EXTRA_META_DAYS)]
        frames.append(pd.DataFrame({
            "estimate_date": meta["date"].dt.strftime("%Y-%m-%d"),
            "side": "russia",
            "measure": measure,
            "estimator": META_ESTIMATOR,
            "estimator_kind": "model meta-estimate",
            "low": meta["ci_lower"],
            "central": meta["estimate"],
            "high": meta["ci_upper"],
            "party_to_war_claim": False,
            "claim_of": "",
            "original_url": "",
            "note": "Interval as published by The Economist (ci_lower to ci_upper).",
            "source_id": SOURCE_ID,
            "_file": file,
            "_line": [line_of(i) for i in meta.index],
        }))
    return pd.concat(frames, ignore_index=True)


def _published(raw_dir: Path) -> pd.DataFrame:
    raw = load_raw(INPUTS[2], raw_dir)
    flag = raw.columns[-1]
    # "https://… (a remark)" keeps the address as the URL and moves the remark to the note.
    parts = raw["source_url"].str.extract(r"^(?P<url>https?://\S+)?\s*(?P<remark>\(.*\))?$")
    urls = parts["url"].fillna("")
    remarks = parts["remark"].fillna("").str.strip("() ")
    claim = raw[flag].eq("yes").fillna(False).astype(bool)
    relayed = raw["source"].map(RELAYS).fillna("")
    own = raw["source"].map(lambda name: "ukraine" if "Ukrain" in name else "russia" if "Russia" in name else "")
    claim_of = own.where(claim, relayed)
    kind = claim.map({True: "claim by a party to the war", False: "published estimate"}).where(
        claim | relayed.eq(""), "relays a party's figures")
    table = pd.DataFrame({
        "estimate_date": raw["date"].dt.strftime("%Y-%m-%d"),
        "side": raw["country"],
        "measure": raw["type"],
        "estimator": raw["source"],
        "estimator_kind": kind,
        "low": raw["estimate_low"],
        "central": raw["estimate"],
        "high": raw["estimate_high"],
        "party_to_war_claim": claim,
        "claim_of": claim_of,
        "original_url": urls,
        "note": remarks,
        "source_id": SOURCE_ID,
        "_file": INPUTS[2],
        "_line": [line_of(i) for i in raw.index],
    })
    unknown = claim & claim_of.eq("")
    if unknown.any():
        index = unknown.index[unknown][0]
        raise DataError(Path(raw_dir) / INPUTS[2], f"a row flagged as a warring party's claim names no side in its "
                                                   f"source {raw.loc[index, 'source']!r}", line_of(index), "source")
    return table


def derive(raw_dir: Path) -> pd.DataFrame:
    table = pd.concat([_meta(raw_dir), _published(raw_dir)], ignore_index=True)
    key = ["estimate_date", "side", "measure", "estimator"]
    clashes = table[table.duplicated(key, keep=False)]
    if not clashes.empty:
        first, second = clashes.iloc[0], clashes.iloc[1]
        raise DataError(Path(raw_dir) / second["_file"],
                        f"two estimates share date, side, measure and estimator "
                        f"({', '.join(f'{c}={second[c]!r}' for c in key)}); the other is on line {first['_line']} "
                        f"of {first['_file']}", second["_line"], "date")
    table = table.sort_values(key, ignore_index=True)
    for column in ("low", "central", "high"):
        table[column] = table[column].round(0).astype("Int64")
    table["party_to_war_claim"] = table["party_to_war_claim"].map({True: "true", False: "false"})
    return table[COLUMNS]
