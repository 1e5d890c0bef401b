"""peacebook.derivations.military_casualty_estimates: its output, its listed amendments and whose claims rows carry."""

import shutil

import pandas as pd
import pytest

from peacebook import load
from peacebook.constants import OFFER_DATE
from peacebook.data import DATA_DIR, DataError
from peacebook.derivations import military_casualty_estimates as mce


def test_meta_estimate_rows_are_ordered_ranges_at_month_ends():
    table = load("military_casualty_estimates")
    meta = table[table["estimator_kind"] == "model meta-estimate"]
    assert ((meta["low"] <= meta["central"]) & (meta["central"] <= meta["high"])).all()
    days = meta["estimate_date"]
    assert (days.dt.is_month_end | (days == OFFER_DATE)).all()
    assert set(meta["side"]) == {"russia"}  # the meta-estimate covers Russian losses only
    month_ends = pd.date_range("2022-02-28", days.max(), freq="ME")
    assert len(meta) == 2 * (len(month_ends) + 1), "every month end to the latest, and the day of the offer"


def test_party_claims_and_relays_say_whose_figures_they_are():
    table = load("military_casualty_estimates")
    claims = table[table["party_to_war_claim"]]
    assert len(claims) > 0 and (claims["estimator_kind"] == "claim by a party to the war").all()
    assert claims["claim_of"].notna().all()
    relays = table[table["estimator"].isin(mce.RELAYS)]
    assert (relays["estimator_kind"] == "relays a party's figures").all()
    assert (relays["claim_of"] == relays["estimator"].map(mce.RELAYS)).all()
    assert table.loc[table["estimator_kind"].isin(["published estimate", "model meta-estimate"]), "claim_of"].isna().all()


def _write_raw(tmp_path, estimates_csv):
    raw = tmp_path / "raw"
    (raw / "schemas").mkdir(parents=True)
    for name in mce.INPUTS:
        shutil.copy(DATA_DIR / "raw" / "schemas" / name.replace(".csv", ".json"), raw / "schemas")
    for name, measure in zip(mce.INPUTS[:2], ("deaths", "casualties"), strict=True):
        (raw / name).write_text(
            "date,days_since_invasion,estimate,ci_lower,ci_upper,pi_low,pi_high,type,country\n"
            f"2024-11-30,1010,100.4,90.2,110.6,80,120,{measure},russia\n"
            f"{OFFER_DATE:%Y-%m-%d},1029,120.6,100.4,130.5,90,140,{measure},russia\n"
            f"2024-12-20,1030,121,101,131,91,141,{measure},russia\n", encoding="utf-8")
    (raw / mce.INPUTS[2]).write_text(estimates_csv, encoding="utf-8")
    return raw


HEADER = 'date,estimate_low,estimate_high,estimate,type,source,source_url,country,"ignore for chart, data from warring parties"\n'


def test_derivation_applies_its_listed_amendments(tmp_path):
    raw = _write_raw(tmp_path, HEADER +
                     '7/9/2024,"140,000",,,deaths,Someone,(via email),ukraine,\n'
                     "16/01/2024,,,390580,casualties,Armed Forces of Ukraine,https://example.org/a,russia,yes\n"
                     "01/03/2025,,,5,deaths,UK MoD,https://example.org/b (a remark),russia,\n")
    table = mce.derive(raw)
    assert list(table.columns) == mce.COLUMNS
    row = table[table["estimator"] == "Someone"].iloc[0]
    assert row["estimate_date"] == "2024-09-07" and row["low"] == 140000 and pd.isna(row["central"])
    assert row["original_url"] == "" and row["note"] == "via email"
    claim = table[table["estimator"] == "Armed Forces of Ukraine"].iloc[0]
    assert claim["party_to_war_claim"] == "true" and claim["estimator_kind"] == "claim by a party to the war"
    relay = table[table["estimator"] == "UK MoD"].iloc[0]
    assert relay["claim_of"] == "ukraine" and relay["estimator_kind"] == "relays a party's figures"
    assert relay["original_url"] == "https://example.org/b" and relay["note"] == "a remark"
    meta_days = set(table.loc[table["estimator"] == mce.META_ESTIMATOR, "estimate_date"])
    assert meta_days == {"2024-11-30", f"{OFFER_DATE:%Y-%m-%d}"}, "only month ends and the day of the offer are kept"
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
