"""peacebook.derivations.commodity_prices: the World Bank's values and units, and refusals of broken raw input."""

import pandas as pd
import pytest

from peacebook import load
from peacebook.data import DATA_DIR
from peacebook.derivations import commodity_prices
from tests.derivations.helpers import copy_raw, refused

RAW = DATA_DIR / "raw"


@pytest.fixture
def raw_dir(tmp_path):
    """A copy of this derivation's raw extracts (with their schemas) that a test may break."""
    return copy_raw(tmp_path, commodity_prices)


def test_commodity_prices_keep_the_world_bank_values_and_units():
    prices = load("commodity_prices")
    gas = prices[prices["commodity"] == "natural_gas_europe"].set_index("month")["price"]
    assert gas[pd.Timestamp("2022-08-01")] == 70.04, "World Bank Natural gas, Europe, August 2022"
    assert gas.idxmax() == pd.Timestamp("2022-08-01")
    units = prices.groupby("commodity")["unit"].unique().map(list).to_dict()
    assert units == {"crude_oil_brent": ["USD per barrel"], "natural_gas_europe": ["USD per MMBtu"],
                     "wheat_us_hrw": ["USD per tonne"]}
    months = pd.date_range("2021-01-01", prices["month"].max(), freq="MS")
    for commodity, rows in prices.groupby("commodity"):
        assert list(rows["month"]) == list(months), f"{commodity}: every month from January 2021, none missing"


def test_pink_sheet_with_a_repeated_month_stops_the_derivation(raw_dir):
    path = raw_dir / "worldbank_pink_sheet_selected.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines + [lines[-1]]) + "\n")
    refused(raw_dir, commodity_prices.derive, path.name, len(lines) + 1, "month", "duplicate primary key (month=")


def test_pink_sheet_without_a_series_stops_the_derivation(raw_dir):
    path = raw_dir / "worldbank_pink_sheet_selected.csv"
    frame = pd.read_csv(path, dtype=str).drop(columns=["Wheat, US HRW ($/mt)"])
    frame.to_csv(path, index=False)
    refused(raw_dir, commodity_prices.derive, path.name, 1, "Wheat, US HRW ($/mt)", "missing column")


def test_pink_sheet_with_a_placeholder_price_stops_the_derivation(raw_dir):
    path = raw_dir / "worldbank_pink_sheet_selected.csv"
    path.write_text(path.read_text().replace("2021-02,6.16,", "2021-02,n/a,"))
    refused(raw_dir, commodity_prices.derive, path.name, 3, "Natural gas, Europe ($/mmbtu)", "'n/a' is not a number")


def test_derivation_is_deterministic():
    assert commodity_prices.derive(RAW).equals(commodity_prices.derive(RAW))
