"""refugee_totals: the rules its schema cannot express."""

import peacebook as pb


def test_europe_and_beyond_add_up_to_the_global_figure_of_the_same_day():
    totals = pb.load("refugee_totals").pivot(index="as_of", columns="scope", values="refugees")
    split = totals.dropna(subset=["europe", "beyond_europe"])
    assert not split.empty and (split["europe"] + split["beyond_europe"] == split["global"]).all(), split


def test_every_date_has_a_global_figure():
    totals = pb.load("refugee_totals")
    assert set(totals["as_of"]) == set(totals.loc[totals["scope"] == "global", "as_of"])
