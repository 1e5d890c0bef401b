"""kursk_area: the rules its schema cannot express."""

import pandas as pd

import peacebook as pb
from peacebook import sources


def test_a_row_is_a_partys_claim_exactly_when_its_source_carries_a_party():
    """The prose and the chart label rows by party_to_war; the tables label them by the source."""
    kursk = pb.load("kursk_area")
    parties = sources.parties()
    wrong = kursk[kursk["party_to_war"] != kursk["source_id"].map(lambda i: parties[i] is not None)]
    assert wrong.empty, f"party_to_war disagrees with the source's party in rows:\n{wrong[['date', 'source_id']]}"


def test_party_claims_are_stated_holdings_and_afps_figures_are_isws_measure():
    kursk = pb.load("kursk_area")
    assert (kursk.loc[kursk["party_to_war"], "measure"] == "stated_held").all()
    assert (kursk.loc[~kursk["party_to_war"].astype(bool), "measure"] == "isw_area_of_operations").all()


def test_each_measures_peak_is_at_least_every_figure_of_that_measure():
    kursk = pb.load("kursk_area")
    for measure, rows in kursk.groupby("measure"):
        peaks = rows.loc[rows["kind"] == "peak", "area_km2"]
        assert len(peaks) == 1, f"{measure}: one peak expected, found {len(peaks)}"
        assert peaks.iloc[0] >= rows["area_km2"].max(), f"{measure}: a figure above its stated peak"


def test_the_nearest_figure_after_the_offer_is_from_neither_side():
    kursk = pb.load("kursk_area")
    after = kursk[kursk["date"] >= pb.OFFER_DATE]
    assert not after.empty and not after["party_to_war"].any()
    assert (after["date"] - pb.OFFER_DATE).min() < pd.Timedelta(days=31)
