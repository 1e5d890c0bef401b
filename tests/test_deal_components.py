"""Tables of the chapter "Deal components": they load, they are balanced, and bad input is refused."""

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from peacebook.data import DATA_DIR, DataError, load

PARTIES = ["russia", "ukraine", "us_incoming", "us_outgoing", "europe"]
COMPONENTS = ["territory", "nato_membership", "security_guarantees", "sanctions_relief", "army_size", "elections_legitimacy"]
TABLES = ["positions", "nato_members", "security_guarantees", "sanctions_timeline", "claimed_regions", "russian_assets_estimates"]


def balance_problems(positions: pd.DataFrame) -> list[str]:
    """What breaks the matrix's balance rule: every party x component cell present and coded."""
    problems = []
    cells = set(zip(positions["party"], positions["component"]))
    for party in PARTIES:
        for component in COMPONENTS:
            if (party, component) not in cells:
                problems.append(f"no row for party '{party}' and component '{component}' (write none_stated if nothing was said)")
    for column, own in (("stance_vs_russia", "russia"), ("stance_vs_ukraine", "ukraine")):
        mine = positions[positions["party"] == own]
        if not (mine[column] == "not_applicable").all():
            problems.append(f"{own}'s own rows must have {column} = not_applicable")
        other = positions[positions["party"] != own]
        if (other[column] == "not_applicable").any():
            problems.append(f"{column} is not_applicable for a party other than {own}")
    for row in positions.itertuples():
        silent = row.stance_vs_russia == "none_stated" or row.stance_vs_ukraine == "none_stated"
        if silent and not pd.isna(row.date_stated):
            problems.append(f"{row.party}/{row.component}: none_stated but a date is given")
        if not silent and pd.isna(row.date_stated):
            problems.append(f"{row.party}/{row.component}: a stated position needs its date")
    return problems


@pytest.fixture
def data_dir(tmp_path):
    """A copy of this chapter's tables, their descriptors and sources.csv, which a test may break."""
    target = tmp_path / "data"
    (target / "schemas").mkdir(parents=True)
    for name in [*TABLES, "sources"]:
        shutil.copy(DATA_DIR / f"{name}.csv", target / f"{name}.csv")
        shutil.copy(DATA_DIR / "schemas" / f"{name}.json", target / "schemas" / f"{name}.json")
    return target


def rewrite(path: Path, change):
    """Apply ``change(rows)`` to a CSV's rows (dicts) and write it back."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("name", TABLES)
def test_table_loads(name):
    assert len(load(name)) > 0


def test_positions_matrix_is_balanced():
    problems = balance_problems(load("positions"))
    assert not problems, "\n".join(problems)


def test_balance_check_reports_a_missing_cell():
    positions = load("positions")
    broken = positions[~((positions["party"] == "europe") & (positions["component"] == "army_size"))]
    assert balance_problems(broken) == ["no row for party 'europe' and component 'army_size' (write none_stated if nothing was said)"]


def test_balance_check_reports_a_silent_cell_with_a_date():
    positions = load("positions").copy()
    silent = positions["stance_vs_russia"] == "none_stated"
    positions.loc[silent.idxmax(), "date_stated"] = "2024-12-01"
    assert any("none_stated but a date is given" in p for p in balance_problems(positions))


def test_every_stated_position_cites_a_source_and_explains_its_code():
    positions = load("positions")
    assert positions["source_ids"].str.len().gt(0).all()
    assert positions["coding_note"].str.len().gt(20).all(), "every cell's code needs a reason in coding_note"


def test_unknown_stance_code_is_refused(data_dir):
    rewrite(data_dir / "positions.csv", lambda rows: [{**r, "stance_vs_russia": "maybe"} if i == 2 else r for i, r in enumerate(rows)])
    with pytest.raises(DataError) as caught:
        load("positions", data_dir)
    assert caught.value.field == "stance_vs_russia" and caught.value.line == 4
    assert "not one of the allowed values" in str(caught.value)


def test_unknown_source_in_a_list_is_refused(data_dir):
    rewrite(data_dir / "positions.csv", lambda rows: [{**r, "source_ids": r["source_ids"] + ";no-such-source"} if i == 0 else r
                                                    for i, r in enumerate(rows)])
    with pytest.raises(DataError) as caught:
        load("positions", data_dir)
    assert caught.value.field == "source_ids" and "unknown source_id 'no-such-source'" in str(caught.value)


def test_badly_written_date_stated_is_refused(data_dir):
    rewrite(data_dir / "positions.csv", lambda rows: [{**r, "date_stated": "14/06/2024"} if i == 0 else r for i, r in enumerate(rows)])
    with pytest.raises(DataError) as caught:
        load("positions", data_dir)
    assert caught.value.field == "date_stated" and "does not match the pattern" in str(caught.value)


def test_nato_members_twelve_founders_thirty_two_in_2024():
    members = load("nato_members")
    assert members["country"].is_unique
    assert len(members) == 32
    assert (members["accession_date"] == "1949-04-04").sum() == 12
    assert members.sort_values("accession_date")["country"].iloc[-1] == "Sweden"


def test_accession_after_2024_is_refused(data_dir):
    rewrite(data_dir / "nato_members.csv", lambda rows: [{**r, "accession_date": "2026-01-01"} if r["country"] == "Sweden" else r for r in rows])
    with pytest.raises(DataError) as caught:
        load("nato_members", data_dir)
    assert caught.value.field == "accession_date" and "outside the allowed range" in str(caught.value)


def test_eu_packages_numbered_in_date_order():
    packages = load("sanctions_timeline").query("category == 'eu_package'").sort_values("date")
    assert packages["value"].tolist() == list(range(1, len(packages) + 1)), "EU packages must be numbered 1, 2, 3 ... in date order"
    assert packages["date"].iloc[-1] == pd.Timestamp("2024-12-16")


def test_claimed_regions_add_up_below_ukraine():
    regions = load("claimed_regions")
    assert len(regions) == 6
    assert regions["area_km2"].sum() < 603628
    assert set(regions["claim_date"].dt.strftime("%Y-%m-%d")) == {"2014-03-18", "2022-09-30"}


def test_asset_estimates_are_ranges_and_flag_the_party_claim():
    assets = load("russian_assets_estimates")
    assert (assets["low"] <= assets["high"]).all()
    assert assets.set_index("estimate").loc["bank_of_russia", "party_claim"]
    assert not assets.set_index("estimate").loc["eu_only", "party_claim"]


def test_party_to_war_sources_are_flagged():
    sources = load("sources").set_index("source_id")
    for source_id in ("kremlin-2024-06-14-meeting-foreign-ministry", "kremlin-2024-12-19-results-of-the-year",
                      "president-ua-2023-07-12-g7-joint-declaration"):
        assert sources.loc[source_id, "party"] != "none", f"{source_id} is a party to the war"
