"""ukraine_opinion_polls: the rules its schema cannot express."""

import pytest

import peacebook as pb

BOTH = {"under_no_circumstances", "ready_for_some_concessions"}


@pytest.fixture(scope="module")
def polls():
    return pb.load("ukraine_opinion_polls")


def test_answer_shares_of_one_wave_add_up_to_at_most_100(polls):
    totals = polls.groupby("fieldwork_start")["share_pct"].sum()
    too_high = totals[totals > 101]  # published shares are rounded, so allow one point
    assert too_high.empty, f"waves whose answer shares exceed 100%: {too_high.to_dict()}"


def test_fieldwork_ends_on_or_after_it_starts(polls):
    bad = polls[polls["fieldwork_end"] < polls["fieldwork_start"]]
    assert bad.empty, f"fieldwork ends before it starts: {bad[['fieldwork_start', 'fieldwork_end']].values.tolist()}"


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
