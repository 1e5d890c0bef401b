"""peacebook.derivations.refugees_by_host: two dated snapshots per host, and refusals of broken input."""

import pandas as pd
import pytest

from peacebook import load
from peacebook.data import DATA_DIR
from peacebook.derivations import refugees_by_host
from tests.derivations.helpers import copy_raw, refused

RAW = DATA_DIR / "raw"


@pytest.fixture
def raw_dir(tmp_path):
    """A copy of this derivation's raw extracts (with their schemas) that a test may break."""
    return copy_raw(tmp_path, refugees_by_host)


def test_refugees_by_host_keeps_two_dated_snapshots_and_drops_the_duplicate_russian_series():
    hosts = load("refugees_by_host")
    assert not hosts.duplicated(["iso3", "snapshot"]).any()
    assert 2_852_395 not in set(hosts["refugees"]), "the 'Russian Federation***' row is dropped"
    assert set(hosts.loc[hosts["figure_from_party_to_war"], "iso3"]) == {"RUS"}
    wide = hosts.pivot(index="iso3", columns="snapshot", values="data_month").dropna()
    assert (wide["latest"] >= wide["to_jan_2023"]).all()
    assert (hosts.loc[hosts["snapshot"] == "to_jan_2023", "data_month"] <= "2023-01-01").all()
    germany = hosts[(hosts["iso3"] == "DEU") & (hosts["snapshot"] == "latest")].iloc[0]
    assert (germany["refugees"], germany["data_month"]) == (1_243_445, pd.Timestamp("2025-04-01"))


def test_two_different_figures_for_one_host_and_month_stop_the_refugee_derivation(raw_dir):
    path = raw_dir / "one_unhcr_refugees_by_host.csv"
    with path.open("a") as handle:
        handle.write("POL,Poland,04-2025,123\n")
    refused(raw_dir, refugees_by_host.derive, path.name, 343, "iso_code",
            "duplicate primary key (iso_code='POL', Data Date='04-2025'); first seen on line")


def test_derivation_is_deterministic():
    assert refugees_by_host.derive(RAW).equals(refugees_by_host.derive(RAW))
