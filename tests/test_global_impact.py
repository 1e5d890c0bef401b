"""Tables behind the chapter on global impact: derivations, curated tables and the loader's refusals."""

import shutil

import pandas as pd
import pytest

from peacebook import load
from peacebook.data import DATA_DIR, DataError
from peacebook.derivations import (
    commodity_prices,
    gas_imports_russia_eurostat,
    milex_share_gdp,
    nato_two_percent_sipri,
    refugees_by_host,
)

RAW = DATA_DIR / "raw"


@pytest.fixture
def raw_dir(tmp_path):
    """A copy of this chapter's raw extracts that a test may break."""
    target = tmp_path / "raw"
    (target / "schemas").mkdir(parents=True)
    for module in (commodity_prices, gas_imports_russia_eurostat, milex_share_gdp, refugees_by_host):
        for name in module.INPUTS:
            shutil.copy(RAW / name, target / name)
            shutil.copy(RAW / "schemas" / name.replace(".csv", ".json"), target / "schemas")
    return target


def refused(raw_dir, derive, file, line, field, words):
    """``derive(raw_dir)`` raises a DataError naming the raw file, line, field and problem."""
    with pytest.raises(DataError) as caught:
        derive(raw_dir)
    error = caught.value
    assert error.file.endswith(f"raw/{file}") and error.line == line and error.field == field, error
    assert words in str(error), error


def broken_table(tmp_path, name, edit):
    """A data folder with table ``name`` (its descriptor, sources.csv) whose CSV has been edited."""
    data = tmp_path / "data"
    (data / "schemas").mkdir(parents=True)
    for table in (name, "sources"):
        shutil.copy(DATA_DIR / "schemas" / f"{table}.json", data / "schemas" / f"{table}.json")
    shutil.copy(DATA_DIR / "sources.csv", data / "sources.csv")
    frame = pd.read_csv(DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
    edit(frame)
    frame.to_csv(data / f"{name}.csv", index=False)
    return data


# ---- derivations give the published values

def test_commodity_prices_keep_the_world_bank_values_and_units():
    prices = load("commodity_prices")
    gas = prices[prices["commodity"] == "natural_gas_europe"].set_index("month")["price"]
    assert gas[pd.Timestamp("2022-08-01")] == 70.04, "World Bank Natural gas, Europe, August 2022"
    assert gas.idxmax() == pd.Timestamp("2022-08-01")
    units = prices.groupby("commodity")["unit"].unique().map(list).to_dict()
    assert units == {"crude_oil_brent": ["USD per barrel"], "natural_gas_europe": ["USD per MMBtu"],
                     "wheat_us_hrw": ["USD per tonne"]}
    assert prices.groupby("commodity").size().eq(54).all(), "54 months, January 2021 to June 2025, per series"


def test_eurostat_baseline_share_is_russia_over_total():
    table = load("gas_imports_russia_eurostat").set_index("year")
    row = table.loc[2020]
    assert round(row["imports_from_russia_tj"] / row["imports_total_tj"] * 100, 2) == row["share_pct"] == 38.72
    assert list(table.index) == list(range(2011, 2021))


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


def test_new_members_count_only_from_their_accession_year():
    shares = load("milex_share_gdp").set_index(["iso3", "year"])
    assert not shares.loc[("SWE", 2023), "nato_member"] and shares.loc[("SWE", 2024), "nato_member"]
    assert not shares.loc[("FIN", 2022), "nato_member"] and shares.loc[("FIN", 2023), "nato_member"]
    assert "ISL" not in shares.index.get_level_values("iso3"), "Iceland has no SIPRI figures"


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


# ---- derivations refuse broken raw input

def test_pink_sheet_with_a_repeated_month_stops_the_derivation(raw_dir):
    path = raw_dir / "worldbank_pink_sheet_selected.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines + [lines[-1]]) + "\n")
    refused(raw_dir, commodity_prices.derive, path.name, 56, "month", "duplicate primary key (month='2025-06')")


def test_pink_sheet_without_a_series_stops_the_derivation(raw_dir):
    path = raw_dir / "worldbank_pink_sheet_selected.csv"
    frame = pd.read_csv(path, dtype=str).drop(columns=["Wheat, US HRW ($/mt)"])
    frame.to_csv(path, index=False)
    refused(raw_dir, commodity_prices.derive, path.name, 1, "Wheat, US HRW ($/mt)", "missing column")


def test_pink_sheet_with_a_placeholder_price_stops_the_derivation(raw_dir):
    path = raw_dir / "worldbank_pink_sheet_selected.csv"
    path.write_text(path.read_text().replace("2021-02,6.16,", "2021-02,n/a,"))
    refused(raw_dir, commodity_prices.derive, path.name, 3, "Natural gas, Europe ($/mmbtu)", "'n/a' is not a number")


def test_eurostat_extract_with_an_empty_value_stops_the_derivation(raw_dir):
    path = raw_dir / "eurostat_nrg_ti_gas_eu27.csv"
    frame = pd.read_csv(path, dtype=str)
    frame.loc[0, "value"] = None
    frame.to_csv(path, index=False)
    refused(raw_dir, gas_imports_russia_eurostat.derive, path.name, 2, "value", "value is required but the cell is empty")


def test_a_country_outside_nato_stops_the_milex_derivation(raw_dir):
    path = raw_dir / "sipri_owid_milex_share_gdp_nato.csv"
    with path.open("a") as handle:
        handle.write("Austria,AUT,2024,0.9,Europe\n")
    refused(raw_dir, milex_share_gdp.derive, path.name, 343, "Code", "countries that are not NATO members: ['AUT']")


def test_two_different_figures_for_one_host_and_month_stop_the_refugee_derivation(raw_dir):
    path = raw_dir / "one_unhcr_refugees_by_host.csv"
    with path.open("a") as handle:
        handle.write("POL,Poland,04-2025,123\n")
    refused(raw_dir, refugees_by_host.derive, path.name, 343, "iso_code",
            "duplicate primary key (iso_code='POL', Data Date='04-2025'); first seen on line")


def test_derivations_are_deterministic():
    for module in (commodity_prices, gas_imports_russia_eurostat, milex_share_gdp, nato_two_percent_sipri,
                   refugees_by_host):
        assert module.derive(RAW).equals(module.derive(RAW)), module.__name__


# ---- curated tables say what the text relies on

def test_official_gas_shares_cover_2021_to_2024_and_add_up():
    official = load("gas_imports_russia_official")
    assert set(official["period_start"].dt.year) == {2021, 2022, 2023, 2024}
    full = official.dropna(subset=["pipeline_bcm", "lng_bcm"])
    assert (full["pipeline_bcm"] + full["lng_bcm"] == full["volume_bcm"]).all()
    assert (official["period_end"] > official["period_start"]).all()


def test_transit_figures_from_party_to_war_sources_are_marked_and_only_flows():
    transit = load("gas_transit_ukraine")
    party = set(load("sources").query("party != 'none'")["source_id"])
    claims = transit[transit["source_id"].isin(party)]
    assert len(claims) == 2 and set(claims["measure"]) == {"reported_flow"}
    assert set(transit.loc[transit["measure"] == "contract_minimum", "volume_bcm"]) == {65, 40}


def test_refugee_totals_add_up():
    totals = load("refugee_totals").set_index("scope")["refugees"]
    assert totals["europe"] + totals["beyond_europe"] == totals["global"]


def test_published_nato_counts_never_exceed_membership():
    counts = load("nato_two_percent_published")
    assert (counts["allies_at_or_above_2pct"] <= counts["allies_total"]).all()


def test_events_marked_on_the_charts_include_the_offer_day():
    events = load("global_impact_events").set_index("date")
    assert pd.Timestamp("2024-12-19") in events.index
    assert events.index.is_monotonic_increasing


# ---- the loader refuses bad values in these tables, naming file, line and field

CASES = [
    ("commodity_prices", lambda f: f.loc.__setitem__((0, "unit"), "EUR per MWh"), "unit", "not one of the allowed values"),
    ("commodity_prices", lambda f: f.loc.__setitem__((0, "price_basis"), "real"), "price_basis", "not one of the allowed values"),
    ("commodity_prices", lambda f: f.loc.__setitem__((0, "month"), "2022-08"), "month", "not a date"),
    ("refugees_by_host", lambda f: f.loc.__setitem__((0, "refugees"), "-5"), "refugees", "outside the allowed range"),
    ("refugees_by_host", lambda f: f.loc.__setitem__((0, "figure_from_party_to_war"), "True"), "figure_from_party_to_war",
     "not a boolean"),
    ("gas_transit_ukraine", lambda f: f.loc.__setitem__((0, "measure"), "estimate"), "measure", "not one of the allowed values"),
    ("gas_imports_russia_official", lambda f: f.loc.__setitem__((0, "share_pct"), "145"), "share_pct",
     "outside the allowed range"),
    ("milex_share_gdp", lambda f: f.loc.__setitem__((0, "iso3"), "usa"), "iso3", "does not match the pattern"),
    ("market_moves_on_peace_news", lambda f: f.loc.__setitem__((0, "source_id"), "no-such-source"), "source_id",
     "unknown source_id"),
]


@pytest.mark.parametrize("table, edit, field, words", CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_loader_names_line_and_field_of_a_bad_value(tmp_path, table, edit, field, words):
    data = broken_table(tmp_path, table, edit)
    with pytest.raises(DataError) as caught:
        load(table, data)
    error = caught.value
    assert error.file.endswith(f"{table}.csv") and error.line == 2 and error.field == field, error
    assert words in str(error), error


def test_nato_accession_years_agree_with_the_nato_members_table():
    """The SIPRI derivation's accession years and the curated NATO table are one fact, written twice: they must agree."""
    from peacebook import load
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
