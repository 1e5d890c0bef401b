"""peacebook.derivations.offer_day_control: the summary agrees with the daily table it summarises."""

import pandas as pd
import pytest

import peacebook as pb


@pytest.fixture(scope="module")
def tables():
    return pb.load("offer_day_control").set_index("tracker"), pb.load("control_area")


def test_every_tracker_is_summarised_with_its_value_on_the_day_of_the_offer(tables):
    summary, area = tables
    day = area[area["date"] == pb.OFFER_DATE].set_index("tracker")
    assert set(summary.index) == set(day.index) == set(pb.enum("control_area", "tracker"))
    for tracker in summary.index:
        assert summary.loc[tracker, "area_2024_12_19_km2"] == day.loc[tracker, "area_km2"], tracker
        assert summary.loc[tracker, "share_2024_12_19_pct"] == day.loc[tracker, "share_of_ukraine_pct"], tracker


def test_change_over_the_year_is_the_year_end_minus_the_previous_year_end(tables):
    summary, _ = tables
    both = summary.dropna(subset=["area_2023_12_31_km2"])
    change = both["area_2024_12_31_km2"] - both["area_2023_12_31_km2"]
    assert (change - both["change_2024_km2"]).abs().max() <= 0.11


def test_a_tracker_that_starts_during_the_year_has_no_change(tables):
    summary, area = tables
    first = area.groupby("tracker")["date"].min()
    late = first[first > pd.Timestamp(pb.OFFER_DATE.year - 1, 12, 31)].index
    assert len(late) >= 1
    assert summary.loc[late, "change_2024_km2"].isna().all()
