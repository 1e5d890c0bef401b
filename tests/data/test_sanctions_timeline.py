"""The sanctions timeline (data/sanctions_timeline.csv): rules its schema cannot express.

The loader already refuses unknown categories, dates outside 2022-2026 and unknown sources.
What a schema cannot say: that EU packages are numbered 1, 2, 3 ... in the order they were
adopted (the chart reads the number as the cumulative count), that a proposed package carries the
next number (a proposal row is kept only for a package that was not adopted), and that each kind of
measure states its value in one unit.
"""

import pandas as pd

import peacebook as pb

#: The unit of ``value`` for each category that has one; the other categories carry no value.
UNITS = {
    "eu_package": {"package number (cumulative count)"},
    "eu_proposal": {"package number (proposed)"},
    "oil_price_cap": {"US dollars per barrel"},
    "immobilised_assets": {"billion euros"},
    "era_loans": {"billion US dollars"},
    "eu_loan": {"billion euros"},
    "us_tariff": {"per cent (additional duty)"},
}


def numbering_problems(sanctions: pd.DataFrame) -> list[str]:
    packages = sanctions[sanctions["category"] == "eu_package"].sort_values("date")
    problems = []
    if packages["value"].tolist() != list(range(1, len(packages) + 1)):
        problems.append(f"EU packages must be numbered 1, 2, 3 ... in date order, not {packages['value'].tolist()}")
    for row in sanctions[sanctions["category"] == "eu_proposal"].itertuples():
        adopted = packages[packages["date"] <= row.date]
        if row.value != len(adopted) + 1 or (packages["date"] > row.date).any():
            problems.append(f"{row.date:%Y-%m-%d}: a proposal takes the next number, and no package is adopted after it")
    return problems


def unit_problems(sanctions: pd.DataFrame) -> list[str]:
    problems = []
    for row in sanctions.itertuples():
        allowed = UNITS.get(row.category, set())
        if pd.notna(row.value) and row.unit not in allowed:
            problems.append(f"{row.date:%Y-%m-%d} {row.category}: unit {row.unit!r}, expected one of {sorted(allowed)}")
        if pd.isna(row.value) and pd.notna(row.unit):
            problems.append(f"{row.date:%Y-%m-%d} {row.category}: a unit without a value")
    return problems


def test_packages_are_numbered_in_date_order():
    problems = numbering_problems(pb.load("sanctions_timeline"))
    assert not problems, "\n".join(problems)


def test_numbering_check_catches_two_swapped_packages():
    sanctions = pb.load("sanctions_timeline")
    rows = sanctions.index[sanctions["category"] == "eu_package"][:2]
    sanctions.loc[rows, "value"] = sanctions.loc[rows, "value"].values[::-1]
    assert numbering_problems(sanctions)


def test_every_value_has_its_categorys_unit():
    problems = unit_problems(pb.load("sanctions_timeline"))
    assert not problems, "\n".join(problems)


def test_unit_check_catches_a_price_cap_in_euros():
    sanctions = pb.load("sanctions_timeline")
    sanctions.loc[sanctions.index[sanctions["category"] == "oil_price_cap"][0], "unit"] = "euros per barrel"
    assert unit_problems(sanctions) == [
        "2022-12-05 oil_price_cap: unit 'euros per barrel', expected one of ['US dollars per barrel']"]
