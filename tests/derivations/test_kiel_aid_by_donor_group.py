"""peacebook.derivations.kiel_aid_by_donor_group: the Kiel Institute extract grouped by donor and month."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from peacebook import load
from peacebook.data import DATA_DIR, DataError
from peacebook.derivations import kiel_aid_by_donor_group as kiel

RAW = DATA_DIR / "raw" / kiel.INPUTS[0]


@pytest.fixture
def raw_dir(tmp_path):
    """A copy of the Kiel extract (and its schema) that a test may break."""
    shutil.copy(RAW, tmp_path / RAW.name)
    (tmp_path / "schemas").mkdir()
    shutil.copy(RAW.parent / "schemas" / f"{RAW.stem}.json", tmp_path / "schemas")
    return tmp_path


def refused(raw_dir, line, field, words):
    with pytest.raises(DataError) as caught:
        kiel.derive(raw_dir)
    error = caught.value
    assert error.file.endswith(RAW.name) and error.line == line and error.field == field, error
    assert words in str(error), error


def _rewrite(raw_dir: Path, change) -> None:
    path = raw_dir / RAW.name
    frame = pd.read_csv(path)
    change(frame)
    frame.to_csv(path, index=False)


def test_group_totals_equal_the_raw_extract():
    raw = pd.read_csv(RAW)
    table = kiel.derive(DATA_DIR / "raw")
    assert abs(table["allocations_eur_bn"].sum() - raw["total"].sum()) < 1e-4
    us_raw = raw.loc[raw["country"] == "United States", "total"].sum()
    us_last = table[table["donor_group"] == "United States"]["allocations_cumulative_eur_bn"].iloc[-1]
    assert abs(us_last - us_raw) < 1e-5, "US running total in the latest month must equal the sum of Kiel's monthly US values"


def test_every_group_has_every_month_and_running_totals_never_fall():
    table, raw = load("kiel_aid_by_donor_group"), pd.read_csv(RAW)
    last = raw["year"].max() * 100 + raw.loc[raw["year"] == raw["year"].max(), "month"].max()
    months = len(pd.date_range(kiel.FIRST_MONTH, pd.Timestamp(last // 100, last % 100, 1), freq="MS"))
    assert len(table) == len(kiel.GROUPS) * months
    for group, rows in table.groupby("donor_group"):
        assert rows["month"].is_monotonic_increasing and rows["month"].nunique() == months, group
        assert rows["allocations_cumulative_eur_bn"].is_monotonic_increasing, group
        assert rows["commitments_cumulative_eur_bn"].is_monotonic_increasing, group


def test_every_donor_in_the_extract_has_a_group():
    for country in pd.read_csv(RAW)["country"].unique():
        assert kiel.donor_group(country) in kiel.GROUPS


def test_derivation_is_deterministic():
    first, second = kiel.derive(DATA_DIR / "raw"), kiel.derive(DATA_DIR / "raw")
    pd.testing.assert_frame_equal(first, second)


def test_unknown_donor_stops_the_derivation(raw_dir):
    _rewrite(raw_dir, lambda f: f.loc.__setitem__((0, "country"), "Atlantis"))
    refused(raw_dir, 2, "country", "donor 'Atlantis' is not in the grouping")


def test_repeated_donor_month_stops_the_derivation(raw_dir):
    path = raw_dir / RAW.name
    frame = pd.read_csv(path)
    pd.concat([frame, frame.iloc[[0]]]).to_csv(path, index=False)
    refused(raw_dir, len(frame) + 2, "country",
            "duplicate primary key (country='Australia', year='2022', month='2'); first seen on line 2")


def test_parts_not_adding_up_to_total_stop_the_derivation(raw_dir):
    _rewrite(raw_dir, lambda f: f.loc.__setitem__((0, "military"), f.loc[0, "military"] + 1))
    refused(raw_dir, 2, "total", "differs from total")


def test_negative_value_stops_the_derivation(raw_dir):
    _rewrite(raw_dir, lambda f: f.loc.__setitem__((0, "commitments"), -1))
    refused(raw_dir, 2, "commitments", "'-1.0' is outside the allowed range (minimum 0)")


def test_year_after_the_extract_stops_the_derivation(raw_dir):
    latest = int(pd.read_csv(RAW)["year"].max())
    _rewrite(raw_dir, lambda f: f.loc.__setitem__((0, "year"), latest + 1))
    refused(raw_dir, 2, "year", f"'{latest + 1}' is outside the allowed range (maximum {latest})")
