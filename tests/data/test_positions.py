"""The positions matrix (data/positions.csv): rules its schema cannot express.

The loader already refuses unknown parties, components and codes, malformed dates, unknown
sources, duplicate cells and short coding notes. What a schema cannot say: that the matrix is
balanced (every party has a row for every component), that a party is not coded against itself,
and that a cell is either a dated, attributed statement or "none stated" on both sides.
"""

import pandas as pd

import peacebook as pb


def balance_problems(positions: pd.DataFrame) -> list[str]:
    """What breaks the matrix's balance rule, one message per problem."""
    problems = []
    cells = set(zip(positions["party"], positions["component"], strict=True))
    for party in pb.enum("positions", "party"):
        for component in pb.enum("positions", "component"):
            if (party, component) not in cells:
                problems.append(f"no row for party {party!r} and component {component!r} (write none_stated if nothing was said)")
    for column, own in (("stance_vs_russia", "russia"), ("stance_vs_ukraine", "ukraine")):
        if not (positions.loc[positions["party"] == own, column] == "not_applicable").all():
            problems.append(f"{own}'s own rows must have {column} = not_applicable")
        if (positions.loc[positions["party"] != own, column] == "not_applicable").any():
            problems.append(f"{column} is not_applicable for a party other than {own}")
    for row in positions.itertuples():
        silent = {row.stance_vs_russia, row.stance_vs_ukraine} & {"none_stated"}
        if silent and {row.stance_vs_russia, row.stance_vs_ukraine} - {"none_stated", "not_applicable"}:
            problems.append(f"{row.party}/{row.component}: none_stated on one side only")
        if silent and not (pd.isna(row.date_stated) and pd.isna(row.speaker)):
            problems.append(f"{row.party}/{row.component}: none_stated but a date or a speaker is given")
        if not silent and (pd.isna(row.date_stated) or pd.isna(row.speaker)):
            problems.append(f"{row.party}/{row.component}: a stated position needs its date and its speaker")
    return problems


def test_positions_matrix_is_balanced():
    problems = balance_problems(pb.load("positions"))
    assert not problems, "\n".join(problems)


def test_balance_check_reports_a_missing_cell():
    positions = pb.load("positions")
    broken = positions[~((positions["party"] == "europe") & (positions["component"] == "army_size"))]
    assert balance_problems(broken) == [
        "no row for party 'europe' and component 'army_size' (write none_stated if nothing was said)"]


def test_balance_check_reports_a_silent_cell_with_a_date_and_a_one_sided_silence():
    positions = pb.load("positions")
    silent = positions.index[positions["stance_vs_russia"] == "none_stated"]
    positions.loc[silent[0], "date_stated"] = "2024-12-01"
    positions.loc[silent[1], "stance_vs_ukraine"] = "compatible"
    problems = balance_problems(positions)
    assert any("none_stated but a date" in p for p in problems) and any("one side only" in p for p in problems)


def test_balance_check_reports_a_party_coded_against_itself():
    positions = pb.load("positions")
    positions.loc[positions.index[positions["party"] == "russia"][0], "stance_vs_russia"] = "opposed"
    assert "russia's own rows must have stance_vs_russia = not_applicable" in balance_problems(positions)
