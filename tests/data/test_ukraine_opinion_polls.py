"""ukraine_opinion_polls: the rules its schema cannot express (shared poll rules: test_opinion_polls.py)."""

import pytest

import peacebook as pb

BOTH = {"under_no_circumstances", "ready_for_some_concessions"}


@pytest.fixture(scope="module")
def polls():
    return pb.load("ukraine_opinion_polls")




def test_a_wave_lacking_one_of_the_two_main_answers_says_so(polls):
    """The chart joins waves answer by answer; a missing answer must be a published gap, noted on the row."""
    answers = polls.groupby("fieldwork_start")["response"].agg(set)
    partial = answers[answers.map(lambda a: not BOTH <= a)].index
    unnoted = polls[polls["fieldwork_start"].isin(partial) & ~polls["note"].fillna("").str.startswith("Only")]
    assert unnoted.empty, f"waves lacking a main answer without a note starting 'Only': {sorted(set(unnoted['fieldwork_start']))}"


def test_one_wave_is_one_question_put_to_one_sample(polls):
    """Rows of a wave may cite different reports, but not different fieldwork ends or sample sizes."""
    waves = polls.groupby("fieldwork_start").agg(ends=("fieldwork_end", "nunique"), sizes=("sample_size", "nunique"))
    assert (waves <= 1).all().all(), f"waves with conflicting end dates or sample sizes:\n{waves[(waves > 1).any(axis=1)]}"
