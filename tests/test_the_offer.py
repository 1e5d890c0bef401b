"""Data behind the chapter "The offer": its three tables load, say what the prose relies on,
and the loader refuses the mistakes most likely when someone edits them by hand."""

import shutil

import pandas as pd
import pytest

from peacebook.data import DATA_DIR, DataError, load

TABLES = ["peace_talks_events", "kursk_area", "offer_day_control"]


@pytest.mark.parametrize("name", TABLES)
def test_table_loads_and_every_row_names_a_source(name):
    frame = load(name)
    assert len(frame) > 0, f"{name} is empty"
    assert frame["source_id"].notna().all(), f"{name} has a row without a source"


def test_events_cover_the_road_to_the_offer_in_order_of_time():
    events = load("peace_talks_events")
    assert events["date"].min() <= pd.Timestamp("2022-03-01"), "the table should start with the talks of early 2022"
    assert (events["date"] == pd.Timestamp("2024-12-19")).any(), "the offer itself (19 December 2024) is missing"
    assert events["date"].is_monotonic_increasing, "events are not sorted by date"
    assert 20 <= len(events) <= 35, f"{len(events)} events; the chapter's table is meant to hold 20 to 35"


def test_kursk_figures_are_all_labelled_as_claims_of_a_party():
    kursk = load("kursk_area")
    sources = load("sources").set_index("source_id")
    assert kursk["party_to_war"].all(), "every Kursk figure found for 2024 came from the Ukrainian side"
    assert kursk["source_id"].isin(sources.index).all()
    peak = kursk.loc[kursk["kind"] == "peak", "area_km2"].max()
    assert peak >= kursk.loc[kursk["kind"] == "held_on_date", "area_km2"].max(), "a stated peak below a stated holding"


def test_offer_day_summary_agrees_with_the_daily_table():
    summary = load("offer_day_control").set_index("tracker")
    area = load("control_area")
    day = area[area["date"] == pd.Timestamp("2024-12-19")].set_index("tracker")
    assert set(summary.index) == set(day.index) == {"The Economist", "DeepState", "liveuamap"}
    for tracker in summary.index:
        assert summary.loc[tracker, "area_2024_12_19_km2"] == day.loc[tracker, "area_km2"], tracker
    assert pd.isna(summary.loc["DeepState", "change_2024_km2"]), "DeepState's archive starts in July 2024: no 2024 change"
    economist = summary.loc["The Economist"]
    assert economist["change_2024_km2"] == pytest.approx(economist["area_2024_12_31_km2"] - economist["area_2023_12_31_km2"], abs=0.11)


@pytest.fixture
def copy_of_data(tmp_path):
    """A copy of the data folder (tables, schemas, sources) that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("raw"))
    return target


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_event_category_is_refused_with_its_line(copy_of_data):
    _replace(copy_of_data / "peace_talks_events.csv", ",negotiation_round,", ",talks,")
    with pytest.raises(DataError) as error:
        load("peace_talks_events", copy_of_data)
    assert "line 3" in str(error.value) and "category" in str(error.value) and "'talks'" in str(error.value)


def test_kursk_row_with_an_unlisted_source_is_refused(copy_of_data):
    _replace(copy_of_data / "kursk_area.csv", "pravda-2024-08-12-syrskyi-1000-km2", "censor-2024-08-12-typo")
    with pytest.raises(DataError, match="unknown source_id 'censor-2024-08-12-typo'"):
        load("kursk_area", copy_of_data)


def test_kursk_party_flag_must_be_a_boolean(copy_of_data):
    _replace(copy_of_data / "kursk_area.csv", ",true,pravda-2024-08-12", ",yes,censor")
    with pytest.raises(DataError, match="not a boolean"):
        load("kursk_area", copy_of_data)
