"""us_opinion_ukraine_aid: the rules its schema cannot express."""

import peacebook as pb


def test_fieldwork_starts_before_it_ends():
    opinion = pb.load("us_opinion_ukraine_aid")
    assert (opinion["fieldwork_start"] <= opinion["fieldwork_end"]).all()


def test_answers_of_one_group_add_up_to_at_most_100():
    per_group = pb.load("us_opinion_ukraine_aid").groupby(["fieldwork_end", "party"])["share_pct"].sum()
    assert (per_group <= 100).all(), f"answer shares add up to more than 100%:\n{per_group[per_group > 100]}"


def test_a_wave_with_a_party_figure_has_both_parties():
    opinion = pb.load("us_opinion_ukraine_aid")
    too_much = opinion[opinion["response"] == "too_much"].pivot(index="fieldwork_end", columns="party", values="share_pct")
    partisan = too_much[["rep_lean_rep", "dem_lean_dem"]]
    one_party = partisan.notna().sum(axis=1) == 1
    assert not one_party.any(), f"the chart draws both party lines; waves with one party only:\n{partisan[one_party]}"


def test_one_wave_has_one_sample_and_one_question():
    waves = pb.load("us_opinion_ukraine_aid").groupby("fieldwork_end")[["fieldwork_start", "sample_size", "question"]].nunique()
    assert (waves == 1).all().all(), f"rows of one wave disagree:\n{waves[(waves > 1).any(axis=1)]}"
