"""Tables of the Challenges chapter: what the chapter's text relies on, and broken inputs."""

import shutil

import pandas as pd
import pytest

from peacebook import load
from peacebook.data import DATA_DIR, DataError
from peacebook.derivations import military_casualty_estimates as mce

POLL_TABLES = ["ukraine_opinion_polls", "russia_opinion_polls"]


# --- curated tables -------------------------------------------------------------------------

@pytest.mark.parametrize("name", POLL_TABLES)
def test_answer_shares_of_one_wave_add_up_to_at_most_100(name):
    polls = load(name)
    totals = polls.groupby("fieldwork_start")["share_pct"].sum()
    too_high = totals[totals > 101]  # published shares are rounded, so allow one point
    assert too_high.empty, f"{name}: waves whose answer shares exceed 100%: {too_high.to_dict()}"


@pytest.mark.parametrize("name", POLL_TABLES)
def test_poll_waves_end_on_or_after_they_start(name):
    polls = load(name)
    bad = polls[polls["fieldwork_end"] < polls["fieldwork_start"]]
    assert bad.empty, f"{name}: fieldwork ends before it starts: {bad[['fieldwork_start', 'fieldwork_end']].values.tolist()}"


def test_kiis_series_runs_from_may_2022_to_december_2024_with_both_main_answers():
    polls = load("ukraine_opinion_polls")
    assert polls["fieldwork_start"].min() == "2022-05-13"
    assert polls["fieldwork_end"].max() == "2024-12-17"
    answers = polls.groupby("fieldwork_start")["response"].apply(set)
    # February 2024 is the one wave for which only the 'ready' share was published.
    missing = [w for w, a in answers.items() if w != "2024-02" and
               not {"under_no_circumstances", "ready_for_some_concessions"} <= a]
    assert not missing, f"KIIS waves lacking one of the two main answers: {missing}"


def test_agreements_end_after_they_start_and_one_was_implemented():
    record = load("agreements_record")
    ended = record.dropna(subset=["date_ended"])
    assert (ended["date_ended"] >= ended["date_signed"]).all()
    assert list(record.loc[record["outcome"] == "implemented", "short_name"]) == ["UAE prisoner exchanges"]


def test_key_rate_path_ends_at_21_percent_in_december_2024():
    economy = load("russia_economy")
    rate = economy[economy["indicator"] == "key_rate"].sort_values("date")
    assert rate["date"].is_unique
    assert rate.iloc[-1][["date", "value"]].tolist() == ["2024-12-20", 21.0]
    assert rate["value"].between(7.5, 21).all()


def test_stakeholder_indicators_are_a_value_or_an_ordered_range():
    table = load("stakeholders")
    with_indicator = table.dropna(subset=["indicator"])
    single = with_indicator["indicator_central"].notna()
    ranged = with_indicator["indicator_low"].notna() & with_indicator["indicator_high"].notna()
    assert (single | ranged).all(), "an indicator needs a central value or a low-high range"
    both = with_indicator[ranged]
    assert (both["indicator_low"] < both["indicator_high"]).all()
    assert with_indicator["indicator_unit"].notna().all()


def test_civilian_counts_only_grow_over_time():
    civilians = load("civilian_casualties").sort_values("as_of_date")
    for measure, rows in civilians.groupby("measure"):
        assert rows["value"].is_monotonic_increasing, f"{measure} count falls between dates"


def test_party_claims_are_labelled_in_the_sources():
    sources = load("sources").set_index("source_id")
    tass_rows = load("russia_economy").query("source_id == 'tass-2023-08-14-rouble-100'")
    assert len(tass_rows) == 1 and sources.loc["tass-2023-08-14-rouble-100", "party"] == "russia"


# --- the derived casualty table -----------------------------------------------------------

def test_meta_estimate_rows_are_ordered_ranges_at_month_ends():
    table = load("military_casualty_estimates")
    meta = table[table["estimator_kind"] == "model meta-estimate"]
    assert ((meta["low"] <= meta["central"]) & (meta["central"] <= meta["high"])).all()
    days = meta["estimate_date"]
    assert (days.dt.is_month_end | (days == "2024-12-19")).all()
    assert set(meta["side"]) == {"russia"}  # the meta-estimate covers Russian losses only
    assert len(meta) == 2 * (35 + 1)  # month ends February 2022 to December 2024, plus 19 December 2024


def test_flagged_rows_are_claims_and_no_row_is_later_than_january_2025():
    table = load("military_casualty_estimates")
    claims = table[table["party_to_war_claim"]]
    assert len(claims) > 0 and (claims["estimator_kind"] == "claim by a party to the war").all()
    assert table["estimate_date"].max() <= pd.Timestamp("2025-01-31")


def _write_raw(tmp_path, estimates_csv):
    raw = tmp_path / "raw"
    (raw / "schemas").mkdir(parents=True)
    for name in mce.INPUTS:
        shutil.copy(DATA_DIR / "raw" / "schemas" / name.replace(".csv", ".json"), raw / "schemas")
    for name, measure in zip(mce.INPUTS[:2], ("deaths", "casualties"), strict=True):
        (raw / name).write_text(
            "date,days_since_invasion,estimate,ci_lower,ci_upper,pi_low,pi_high,type,country\n"
            f"2024-11-30,1010,100.4,90.2,110.6,80,120,{measure},russia\n"
            f"2024-12-19,1029,120.6,100.4,130.5,90,140,{measure},russia\n"
            f"2024-12-20,1030,121,101,131,91,141,{measure},russia\n", encoding="utf-8")
    (raw / mce.INPUTS[2]).write_text(estimates_csv, encoding="utf-8")
    return raw


HEADER = 'date,estimate_low,estimate_high,estimate,type,source,source_url,country,"ignore for chart, data from warring parties"\n'


def test_derivation_applies_its_listed_amendments(tmp_path):
    raw = _write_raw(tmp_path, HEADER +
                     '7/9/2024,"140,000",,,deaths,Someone,(via email),ukraine,\n'
                     "16/01/2024,,,390580,casualties,Armed Forces of Ukraine,https://example.org/a,russia,yes\n"
                     "01/03/2025,,,5,deaths,Late,https://example.org/b,russia,\n")
    table = mce.derive(raw)
    assert list(table.columns) == mce.COLUMNS
    row = table[table["estimator"] == "Someone"].iloc[0]
    assert row["estimate_date"] == "2024-09-07" and row["low"] == 140000 and pd.isna(row["central"])
    assert row["original_url"] == "" and row["note"] == "via email"
    claim = table[table["estimator"] == "Armed Forces of Ukraine"].iloc[0]
    assert claim["party_to_war_claim"] == "true" and claim["estimator_kind"] == "claim by a party to the war"
    assert "Late" not in set(table["estimator"]), "estimates after January 2025 must be dropped"
    meta_days = set(table.loc[table["estimator"] == mce.META_ESTIMATOR, "estimate_date"])
    assert meta_days == {"2024-11-30", "2024-12-19"}, "only month ends and 19 December 2024 are kept"
    assert table.loc[table["estimate_date"] == "2024-11-30", "central"].tolist() == [100, 100]


def test_derivation_stops_on_two_estimates_with_the_same_key(tmp_path):
    raw = _write_raw(tmp_path, HEADER +
                     "01/12/2024,,,10,deaths,Twice,https://example.org/a,ukraine,\n"
                     "01/12/2024,,,12,deaths,Twice,https://example.org/b,ukraine,\n")
    with pytest.raises(DataError, match="share date, side, measure and estimator") as caught:
        mce.derive(raw)
    assert caught.value.file.endswith(mce.INPUTS[2]) and caught.value.line == 3 and caught.value.field == "date"


@pytest.mark.parametrize("row, line, field, words", [
    ('7/9/2024,"140,000",,,deaths, Someone ,(via email),ukraine,\n', 2, "source", "leading or trailing spaces"),
    ('7/9/2024,"1,40,000",,,deaths,Someone,(via email),ukraine,\n', 2, "estimate_low", "groups of three digits"),
    ("31/9/2024,10,,,deaths,Someone,(via email),ukraine,\n", 2, "date", "September 2024 has 30 days"),
    ("7/9/2024,n/a,,,deaths,Someone,(via email),ukraine,\n", 2, "estimate_low", "'n/a' is not a number"),
    ("7/9/2024,10,,,killed,Someone,(via email),ukraine,\n", 2, "type", "not one of the allowed values"),
])
def test_bad_published_estimates_are_named(tmp_path, row, line, field, words):
    raw = _write_raw(tmp_path, HEADER + row)
    with pytest.raises(DataError) as caught:
        mce.derive(raw)
    error = caught.value
    assert error.file.endswith(mce.INPUTS[2]) and error.line == line and error.field == field, error
    assert words in str(error), error


# --- broken inputs are reported by file, line and field ---------------------------------------

@pytest.fixture
def poll_dir(tmp_path):
    data = tmp_path / "data"
    (data / "schemas").mkdir(parents=True)
    for name in ("ukraine_opinion_polls", "sources"):
        shutil.copy(DATA_DIR / "schemas" / f"{name}.json", data / "schemas")
    shutil.copy(DATA_DIR / "sources.csv", data)
    return data


def _poll_row(**change):
    row = {"pollster": "Kyiv International Institute of Sociology (KIIS)", "fieldwork_start": "2022-05-13",
           "fieldwork_end": "2022-05-18", "sample_size": "2000", "mode": "CATI", "population": "Adults",
           "question": "Q", "response": "hard_to_say", "share_pct": "8",
           "source_id": "hromadske-2022-05-kiis-concessions", "note": ""}
    row.update(change)
    return row


@pytest.mark.parametrize("change, field, words", [
    ({"share_pct": "140"}, "share_pct", "outside the allowed range"),
    ({"fieldwork_start": "May 2022"}, "fieldwork_start", "does not match the pattern"),
    ({"response": "maybe"}, "response", "not one of the allowed values"),
    ({"source_id": "no-such-source"}, "source_id", "unknown source_id"),
    ({"sample_size": "2,000"}, "sample_size", "not an integer"),
])
def test_broken_poll_rows_are_named(poll_dir, change, field, words):
    row = _poll_row(**change)
    start = row["fieldwork_start"] if "fieldwork_start" in change else "2022-07-06"
    frame = pd.DataFrame([_poll_row(), row | {"fieldwork_start": start}])
    frame.to_csv(poll_dir / "ukraine_opinion_polls.csv", index=False)
    with pytest.raises(DataError) as caught:
        load("ukraine_opinion_polls", poll_dir)
    message = str(caught.value)
    assert "ukraine_opinion_polls.csv" in message and "line 3" in message and f"field '{field}'" in message
    assert words in message
