"""Rules shared by the opinion-poll tables (russia_opinion_polls, ukraine_opinion_polls) that their schemas cannot express."""

import pytest

import peacebook as pb

POLL_TABLES = ["russia_opinion_polls", "ukraine_opinion_polls"]


@pytest.mark.parametrize("table", POLL_TABLES)
def test_answer_shares_of_one_wave_add_up_to_at_most_100(table):
    totals = pb.load(table).groupby("fieldwork_start")["share_pct"].sum()
    too_high = totals[totals > 101]  # published shares are rounded, so allow one point
    assert too_high.empty, f"{table}: waves whose answer shares exceed 100%: {too_high.to_dict()}"


@pytest.mark.parametrize("table", POLL_TABLES)
def test_fieldwork_ends_on_or_after_it_starts(table):
    polls = pb.load(table)
    bad = polls[polls["fieldwork_end"] < polls["fieldwork_start"]]
    assert bad.empty, f"{table}: fieldwork ends before it starts: {bad[['fieldwork_start', 'fieldwork_end']].values.tolist()}"
