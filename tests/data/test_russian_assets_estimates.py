"""Estimates of immobilised Russian assets (data/russian_assets_estimates.csv): rules its schema cannot express.

A range has its low end first, and the ``party_claim`` flag must agree with the source: an
estimate is a party's claim exactly when its source is a party to the war or relays one.
"""

import pandas as pd

from peacebook import load
from peacebook.sources import parties


def problems(assets: pd.DataFrame) -> list[str]:
    found = [f"{r.estimate}: low {r.low} is above high {r.high}" for r in assets.itertuples() if r.low > r.high]
    found += [f"{r.estimate}: party_claim is {r.party_claim} but its source's party is {parties()[r.source_id]}"
              for r in assets.itertuples() if bool(r.party_claim) != (parties()[r.source_id] is not None)]
    return found


def test_ranges_are_ordered_and_party_claims_flagged():
    assert not problems(load("russian_assets_estimates"))


def test_the_check_catches_an_unflagged_claim_and_a_reversed_range():
    assets = load("russian_assets_estimates")
    assets.loc[assets["estimate"] == "bank_of_russia", "party_claim"] = False
    assets.loc[0, ["low", "high"]] = [300.0, 200.0]
    assert len(problems(assets)) == 2
