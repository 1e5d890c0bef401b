"""The regions Russia claims (data/claimed_regions.csv): rules its schema cannot express.

Crimea and Sevastopol were claimed by the treaty of 18 March 2014 and the four mainland regions
by the treaties of 30 September 2022; together the units must be a part of Ukraine, not more.
"""

import pandas as pd

import peacebook as pb

TREATIES = {pd.Timestamp("2014-03-18"): 2, pd.Timestamp("2022-09-30"): 4}


def problems(regions: pd.DataFrame) -> list[str]:
    found = []
    counts = regions["claim_date"].value_counts().to_dict()
    if counts != TREATIES:
        found.append(f"expected two units claimed in 2014 and four in 2022, found {counts}")
    if regions["area_km2"].sum() >= pb.UKRAINE_AREA_KM2:
        found.append("the claimed units cover all of Ukraine or more")
    return found


def test_claimed_regions_are_the_six_units_of_the_two_treaties():
    assert not problems(pb.load("claimed_regions"))


def test_the_check_catches_a_unit_on_the_wrong_date():
    regions = pb.load("claimed_regions")
    regions.loc[0, "claim_date"] = pd.Timestamp("2022-09-30")
    assert problems(regions)
