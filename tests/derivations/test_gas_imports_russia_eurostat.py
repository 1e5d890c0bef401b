"""peacebook.derivations.gas_imports_russia_eurostat: Russia's share from Eurostat's values, and refusals of broken input."""

import pandas as pd
import pytest

from peacebook import load
from peacebook.data import DATA_DIR
from peacebook.derivations import gas_imports_russia_eurostat
from tests.derivations.helpers import copy_raw, refused

RAW = DATA_DIR / "raw"


@pytest.fixture
def raw_dir(tmp_path):
    """A copy of this derivation's raw extracts (with their schemas) that a test may break."""
    return copy_raw(tmp_path, gas_imports_russia_eurostat)


def test_eurostat_baseline_share_is_russia_over_total():
    table = load("gas_imports_russia_eurostat").set_index("year")
    row = table.loc[2020]
    assert round(row["imports_from_russia_tj"] / row["imports_total_tj"] * 100, 2) == row["share_pct"] == 38.72
    assert list(table.index) == list(range(2011, 2021))


def test_eurostat_extract_with_an_empty_value_stops_the_derivation(raw_dir):
    path = raw_dir / "eurostat_nrg_ti_gas_eu27.csv"
    frame = pd.read_csv(path, dtype=str)
    frame.loc[0, "value"] = None
    frame.to_csv(path, index=False)
    refused(raw_dir, gas_imports_russia_eurostat.derive, path.name, 2, "value", "value is required but the cell is empty")


def test_derivation_is_deterministic():
    assert gas_imports_russia_eurostat.derive(RAW).equals(gas_imports_russia_eurostat.derive(RAW))
