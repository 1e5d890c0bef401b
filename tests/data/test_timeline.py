"""The "what happened next" record (data/timeline.csv): rules its schema cannot express.

The loader already refuses unknown kinds, dates outside the schema's range, malformed actor or
component lists and unknown main sources; these tests cover what a schema cannot say: that the
record opens on the inauguration, that every kind of the inclusion rule and every deal component
is represented, that corroborating sources exist and add something, that each main source was
published when a report of the event could be, and that front-line claims are attributed.
"""

import re

import pandas as pd
import pytest

import peacebook as pb

#: A main source may announce an event a few days ahead or report it up to a month later.
DAYS_BEFORE, DAYS_AFTER = 3, 31
COMPONENTS = re.compile(r"\(([a-z_|]+)\)").search
ATTRIBUTION = re.compile(r"\b(says?|said|claims?|claimed|tells?|according to|report(s|ed)?)\b")


@pytest.fixture(scope="module")
def events():
    return pb.load("timeline")


def components_allowed():
    """The component codes, read from the schema's pattern (written once, there)."""
    spec = next(f for f in pb.data.resource("timeline").fields if f["name"] == "components")
    return set(COMPONENTS(spec["constraints"]["pattern"]).group(1).split("|"))


def extra_source_problems(events, known):
    problems = []
    for row in events.dropna(subset=["extra_source_ids"]).itertuples():
        extras = row.extra_source_ids.split(";")
        where = f"{row.date:%Y-%m-%d} {row.kind}"
        problems += [f"{where}: unknown source {i!r}" for i in extras if i not in known]
        if row.source_id in extras or len(set(extras)) < len(extras):
            problems.append(f"{where}: a source is listed twice")
    return problems


def publication_problems(events, published):
    """Main sources published too long before or after the event they support."""
    problems = []
    for row in events.itertuples():
        text = published[row.source_id]
        first = pd.Timestamp(text)  # YYYY-MM reads as the first of the month
        last = first + (pd.offsets.MonthEnd(0) if len(text) == 7 else pd.Timedelta(0))
        if last < row.date - pd.Timedelta(days=DAYS_BEFORE) or first > row.date + pd.Timedelta(days=DAYS_AFTER):
            problems.append(f"{row.date:%Y-%m-%d} {row.kind}: {row.source_id} published {text}")
    return problems


def test_the_record_opens_on_the_inauguration(events):
    first = events[events["date"] == events["date"].min()]
    assert first["date"].iloc[0] == pb.INAUGURATION_DATE, "the record starts on the inauguration day"
    assert first["event"].str.contains("sworn in").any(), "its first event is the inauguration itself"


def test_every_kind_of_the_inclusion_rule_is_represented(events):
    missing = set(pb.enum("timeline", "kind")) - set(events["kind"])
    assert not missing, f"kinds of the inclusion rule with no event: {sorted(missing)}"


def test_every_deal_component_is_followed(events):
    seen = set(events["components"].str.split(";").explode())
    assert seen == components_allowed(), f"components with no event: {sorted(components_allowed() - seen)}"


def test_corroborating_sources_exist_and_add_something(events):
    problems = extra_source_problems(events, set(pb.load("sources")["source_id"]))
    assert not problems, "\n".join(problems)


def test_each_main_source_was_published_when_it_could_report_the_event(events):
    published = pb.load("sources").set_index("source_id")["date_published"]
    problems = publication_problems(events, published)
    assert not problems, "\n".join(problems)


def test_front_line_claims_are_attributed_in_the_text(events):
    front = events[events["kind"] == "front_line"]
    unattributed = [f"{row.date:%Y-%m-%d}: {row.event[:60]}" for row in front.itertuples() if not ATTRIBUTION.search(row.event)]
    assert not unattributed, "front-line events must say who claims them:\n" + "\n".join(unattributed)


def _row(**changes):
    row = {"date": pd.Timestamp("2025-03-11"), "kind": "talks_round", "event": "Talks.", "source_id": "known",
           "extra_source_ids": "other"}
    return pd.DataFrame([row | changes])


@pytest.mark.parametrize("changes, expected", [
    ({"extra_source_ids": "missing"}, "unknown source"),
    ({"extra_source_ids": "known"}, "listed twice"),
    ({"extra_source_ids": "other;other"}, "listed twice"),
])
def test_broken_extra_sources_are_caught(changes, expected):
    assert any(expected in p for p in extra_source_problems(_row(**changes), {"known", "other"}))


@pytest.mark.parametrize("published, caught", [("2025-03-11", False), ("2025-03-07", True), ("2025-04-30", True),
                                               ("2025-03", False), ("2025-01", True)])
def test_implausible_publication_dates_are_caught(published, caught):
    assert bool(publication_problems(_row(), pd.Series({"known": published}))) is caught
