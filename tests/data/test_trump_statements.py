"""trump_statements: the rules its schema cannot express."""

import peacebook as pb


def test_the_record_runs_from_the_campaign_past_the_inauguration():
    dates = pb.load("trump_statements")["date"]
    assert dates.min().year < pb.OFFER_DATE.year, "the campaign pledges (2023) are missing"
    assert dates.max() > pb.INAUGURATION_DATE, "nothing after the inauguration"


def test_rows_are_in_order_of_time():
    assert pb.load("trump_statements")["date"].is_monotonic_increasing, "the page shows the rows in file order"


def test_the_envoys_appointment_is_recorded():
    statements = pb.load("trump_statements")
    assert ((statements["kind"] == "appointment") & (statements["summary"].str.contains("Kellogg"))).any()


def test_a_deadline_has_a_label_and_falls_after_the_day_it_was_set():
    statements = pb.load("trump_statements")
    dated, labelled = statements["deadline"].notna(), statements["deadline_label"].notna()
    assert (dated == labelled).all(), f"deadline and deadline_label disagree in rows:\n{statements[dated != labelled]}"
    assert (statements.loc[dated, "deadline"] > statements.loc[dated, "date"]).all(), "a deadline before the day it was set"
    assert statements.loc[dated, "deadline_label"].is_unique, "two deadlines share a chart label"


def test_deadlines_are_set_by_trump_or_his_envoy():
    statements = pb.load("trump_statements")
    speakers = set(statements.loc[statements["deadline"].notna(), "speaker"])
    assert speakers <= {"Donald Trump", "Keith Kellogg"}, f"the chart says Trump or his envoy, not {speakers}"
