"""stakeholders: the rules its schema cannot express."""

import peacebook as pb


def test_an_indicator_is_a_value_or_an_ordered_range_with_a_unit():
    table = pb.load("stakeholders").dropna(subset=["indicator"])
    single = table["indicator_central"].notna()
    ranged = table["indicator_low"].notna() & table["indicator_high"].notna()
    assert (single | ranged).all(), "an indicator needs a central value or a low-high range"
    assert (table.loc[ranged, "indicator_low"] < table.loc[ranged, "indicator_high"]).all(), "a range runs from low to high"
    assert table["indicator_unit"].notna().all(), "an indicator needs its unit"


def test_a_row_without_an_indicator_has_no_values():
    table = pb.load("stakeholders")
    empty = table[table["indicator"].isna()]
    assert empty[["indicator_low", "indicator_central", "indicator_high"]].isna().all().all()
