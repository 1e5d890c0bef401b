"""peacebook.derivations.nato_two_percent_sipri: the count is a recount of the shares table."""

from peacebook import load
from peacebook.data import DATA_DIR
from peacebook.derivations import nato_two_percent_sipri

RAW = DATA_DIR / "raw"


def test_sipri_count_matches_a_recount_of_the_shares_table():
    shares = load("milex_share_gdp")
    counts = load("nato_two_percent_sipri").set_index("year")
    for year, rows in shares[shares["nato_member"]].groupby("year"):
        assert counts.loc[year, "allies_with_data"] == len(rows)
        assert counts.loc[year, "allies_at_or_above_2pct"] == (rows["milex_pct_gdp"] >= 2).sum(), year
    assert counts.loc[2014, "allies_at_or_above_2pct"] == 3
    assert counts.loc[2024, "allies_at_or_above_2pct"] == 17
    near = shares.set_index(["iso3", "year"])["milex_pct_gdp"]
    assert 1.999 < near[("DNK", 2023)] < 2, "Denmark 2023 is just under the line and is not counted"


def test_derivation_is_deterministic():
    assert nato_two_percent_sipri.derive(RAW).equals(nato_two_percent_sipri.derive(RAW))
