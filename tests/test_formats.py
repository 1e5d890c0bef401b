"""peacebook.formats: one date style in prose, one in tables; true minus signs; rounding for prose."""

import pandas as pd

from peacebook.constants import OFFER_DATE
from peacebook.formats import MINUS, long_date, month_year, rounded, short_date, signed


def test_long_date_has_no_leading_zero_and_full_month():
    assert long_date("2025-01-05") == "5 January 2025"
    assert long_date(OFFER_DATE) == "19 December 2024"


def test_short_date_for_tables():
    assert short_date(pd.Timestamp("2025-03-01")) == "1 Mar 2025"


def test_month_year():
    assert month_year("2022-08-15") == "August 2022"


def test_signed_uses_a_true_minus_and_no_sign_for_zero():
    assert signed(3734.6) == "+3,735"
    assert signed(-1200) == MINUS + "1,200"
    assert signed(-0.2) == "0"


def test_rounded_to_significant_figures():
    assert rounded(6_813_900) == 6_800_000
    assert rounded(111_755, 4) == 111_800
    assert rounded(0.0) == 0.0
