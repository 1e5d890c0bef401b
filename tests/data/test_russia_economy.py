"""russia_economy: the rules its schema cannot express."""

import pandas as pd
import pytest

import peacebook as pb

UNITS = {"key_rate": "percent per year", "cpi_inflation_dec_on_dec": "percent"}


@pytest.fixture(scope="module")
def economy():
    return pb.load("russia_economy")


def test_each_indicator_has_its_unit(economy):
    wrong = economy[economy["unit"] != economy["indicator"].map(UNITS).fillna(economy["unit"])]
    assert wrong.empty, f"rows whose unit does not fit the indicator:\n{wrong[['date', 'indicator', 'unit']]}"


def test_key_rate_decisions_are_dated_to_the_day_and_inflation_to_december(economy):
    """The chart draws decisions as steps on their day and each year's inflation at the end of December."""
    rate = economy[economy["indicator"] == "key_rate"]["date"]
    cpi = economy[economy["indicator"] == "cpi_inflation_dec_on_dec"]["date"]
    assert rate.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), f"key-rate dates that are not days: {list(rate[rate.str.len() != 10])}"
    assert cpi.str.fullmatch(r"\d{4}-12").all(), f"inflation rows not for a December: {list(cpi[~cpi.str.endswith('-12')])}"


def test_the_key_rate_in_force_on_the_day_of_the_offer_is_recorded(economy):
    rate = economy[economy["indicator"] == "key_rate"]
    assert (pd.to_datetime(rate["date"]) <= pb.OFFER_DATE).any(), "no key-rate decision on or before the offer"
