"""The 'what happened next' timeline (data/timeline.csv): dated after the offer, tagged, sourced."""

import pandas as pd
import pytest

from peacebook import load

OFFER = pd.Timestamp("2024-12-19")
COMPONENTS = {"territory", "nato", "security_guarantees", "sanctions", "ceasefire", "prisoners", "aid", "talks"}
ACTORS = {"United States", "Russia", "Ukraine", "Europe", "Other"}


def timeline_problems(events: pd.DataFrame) -> list[str]:
    """Every way a timeline row breaks the rules, one message per problem, naming the row."""
    problems = []
    for number, row in enumerate(events.itertuples(index=False), start=1):
        where = f"row {number} ({row.date:%Y-%m-%d})" if pd.notna(row.date) else f"row {number}"
        if pd.isna(row.date) or row.date <= OFFER:
            problems.append(f"{where}: the timeline starts after 19 December 2024")
        bad = set(str(row.components).split(";")) - COMPONENTS
        if bad:
            problems.append(f"{where}: unknown component(s) {sorted(bad)}")
        bad = set(str(row.actors).split(";")) - ACTORS
        if bad:
            problems.append(f"{where}: unknown actor(s) {sorted(bad)}")
        if not str(row.source_id or "").strip():
            problems.append(f"{where}: no source")
    if not events["date"].is_monotonic_increasing:
        problems.append("rows are not in date order")
    return problems


@pytest.fixture(scope="module")
def events():
    return load("timeline")


def test_every_event_is_dated_tagged_and_sourced(events):
    problems = timeline_problems(events)
    assert not problems, "\n".join(problems)


def test_every_component_is_followed(events):
    seen = {c for value in events["components"] for c in value.split(";")}
    assert seen == COMPONENTS, f"components with no event: {sorted(COMPONENTS - seen)}"


def test_the_inauguration_opens_the_record(events):
    assert events["date"].min() == pd.Timestamp("2025-01-20"), "the record starts with the inauguration of January 2025"


def _broken(**changes):
    row = {"date": pd.Timestamp("2025-03-11"), "event": "An event.", "actors": "Ukraine",
           "components": "talks", "source_id": "known-source"}
    row.update(changes)
    return pd.DataFrame([row])


@pytest.mark.parametrize("changes, expected", [
    ({"date": pd.Timestamp("2024-12-01")}, "starts after 19 December 2024"),
    ({"components": "talks;peace"}, "unknown component"),
    ({"actors": "Ukraine;NATO"}, "unknown actor"),
    ({"source_id": ""}, "no source"),
])
def test_each_check_catches_its_broken_row(changes, expected):
    problems = timeline_problems(_broken(**changes))
    assert any(expected in p for p in problems), problems


def test_rows_out_of_order_are_caught():
    two = pd.concat([_broken(date=pd.Timestamp("2025-05-01")), _broken()], ignore_index=True)
    assert "rows are not in date order" in timeline_problems(two)
