"""russia_opinion_polls: the rules its schema cannot express (shared poll rules: test_opinion_polls.py)."""

import pytest

import peacebook as pb


@pytest.fixture(scope="module")
def polls():
    return pb.load("russia_opinion_polls")




def test_a_wave_lacking_one_answer_says_why(polls):
    answers = polls.groupby("fieldwork_start")["response"].nunique()
    partial = polls[polls["fieldwork_start"].isin(answers[answers < 2].index)]
    assert partial["note"].notna().all(), f"waves with one answer and no note: {sorted(set(partial['fieldwork_start']))}"
