"""peacebook.derivations.milex_share_gdp: NATO membership by accession year, and refusals of broken input."""

import pytest

from peacebook import load
from peacebook.data import DATA_DIR
from peacebook.derivations import milex_share_gdp
from tests.derivations.helpers import copy_raw, refused

RAW = DATA_DIR / "raw"


@pytest.fixture
def raw_dir(tmp_path):
    """A copy of this derivation's raw extracts (with their schemas) that a test may break."""
    return copy_raw(tmp_path, milex_share_gdp)


def test_new_members_count_only_from_their_accession_year():
    shares = load("milex_share_gdp").set_index(["iso3", "year"])
    assert not shares.loc[("SWE", 2023), "nato_member"] and shares.loc[("SWE", 2024), "nato_member"]
    assert not shares.loc[("FIN", 2022), "nato_member"] and shares.loc[("FIN", 2023), "nato_member"]
    assert "ISL" not in shares.index.get_level_values("iso3"), "Iceland has no SIPRI figures"


def test_a_country_outside_nato_stops_the_milex_derivation(raw_dir):
    path = raw_dir / "sipri_owid_milex_share_gdp_nato.csv"
    with path.open("a") as handle:
        handle.write("Austria,AUT,2024,0.9,Europe\n")
    refused(raw_dir, milex_share_gdp.derive, path.name, 343, "Code", "countries that are not NATO members: ['AUT']")


def test_derivation_is_deterministic():
    assert milex_share_gdp.derive(RAW).equals(milex_share_gdp.derive(RAW))


def test_nato_accession_years_agree_with_the_nato_members_table():
    """The SIPRI derivation's accession years and the curated NATO table are one fact, written twice: they must agree."""
    from peacebook.derivations.milex_share_gdp import NATO_ACCESSION

    members = load("nato_members")
    derived = load("milex_share_gdp")[["country", "iso3"]].drop_duplicates()
    iso3 = dict(zip(derived["country"], derived["iso3"], strict=True))
    iso3.update({"Iceland": "ISL", "Turkey": "TUR"})
    members["iso3"] = members["country"].map(lambda name: iso3.get(name) or iso3.get(name.replace("Türkiye", "Turkey")))
    assert members["iso3"].notna().all(), members[members["iso3"].isna()]
    mismatched = {r.country: (r.accession_date.year, NATO_ACCESSION[r.iso3]) for r in members.itertuples()
                  if r.accession_date.year != NATO_ACCESSION[r.iso3]}
    assert not mismatched, f"accession year (nato_members.csv, derivation): {mismatched}"
    assert len(members) == len(NATO_ACCESSION) == 32
