"""russia_opinion_polls: the rules its schema cannot express."""

import pytest

import peacebook as pb


@pytest.fixture(scope="module")
def polls():
    return pb.load("russia_opinion_polls")


def test_answer_shares_of_one_wave_add_up_to_at_most_100(polls):
    totals = polls.groupby("fieldwork_start")["share_pct"].sum()
    too_high = totals[totals > 101]  # published shares are rounded, so allow one point
    assert too_high.empty, f"waves whose answer shares exceed 100%: {too_high.to_dict()}"


def test_fieldwork_ends_on_or_after_it_starts(polls):
    bad = polls[polls["fieldwork_end"] < polls["fieldwork_start"]]
    assert bad.empty, f"fieldwork ends before it starts: {bad[['fieldwork_start', 'fieldwork_end']].values.tolist()}"


def test_a_wave_lacking_one_answer_says_why(polls):
    answers = polls.groupby("fieldwork_start")["response"].nunique()
    partial = polls[polls["fieldwork_start"].isin(answers[answers < 2].index)]
    assert partial["note"].notna().all(), f"waves with one answer and no note: {sorted(set(partial['fieldwork_start']))}"
