"""global_impact_events: the rules its schema cannot express."""

import peacebook as pb


def test_the_offer_day_is_an_event_and_events_are_in_date_order():
    events = pb.load("global_impact_events")
    assert pb.OFFER_DATE in set(events["date"])
    assert events["date"].is_monotonic_increasing
