"""civilian_casualties: the rules its schema cannot express."""

import peacebook as pb


def test_verified_counts_only_grow_over_time():
    civilians = pb.load("civilian_casualties").sort_values("as_of_date")
    for measure, rows in civilians.groupby("measure"):
        assert rows["value"].is_monotonic_increasing, f"{measure}: a verified count falls between dates"


def test_children_are_part_of_the_total():
    civilians = pb.load("civilian_casualties").dropna(subset=["of_which_children"])
    assert (civilians["of_which_children"] <= civilians["value"]).all()


def test_killed_and_injured_are_reported_for_the_same_days():
    civilians = pb.load("civilian_casualties")
    days = civilians.groupby("measure")["as_of_date"].agg(set)
    assert days["killed"] == days["injured"], f"days with only one measure: {days['killed'] ^ days['injured']}"
