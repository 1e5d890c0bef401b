"""The ledger's rubric (data/verdict_rules.csv): one rule set, the same scale as the ledger."""

import peacebook as pb
from peacebook.data import load


def test_every_verdict_on_the_scale_has_a_rule_in_scale_order():
    rules = load("verdict_rules")
    scale = list(pb.enum("claims", "verdict"))
    assert list(pb.enum("verdict_rules", "verdict")) == scale, "the rubric and the ledger use one scale"
    shown = list(dict.fromkeys(rules["verdict"]))
    assert shown == scale, f"rules must cover every verdict, in the scale's order {scale}; found {shown}"


def test_the_ledger_may_name_exactly_the_rules_of_the_rubric():
    assert list(pb.enum("claims", "rule")) == list(load("verdict_rules")["rule_id"]), \
        "claims.rule's enum (data/schemas/claims.json) must list the rule ids of verdict_rules.csv, in order"


def test_wrong_is_kept_for_contradiction():
    rules = load("verdict_rules").set_index("rule_id")
    wrong = rules[rules["verdict"] == "wrong"]
    assert len(wrong) == 1 and "contradicts" in wrong["rule"].iloc[0], "one rule gives 'wrong': the record contradicts the claim"
    assert (rules.loc[rules["verdict"] == "needs context", "rule"].str.contains("leaves out|wording")).all()
