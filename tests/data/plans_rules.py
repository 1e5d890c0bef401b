"""Shared reading of the plans tables for the data tests: a plan's code on an issue.

A plan's code on an issue, against one side, is the least favourable code among its clauses on
that issue (opposed before bridgeable before compatible); not_applicable clauses do not count.
The chapter states the same rule; the tests use it to compare accounts of one document.
"""

import pandas as pd

#: Order of distance from a side's position, nearest first.
ORDER = ("compatible", "bridgeable", "opposed")


def plan_codes(clauses: pd.DataFrame, side: str) -> pd.Series:
    """``(proposal_id, issue) -> code`` against ``side``, by the least-favourable rule."""
    coded = clauses[clauses[f"stance_vs_{side}"].isin(ORDER)]
    rank = coded[f"stance_vs_{side}"].map(ORDER.index)
    worst = rank.groupby([coded["proposal_id"], coded["issue"]]).max()
    return worst.map(lambda i: ORDER[i])
