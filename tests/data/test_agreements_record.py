"""agreements_record: the rules its schema cannot express."""

import peacebook as pb


def test_agreements_end_on_or_after_they_start():
    record = pb.load("agreements_record")
    ended = record.dropna(subset=["date_ended"])
    # ISO dates and months compare correctly as text at their common precision.
    bad = ended[ended["date_ended"] < ended["date_signed"].str[: 7]]
    assert bad.empty, f"agreements that end before they start: {list(bad['short_name'])}"


def test_only_arrangements_that_held_have_no_end():
    """An open end means the arrangement was still working (or no agreement was reached): the chart draws it so."""
    record = pb.load("agreements_record")
    open_ended = record[record["date_ended"].isna()]
    allowed = {"implemented", "no agreement", "rejected", "not concluded"}
    assert set(open_ended["outcome"]) <= allowed, f"open-ended rows with outcome {set(open_ended['outcome']) - allowed}"
