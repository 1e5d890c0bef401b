"""The claims ledger (data/claims.csv): rules its schema cannot express.

The loader already refuses an unknown verdict or rule, an empty cell where one is required,
a malformed id list and an unknown source. What is checked here spans rows and tables: the
rule named on a claim gives that claim's verdict, claims on the same point carry the same
verdict (and say so both ways), the ledger keeps the article's order, and no verdict rests
on a party to the war alone. Each check is a plain function, shown failing on a broken
ledger as well as passing on the real one.
"""

import json
import shutil

import pandas as pd
import pytest

import peacebook as pb
from peacebook.data import DATA_DIR, DataError, load


def rule_problems(ledger: pd.DataFrame, rules: pd.DataFrame) -> list[str]:
    """A verdict without a rule, a rule that does not exist, or a rule that gives another verdict."""
    verdict_of = dict(zip(rules["rule_id"], rules["verdict"], strict=True))
    problems = []
    for row in ledger.itertuples(index=False):
        rule = row.rule if isinstance(row.rule, str) else ""
        if not rule:
            problems.append(f"{row.claim_id}: verdict {row.verdict!r} has no rule (name one from verdict_rules.csv)")
        elif rule not in verdict_of:
            problems.append(f"{row.claim_id}: rule {rule!r} is not in verdict_rules.csv")
        elif verdict_of[rule] != row.verdict:
            problems.append(f"{row.claim_id}: rule {rule!r} gives {verdict_of[rule]!r}, not {row.verdict!r}")
    return problems


def related_problems(ledger: pd.DataFrame) -> list[str]:
    """Related claims must exist, list each other, and carry the same verdict."""
    verdict = dict(zip(ledger["claim_id"], ledger["verdict"], strict=True))
    related = {row.claim_id: set(row.related_claims.split(";")) if isinstance(row.related_claims, str) else set()
               for row in ledger.itertuples(index=False)}
    problems = []
    for claim, others in related.items():
        for other in sorted(others):
            if other == claim:
                problems.append(f"{claim}: lists itself as related")
            elif other not in verdict:
                problems.append(f"{claim}: related claim {other} is not in the ledger")
            else:
                if claim not in related[other]:
                    problems.append(f"{claim}: lists {other} as on the same point, but {other} does not list {claim}")
                if verdict[other] != verdict[claim]:
                    problems.append(f"{claim} is {verdict[claim]!r} but {other}, on the same point, is {verdict[other]!r}")
    return problems


@pytest.fixture(scope="module")
def ledger():
    return load("claims")


@pytest.fixture(scope="module")
def rules():
    return load("verdict_rules")


def test_every_verdict_comes_from_its_rule(ledger, rules):
    problems = rule_problems(ledger, rules)
    assert not problems, "\n".join(problems)


def test_claims_on_the_same_point_have_the_same_verdict(ledger):
    problems = related_problems(ledger)
    assert not problems, "\n".join(problems)
    assert ledger["related_claims"].notna().sum() >= 2, "no related pairs are marked: mark claims on the same point"


def test_ledger_keeps_the_article_order_and_size(ledger):
    assert 25 <= len(ledger) <= 45, f"the ledger has {len(ledger)} claims; the article holds about 25 to 45"
    assert list(ledger["claim_id"]) == sorted(ledger["claim_id"]), "claims are listed in the article's order (C01, C02, ...)"
    sections = list(dict.fromkeys(ledger["section"]))
    assert sections == [s for s in pb.enum("claims", "section") if s in sections], "sections follow the article's order"


def test_party_to_war_sources_are_never_the_only_evidence(ledger):
    parties = pb.sources.parties()
    alone = [row.claim_id for row in ledger.itertuples(index=False)
             if all(parties.get(s) for s in row.source_ids.split(";"))]
    assert not alone, f"claims judged on a party to the war's word alone: {alone}"


# --- The checks fail on broken input ------------------------------------------------------------

RULES = pd.DataFrame({"rule_id": ["confirmed", "omission"], "verdict": ["supported", "needs context"]})


def _ledger(*rows):
    base = {"claim_id": "C99", "verdict": "supported", "rule": "confirmed", "related_claims": None}
    return pd.DataFrame([{**base, **row} for row in rows])


@pytest.mark.parametrize("row, expected", [
    ({"rule": None}, "has no rule"),
    ({"rule": ""}, "has no rule"),
    ({"rule": "gut-feeling"}, "is not in verdict_rules.csv"),
    ({"verdict": "wrong", "rule": "omission"}, "gives 'needs context', not 'wrong'"),
])
def test_rule_check_catches_a_verdict_without_its_rule(row, expected):
    problems = rule_problems(_ledger(row), RULES)
    assert len(problems) == 1 and expected in problems[0] and problems[0].startswith("C99:"), problems


def test_related_check_catches_pairs_that_disagree():
    # The ledger's old state: C15 "wrong" on the same point as C13 "needs context".
    broken = _ledger({"claim_id": "C13", "verdict": "needs context", "rule": "omission", "related_claims": "C15"},
                     {"claim_id": "C15", "verdict": "wrong", "rule": "contradicted", "related_claims": "C13"})
    problems = related_problems(broken)
    assert any("C13 is 'needs context' but C15" in p for p in problems), problems


@pytest.mark.parametrize("rows, expected", [
    ([{"claim_id": "C01", "related_claims": "C02"}, {"claim_id": "C02"}], "C02 does not list C01"),
    ([{"claim_id": "C01", "related_claims": "C07"}], "C07 is not in the ledger"),
    ([{"claim_id": "C01", "related_claims": "C01"}], "lists itself"),
])
def test_related_check_catches_one_sided_or_dangling_links(rows, expected):
    assert any(expected in p for p in related_problems(_ledger(*rows))), related_problems(_ledger(*rows))


def test_the_loader_refuses_a_claim_without_a_rule(tmp_path):
    """The schema makes the rule required: a ledger row with an empty rule does not load."""
    data = tmp_path / "data"
    (data / "schemas").mkdir(parents=True)
    for name in ("claims", "sources"):
        shutil.copy(DATA_DIR / "schemas" / f"{name}.json", data / "schemas" / f"{name}.json")
    shutil.copy(DATA_DIR / "sources.csv", data / "sources.csv")
    frame = pd.read_csv(DATA_DIR / "claims.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "rule"] = ""
    frame.to_csv(data / "claims.csv", index=False)
    with pytest.raises(DataError, match="rule.*required|required.*rule"):
        load("claims", data)
    schema = json.loads((DATA_DIR / "schemas" / "claims.json").read_text(encoding="utf-8"))
    assert any(f["name"] == "rule" and f["constraints"]["required"] for f in schema["schema"]["fields"])
