"""Small text helpers for prose and tables built in notebooks."""

from __future__ import annotations

import pandas as pd


def long_date(value) -> str:
    """A date as readers write it: ``19 December 2024``."""
    day = pd.Timestamp(value)
    return f"{day.day} {day:%B %Y}"


def month_year(value) -> str:
    """A month as readers write it: ``December 2024``."""
    return f"{pd.Timestamp(value):%B %Y}"


def cite(source_ids: str, separator: str = ";") -> str:
    """MyST footnote citations for ``source_ids`` joined by ``separator`` (as in a ``source_ids`` column)."""
    return "".join(f"{{footcite}}`{i}`" for i in source_ids.split(separator) if i)
