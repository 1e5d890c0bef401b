"""Rules about data/proposals.csv that its schema cannot express.

Each rule is a function returning its problems, so every test can show it failing on a
deliberately broken copy of the table as well as passing on the real one.
"""

import pandas as pd
import pytest

import peacebook as pb

REVISED = {"revised", "superseded"}


def supersession_problems(plans: pd.DataFrame) -> list[str]:
    """superseded_by names an existing, later plan, and is given exactly when the status says so."""
    known = plans.set_index("proposal_id")["date"]
    problems = []
    for row in plans.itertuples():
        target = row.superseded_by
        if (row.status in REVISED) != pd.notna(target):
            problems.append(f"{row.proposal_id}: status {row.status!r} with superseded_by {target!r}")
        if pd.notna(target):
            if target not in known:
                problems.append(f"{row.proposal_id}: superseded_by {target!r} is not a plan in the table")
            elif known[target] < row.date:
                problems.append(f"{row.proposal_id}: superseded by {target!r}, which is older")
    return problems


def date_problems(plans: pd.DataFrame, last_day: pd.Timestamp) -> list[str]:
    """Every plan is dated between the invasion and the last day a source was read."""
    bad = plans[(plans["date"] < pb.INVASION_DATE) | (plans["date"] > last_day)]
    return [f"{r.proposal_id}: date {r.date:%Y-%m-%d} is outside {pb.INVASION_DATE:%Y-%m-%d} to {last_day:%Y-%m-%d}"
            for r in bad.itertuples()]


def issue_list_problems(plans: pd.DataFrame) -> list[str]:
    """issues_addressed lists issue codes of proposal_clauses (not the catch-all), each once."""
    allowed = set(pb.enum("proposal_clauses", "issue")) - {"other"}
    problems = []
    for row in plans.itertuples():
        codes = row.issues_addressed.split(";")
        unknown = [c for c in codes if c not in allowed]
        if unknown or len(codes) != len(set(codes)):
            problems.append(f"{row.proposal_id}: issues_addressed has unknown or repeated codes {unknown or codes}")
    return problems


def account_problems(plans: pd.DataFrame) -> list[str]:
    """Accounts of one document (same document_id) name the same drafter and are dated within a week."""
    problems = []
    for document, group in plans.groupby("document_id"):
        if group["lead_actor"].nunique() > 1:
            problems.append(f"{document}: accounts name different drafters {sorted(group['lead_actor'])}")
        if group["date"].max() - group["date"].min() > pd.Timedelta(days=7):
            problems.append(f"{document}: accounts dated more than a week apart")
    return problems


@pytest.fixture(scope="module")
def plans():
    return pb.load("proposals")


def test_superseded_by_points_to_a_later_plan(plans):
    assert not supersession_problems(plans)
    broken = plans.copy()
    broken.loc[broken["proposal_id"] == "us-28-point-2025-11-axios", "superseded_by"] = "no-such-plan"
    broken.loc[broken["proposal_id"] == "kellogg-fleitz-2024-04", "status"] = "revised"
    problems = supersession_problems(broken)
    assert any("no-such-plan" in p for p in problems) and any(p.startswith("kellogg-fleitz") for p in problems)


def test_dates_lie_between_the_invasion_and_the_last_source_read(plans):
    last_day = pb.as_of()["sources_checked"]
    assert not date_problems(plans, last_day)
    broken = plans.copy()
    broken.loc[0, "date"] = pb.INVASION_DATE - pd.Timedelta(days=1)
    assert len(date_problems(broken, last_day)) == 1


def test_issues_addressed_are_issue_codes(plans):
    assert not issue_list_problems(plans)
    broken = plans.copy()
    broken.loc[0, "issues_addressed"] = "territory_line;territory_line;weather"
    assert issue_list_problems(broken)


def test_accounts_of_one_document_belong_together(plans):
    assert not account_problems(plans)
    broken = plans.copy()
    broken.loc[broken["proposal_id"] == "us-final-offer-2025-04-axios", "lead_actor"] = "russia"
    assert account_problems(broken) == ["us-framework-2025-04: accounts name different drafters ['russia', 'united_states']"]
