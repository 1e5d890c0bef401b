"""The claims ledger (data/claims.csv): verdicts from the fixed set, evidence behind every verdict.

The checks are plain functions so that the tests below can show each one failing on a
broken ledger as well as passing on the real one.
"""

import pandas as pd
import pytest

from peacebook import load

VERDICTS = {"supported", "needs context", "unsupported", "wrong"}


def ledger_problems(ledger: pd.DataFrame, known_sources: set[str]) -> list[str]:
    """Every way a ledger row breaks the rules, one message per problem, naming the claim."""
    problems = []
    for row in ledger.itertuples(index=False):
        ids = [s for s in str(row.source_ids or "").split(";") if s]
        if row.verdict not in VERDICTS:
            problems.append(f"{row.claim_id}: verdict {row.verdict!r} is not one of {sorted(VERDICTS)}")
        if row.verdict != "unsupported" and not ids:
            problems.append(f"{row.claim_id}: verdict {row.verdict!r} needs at least one source of evidence")
        unknown = [s for s in ids if s not in known_sources]
        if unknown:
            problems.append(f"{row.claim_id}: unknown source_id(s) {unknown}")
        if not str(row.explanation or "").strip():
            problems.append(f"{row.claim_id}: explanation is empty")
    return problems


@pytest.fixture(scope="module")
def ledger():
    return load("claims")


@pytest.fixture(scope="module")
def sources():
    return load("sources")


def test_every_claim_has_a_known_verdict_and_evidence(ledger, sources):
    problems = ledger_problems(ledger, set(sources["source_id"]))
    assert not problems, "\n".join(problems)


def test_ledger_covers_the_article(ledger):
    assert 25 <= len(ledger) <= 40, f"the ledger has {len(ledger)} claims; the article holds about 25 to 40"
    assert list(ledger["claim_id"]) == sorted(ledger["claim_id"]), "claims are listed in the article's order (C01, C02, ...)"
    assert ledger["verdict"].nunique() >= 3, "a ledger with only one or two verdicts has not been checked"


def test_party_to_war_sources_are_never_the_only_evidence(ledger, sources):
    party = set(sources.loc[sources["party"] != "none", "source_id"])
    only_party = [row.claim_id for row in ledger.itertuples(index=False)
                  if row.source_ids and set(row.source_ids.split(";")) <= party]
    assert not only_party, f"claims judged on a party to the war's word alone: {only_party}"


def _broken(**changes):
    row = {"claim_id": "C99", "section": "Lead", "claim": "A claim.", "verdict": "supported",
           "explanation": "What the evidence shows.", "source_ids": "known-source"}
    row.update(changes)
    return pd.DataFrame([row])


@pytest.mark.parametrize("changes, expected", [
    ({"verdict": "mostly true"}, "is not one of"),
    ({"verdict": "supported", "source_ids": ""}, "needs at least one source"),
    ({"verdict": "wrong", "source_ids": None}, "needs at least one source"),
    ({"source_ids": "known-source;not-a-source"}, "unknown source_id"),
    ({"explanation": " "}, "explanation is empty"),
])
def test_each_check_catches_its_broken_row(changes, expected):
    problems = ledger_problems(_broken(**changes), {"known-source"})
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("C99:") for p in problems), "every message names the claim"


def test_unsupported_claim_may_have_no_source():
    assert ledger_problems(_broken(verdict="unsupported", source_ids=""), {"known-source"}) == []
