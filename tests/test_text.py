"""Text helpers write dates and citations one way across the book."""

import pandas as pd

from peacebook.text import cite, long_date, month_year


def test_long_date_has_no_leading_zero_and_full_month():
    assert long_date("2025-01-05") == "5 January 2025"
    assert long_date(pd.Timestamp("2024-12-19")) == "19 December 2024"


def test_month_year():
    assert month_year("2022-08-15") == "August 2022"


def test_cite_skips_empty_parts():
    assert cite("a-source;b-source;") == "{footcite}`a-source`{footcite}`b-source`"
