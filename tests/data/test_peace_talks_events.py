"""peace_talks_events: the rules its schema cannot express."""

import peacebook as pb


def test_events_are_in_order_of_time():
    events = pb.load("peace_talks_events")
    assert events["date"].is_monotonic_increasing, "events are not sorted by date"


def test_the_offer_itself_is_an_event():
    events = pb.load("peace_talks_events")
    assert (events["date"] == pb.OFFER_DATE).any(), "the offer (pb.OFFER_DATE) is missing"


def test_chart_labels_name_one_event_each():
    labels = pb.load("peace_talks_events")["chart_label"].dropna()
    assert labels.is_unique, f"two events share a chart label: {labels[labels.duplicated()].tolist()}"
