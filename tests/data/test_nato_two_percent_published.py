"""nato_two_percent_published: the rules its schema cannot express."""

import peacebook as pb


def test_published_counts_never_exceed_membership():
    counts = pb.load("nato_two_percent_published")
    assert (counts["allies_at_or_above_2pct"] <= counts["allies_total"]).all()

