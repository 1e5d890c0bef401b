"""gas_imports_russia_official: the rules its schema cannot express."""

import peacebook as pb


def test_periods_end_after_they_start():
    official = pb.load("gas_imports_russia_official")
    assert (official["period_end"] > official["period_start"]).all()


def test_pipeline_and_lng_add_up_to_the_volume():
    full = pb.load("gas_imports_russia_official").dropna(subset=["pipeline_bcm", "lng_bcm"])
    assert (full["pipeline_bcm"] + full["lng_bcm"] == full["volume_bcm"]).all()


def test_one_full_year_figure_per_year():
    """The chapter draws one bar a year: two full-year figures for a year would need a choice the table does not make."""
    official = pb.load("gas_imports_russia_official")
    full = official[(official["period_start"].dt.is_year_start) & official["period_end"].dt.is_year_end]
    assert not full["period_end"].dt.year.duplicated().any(), full
