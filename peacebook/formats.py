"""How the book writes dates and numbers: one style in prose, one in tables.

- Prose dates: ``19 December 2024`` (:func:`long_date`); months: ``December 2024``.
- Table dates: ``19 Dec 2024`` (:func:`short_date`).
- Negative numbers carry a true minus sign, U+2212 (:func:`signed`).
- Prose rounds to what matters (:func:`rounded`); tables and CSVs keep exact values.
"""

from __future__ import annotations

import math

import pandas as pd

MINUS = "\u2212"


def long_date(value) -> str:
    """A date as prose writes it: ``19 December 2024``."""
    day = pd.Timestamp(value)
    return f"{day.day} {day:%B %Y}"


def short_date(value) -> str:
    """A date as tables write it: ``19 Dec 2024``."""
    day = pd.Timestamp(value)
    return f"{day.day} {day:%b %Y}"


def month_year(value) -> str:
    """A month as prose writes it: ``December 2024``."""
    return f"{pd.Timestamp(value):%B %Y}"


def signed(value: float, fmt: str = ",.0f") -> str:
    """``value`` with an explicit sign and a true minus: ``+3,735`` or ``−1,200``."""
    shown = format(abs(value), fmt)
    if float(shown.replace(",", "")) == 0:
        return shown
    return ("+" if value > 0 else MINUS) + shown


def rounded(value: float, significant: int = 2) -> float:
    """``value`` rounded to ``significant`` figures, for prose (6,813,900 → 6,800,000)."""
    if value == 0 or not math.isfinite(value):
        return value
    digits = significant - 1 - math.floor(math.log10(abs(value)))
    return round(value, digits)

