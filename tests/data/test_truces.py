"""Rules about data/truces.csv that its schema cannot express.

Each rule is a function returning its problems, shown failing on a broken copy of the table.
"""

import pandas as pd
import pytest

import peacebook as pb
from peacebook.sources import parties

SIDES = ("russia", "ukraine")


def window_problems(truces: pd.DataFrame, last_day: pd.Timestamp) -> list[str]:
    """Dates in order and in range; the days in force fit the stated window."""
    problems = []
    for t in truces.itertuples():
        if not pb.INVASION_DATE <= t.declared_on <= last_day:
            problems.append(f"{t.truce_id}: declared on {t.declared_on:%Y-%m-%d}, outside the record")
        if pd.notna(t.start_date) and t.start_date < t.declared_on:
            problems.append(f"{t.truce_id}: starts before it was declared")
        if pd.notna(t.start_date) and pd.notna(t.end_date):
            days = (t.end_date - t.start_date).days + 1
            if days < 1:
                problems.append(f"{t.truce_id}: ends before it starts")
            elif pd.notna(t.in_force_days) and not t.in_force_days <= days <= t.in_force_days + 1:
                problems.append(f"{t.truce_id}: {t.in_force_days:g} days in force do not fit a window of {days} calendar days")
    return problems


def status_problems(truces: pd.DataFrame) -> list[str]:
    """A truce in force for some days took effect; one that never took effect has 0 days; a
    proposal never took effect; it cannot stay in force longer than declared."""
    problems = []
    for t in truces.itertuples():
        if t.kind == "proposal" and t.took_effect == "yes":
            problems.append(f"{t.truce_id}: a proposal that took effect is not a proposal")
        if t.took_effect == "no" and t.in_force_days != 0:
            problems.append(f"{t.truce_id}: never took effect but has {t.in_force_days} days in force")
        if pd.notna(t.in_force_days) and t.in_force_days > 0 and t.took_effect != "yes":
            problems.append(f"{t.truce_id}: {t.in_force_days:g} days in force but took_effect is {t.took_effect!r}")
        if pd.notna(t.in_force_days) and pd.notna(t.declared_days) and t.in_force_days > t.declared_days:
            problems.append(f"{t.truce_id}: in force longer than declared")
    return problems


def claim_problems(truces: pd.DataFrame, party_of: dict) -> list[str]:
    """A violation count is a claim: it comes with a note saying who gave it, for a truce that took
    effect, and the row cites a source marked as that side's (so tables label it as its claim)."""
    problems = []
    for t in truces.itertuples():
        cited = {party_of.get(i) for i in t.source_ids.split(";")}
        for side in SIDES:
            if pd.isna(getattr(t, f"violations_claimed_by_{side}")):
                continue
            if t.took_effect != "yes":
                problems.append(f"{t.truce_id}: violations of a truce that never took effect")
            if not isinstance(t.violations_note, str) or not t.violations_note.strip():
                problems.append(f"{t.truce_id}: a violation count without a note on who gave it")
            if side not in cited:
                problems.append(f"{t.truce_id}: {side}'s count, but no source of the row is marked as {side}'s")
    return problems


@pytest.fixture(scope="module")
def truces():
    return pb.load("truces")


def test_dates_are_in_order_and_fit_the_days_in_force(truces):
    last_day = pb.as_of()["sources_checked"]
    assert not window_problems(truces, last_day)
    broken = truces.copy()
    easter = broken["truce_id"] == "easter-2025-04"
    broken.loc[easter, "end_date"] = pd.Timestamp("2025-04-25")
    broken.loc[broken["truce_id"] == "victory-day-2025-05", "start_date"] = pd.Timestamp("2025-04-01")
    assert len(window_problems(broken, last_day)) == 3


def test_status_fields_agree(truces):
    assert not status_problems(truces)
    broken = truces.copy()
    broken.loc[broken["truce_id"] == "us-30-day-ceasefire-2025-03", "in_force_days"] = 30.0
    broken.loc[broken["truce_id"] == "christmas-truce-proposal-2025-12", "took_effect"] = "yes"
    assert len(status_problems(broken)) == 3  # the first edit breaks two rules


def test_violation_counts_are_labelled_claims(truces):
    party_of = parties()
    assert not claim_problems(truces, party_of)
    broken = truces.copy()
    easter = broken.index[broken["truce_id"] == "easter-2025-04"][0]
    broken.loc[easter, "source_ids"] = "politico-eu-2025-04-19-easter-truce"
    assert claim_problems(broken, party_of) == [
        "easter-2025-04: russia's count, but no source of the row is marked as russia's",
        "easter-2025-04: ukraine's count, but no source of the row is marked as ukraine's"]
