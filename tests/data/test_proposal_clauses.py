"""Coding rules of data/proposal_clauses.csv that its schema cannot express.

The schema already refuses a clause without an issue, a component or a code from the lists;
these tests check how the columns fit together and with proposals.csv and positions.csv.
Each rule is a function returning its problems, shown failing on a broken copy of the table.
"""

import re

import pandas as pd
import pytest

import peacebook as pb
from tests.data.plans_rules import plan_codes

#: The deal component each issue falls under (the chapter prints the same table).
COMPONENT = {"territory_line": "territory", "crimea_donbas_status": "territory", "nato_neutrality": "nato_membership",
             "security_guarantees": "security_guarantees", "army_limits": "army_size", "sanctions": "sanctions_relief",
             "frozen_assets_reconstruction": "sanctions_relief", "elections_signatories": "elections_legitimacy"}
OUTSIDE = "beyond_components"

#: What a code on each issue may be measured against, per side (besides 'none' for not_applicable).
REFERENCES = {
    "russia": {"territory_line": {"territory"}, "crimea_donbas_status": {"territory"}, "nato_neutrality": {"nato_membership"},
               "security_guarantees": {"security_guarantees", "nato_membership"}, "army_limits": {"army_size"},
               "sanctions": {"sanctions_relief"}, "frozen_assets_reconstruction": {"sanctions_relief"},
               "elections_signatories": {"elections_legitimacy"}, "zaporizhzhia_energy": {"territory"},
               "ceasefire_monitoring": {"security_guarantees", "territory"},
               "language_church_amnesty": {"putin_speech_2024_06_14"}, "prisoners_children": set(), "other": set()},
    "ukraine": {"territory_line": {"territory"}, "crimea_donbas_status": {"territory"}, "nato_neutrality": {"nato_membership"},
                "security_guarantees": {"security_guarantees"}, "army_limits": {"army_size"},
                "sanctions": {"sanctions_relief"}, "frozen_assets_reconstruction": {"sanctions_relief"},
                "elections_signatories": {"elections_legitimacy"}, "zaporizhzhia_energy": {"peace_formula"},
                "ceasefire_monitoring": {"territory"}, "language_church_amnesty": {"peace_formula"},
                "prisoners_children": {"peace_formula"}, "other": {"peace_formula", "security_guarantees", "territory"}},
}
FULL_TEXT = {"official_full_text", "leaked_full_text"}
SIDES = ("russia", "ukraine")


def key(row) -> str:
    return f"{row.proposal_id} clause {row.clause_no}"


def link_problems(clauses: pd.DataFrame, plans: pd.DataFrame) -> list[str]:
    """Every clause belongs to a plan in proposals.csv, and every plan has clauses."""
    known = set(plans["proposal_id"])
    problems = [f"{key(r)}: plan {r.proposal_id!r} is not in proposals.csv" for r in clauses.itertuples()
                if r.proposal_id not in known]
    problems += [f"{p}: no clauses" for p in sorted(known - set(clauses["proposal_id"]))]
    return problems


def component_problems(clauses: pd.DataFrame) -> list[str]:
    """The component is the one the issue falls under."""
    return [f"{key(r)}: issue {r.issue!r} falls under {COMPONENT.get(r.issue, OUTSIDE)!r}, not {r.component!r}"
            for r in clauses.itertuples() if COMPONENT.get(r.issue, OUTSIDE) != r.component]


def reference_problems(clauses: pd.DataFrame, positions: pd.DataFrame) -> list[str]:
    """A code is not_applicable exactly when it is measured against nothing; otherwise against a
    reference the issue allows, and a positions.csv reference is a row that side stated."""
    stated = {(r.party, r.component) for r in positions.itertuples() if r.date_stated == r.date_stated and r.date_stated}
    problems = []
    for r in clauses.itertuples():
        for side in SIDES:
            code, ref = getattr(r, f"stance_vs_{side}"), getattr(r, f"measured_against_{side}")
            if (code == "not_applicable") != (ref == "none"):
                problems.append(f"{key(r)}: {side} code {code!r} measured against {ref!r}")
            elif ref != "none" and ref not in REFERENCES[side][r.issue]:
                problems.append(f"{key(r)}: a {r.issue} clause cannot be measured against {side}'s {ref!r}")
            elif ref in COMPONENT.values() and (side, ref) not in stated:
                problems.append(f"{key(r)}: positions.csv has no stated {side} position on {ref!r}")
    return problems


def coverage_problems(clauses: pd.DataFrame, plans: pd.DataFrame) -> list[str]:
    """A plan with a full text has a clause on every issue it addresses, and no clause on an issue
    it is not listed as addressing (the catch-all 'other' aside)."""
    issues = clauses[clauses["issue"] != "other"].groupby("proposal_id")["issue"].agg(set)
    problems = []
    for p in plans.itertuples():
        listed, coded = set(p.issues_addressed.split(";")), issues.get(p.proposal_id, set())
        if p.text_kind in FULL_TEXT and listed - coded:
            problems.append(f"{p.proposal_id}: full text addresses {sorted(listed - coded)} but has no clause on it")
        if coded - listed:
            problems.append(f"{p.proposal_id}: clauses on {sorted(coded - listed)}, which issues_addressed does not list")
    return problems


def related_problems(clauses: pd.DataFrame, plans: pd.DataFrame) -> list[str]:
    """Related clauses agree. Two kinds of related clause:

    - accounts of one document (same document_id) on the same issue: the plan's code on that issue
      (least favourable clause) is the same in every account, unless a clause there is flagged
      disputed; and disputed is only used where a document has several accounts;
    - a clause whose note says it is coded "As <plan> clause <n>": the same codes as that clause.
    """
    document = plans.set_index("proposal_id")["document_id"]
    accounts = document.map(document.value_counts())
    problems = []
    for r in clauses[clauses["disputed"]].itertuples():
        if accounts.get(r.proposal_id, 1) < 2:
            problems.append(f"{key(r)}: flagged disputed, but its document has one account")
    frame = clauses.assign(document_id=clauses["proposal_id"].map(document))
    disputed = set(zip(frame.loc[frame["disputed"], "document_id"], frame.loc[frame["disputed"], "issue"], strict=True))
    for side in SIDES:
        codes = plan_codes(frame, side).rename("code").reset_index()
        codes = codes[codes["issue"] != "other"]
        codes["document_id"] = codes["proposal_id"].map(document)
        for (doc, issue), group in codes.groupby(["document_id", "issue"]):
            if group["code"].nunique() > 1 and (doc, issue) not in disputed:
                shown = ", ".join(f"{g.proposal_id} {g.code}" for g in group.itertuples())
                problems.append(f"{doc}, {issue}, against {side}: accounts differ ({shown}) and no clause is flagged disputed")
    indexed = clauses.set_index(["proposal_id", "clause_no"])
    for r in clauses.itertuples():
        match = re.match(r"As (?:([a-z0-9-]+) )?clause (\w+)\b(?! ?-)", r.coding_note)
        if not match:
            continue
        plan = match.group(1) or r.proposal_id
        match = (plan, match.group(2))
        if match not in indexed.index:
            problems.append(f"{key(r)}: coded as {match[0]} clause {match[1]}, which is not in the table")
            continue
        for side in SIDES:
            if indexed.loc[match, f"stance_vs_{side}"] != getattr(r, f"stance_vs_{side}"):
                problems.append(f"{key(r)}: coded as {match[0]} clause {match[1]} but differs against {side}")
    return problems


@pytest.fixture(scope="module")
def clauses():
    return pb.load("proposal_clauses")


@pytest.fixture(scope="module")
def plans():
    return pb.load("proposals")


def test_every_clause_belongs_to_a_plan_and_every_plan_has_clauses(clauses, plans):
    assert not link_problems(clauses, plans)
    broken = clauses.copy()
    broken.loc[0, "proposal_id"] = "no-such-plan"
    assert f"no-such-plan clause {clauses.loc[0, 'clause_no']}: plan 'no-such-plan' is not in proposals.csv" in \
        link_problems(broken, plans)
    without = clauses[clauses["proposal_id"] != "kellogg-fleitz-2024-04"]
    assert link_problems(without, plans) == ["kellogg-fleitz-2024-04: no clauses"]


def test_every_clause_has_the_component_its_issue_falls_under(clauses):
    assert not component_problems(clauses)
    broken = clauses.copy()
    broken.loc[broken["issue"] == "sanctions", "component"] = "territory"
    assert len(component_problems(broken)) == (clauses["issue"] == "sanctions").sum()


def test_every_code_is_measured_against_a_stated_reference(clauses):
    positions = pb.load("positions")
    assert not reference_problems(clauses, positions)
    broken = clauses.copy()
    first_na = broken.index[broken["stance_vs_russia"] == "not_applicable"][0]
    broken.loc[first_na, "stance_vs_russia"] = "opposed"
    broken.loc[broken["issue"] == "army_limits", "measured_against_ukraine"] = "peace_formula"
    problems = reference_problems(broken, positions)
    assert len(problems) == 1 + (clauses["issue"] == "army_limits").sum()
    no_elections = positions[~((positions["party"] == "russia") & (positions["component"] == "elections_legitimacy"))]
    assert any("no stated russia position" in p for p in reference_problems(clauses, no_elections))


def test_every_full_text_has_a_clause_on_each_issue_it_addresses(clauses, plans):
    assert not coverage_problems(clauses, plans)
    broken = plans.copy()
    row = broken.index[broken["proposal_id"] == "ru-memorandum-2025-06"][0]
    broken.loc[row, "issues_addressed"] += ";prisoners_children;zaporizhzhia_energy"
    assert coverage_problems(clauses, broken) == [
        "ru-memorandum-2025-06: full text addresses ['zaporizhzhia_energy'] but has no clause on it"]


def test_related_clauses_agree(clauses, plans):
    assert not related_problems(clauses, plans)
    broken = clauses.copy()
    broken.loc[(broken["proposal_id"] == "us-final-offer-2025-04-axios") & (broken["clause_no"] == "3"),
               "stance_vs_ukraine"] = "bridgeable"
    memo = (broken["proposal_id"] == "ru-memorandum-2025-06") & (broken["clause_no"] == "15c")
    broken.loc[memo, "stance_vs_russia"] = "opposed"
    broken.loc[(broken["proposal_id"] == "ru-putin-terms-2024-06") & (broken["clause_no"] == "1"), "disputed"] = True
    problems = related_problems(broken, plans)
    assert len(problems) == 3, problems
