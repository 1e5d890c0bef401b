"""peacebook.charts: the chart rules (texts, sizes, both variants) and the shared recipes."""

import io
import re

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from peacebook import charts, palette  # noqa: E402
from peacebook.constants import OFFER_DATE  # noqa: E402


def render(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def sample(layout=charts.WIDE):
    fig, ax = charts.figure("A takeaway", "What, unit, period", "A producer", note="A caveat", layout=layout)
    ax.plot([1, 2, 3], [3, 1, 2], color=palette.colour("russia"))
    return fig


def test_svg_is_byte_identical_across_renders():
    assert render(sample()) == render(sample())


def test_svg_keeps_text_as_text_and_carries_no_date():
    svg = render(sample()).decode()
    assert "A takeaway" in svg and "Source: A producer" in svg and "Note: A caveat" in svg and "What, unit, period" in svg
    assert "<dc:date>" not in svg


@pytest.mark.parametrize("layout", charts.LAYOUTS, ids=lambda layout: layout.name)
def test_each_variant_is_drawn_at_its_display_width(layout):
    svg = render(sample(layout)).decode()
    width_pt = float(re.search(r'width="([\d.]+)pt"', svg).group(1))
    assert width_pt == pytest.approx(layout.width_in * 72), "no tight cropping: the SVG is as wide as the layout"


@pytest.mark.parametrize("kind", ["title", "subtitle", "source"])
def test_over_budget_or_empty_text_is_refused(kind):
    texts = {"title": "t", "subtitle": "s", "source": "p"}
    texts[kind] = "x" * (charts.BUDGETS[kind] + 1)
    with pytest.raises(ValueError, match=f"chart {kind} is {charts.BUDGETS[kind] + 1} characters"):
        charts.figure(**texts)
    texts[kind] = " "
    with pytest.raises(ValueError, match=f"chart {kind} is empty"):
        charts.figure(**texts)


def test_text_below_the_minimum_size_is_refused():
    fig = sample()
    fig.axes[0].annotate("tiny label", xy=(1, 1), fontsize=7)
    with pytest.raises(ValueError, match=r"'tiny label' at 7 pt"):
        charts.check_font_sizes(fig, "chart 'x'")
    charts.check_font_sizes(sample())  # a chart made with the helpers passes


def test_chart_draws_and_glues_both_variants(monkeypatch):
    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda name, value, display: glued.__setitem__(name, value.get_figwidth()))
    seen = []
    charts.chart("fig_x", lambda c: seen.append(c.narrow), title="T", subtitle="S", source="P")
    assert seen == [False, True]
    assert glued == {"fig_x": charts.WIDE.width_in, "fig_x" + charts.NARROW_SUFFIX: charts.NARROW.width_in}


def test_chart_refuses_a_drawing_with_small_text(monkeypatch):
    monkeypatch.setattr("myst_nb.glue", lambda *a, **k: None)
    with pytest.raises(ValueError, match="narrow variant|wide variant"):
        charts.chart("fig_x", lambda c: c.ax.text(0, 0, "small", fontsize=6), title="T", subtitle="S", source="P")


def area_table():
    days = [OFFER_DATE + pd.Timedelta(days=d) for d in (-1, 0, 1)]
    return pd.DataFrame({"date": list(days) * 2, "tracker": ["The Economist"] * 3 + ["DeepState"] * 3,
                         "area_km2": [115_000.0, 115_195.0, 115_300.0, 111_700.0, 111_755.0, 111_800.0]})


def test_tracker_lines_use_each_trackers_colour_and_label_its_end():
    fig = sample()
    ax = fig.axes[0]
    ax.lines[0].remove()
    shown = charts.tracker_lines(ax, area_table(), start=OFFER_DATE)
    colours = {line.get_color().upper() for line in ax.lines}
    assert colours == {palette.TRACKERS["The Economist"], palette.TRACKERS["DeepState"]}
    assert shown["date"].min() == OFFER_DATE
    assert {t.get_text() for t in ax.texts[1:]} == {"The Economist", "DeepState"}, "after the subtitle"
    assert ax.lines[0].get_ydata()[-1] == pytest.approx(115.3), "drawn in thousand km²"


def test_range_band_hatches_a_partys_claim_and_says_so():
    fig = sample()
    ax = fig.axes[0]
    charts.range_band(ax, [1, 2], [1, 1], [2, 2], palette.colour("ukraine"), central=[1.5, 1.5], claim=True, label="Losses")
    band = ax.collections[-1]
    assert band.get_hatch() == charts.CLAIM_HATCH
    assert any(t.get_text() == "Losses (claim)" for t in ax.texts)


def test_hbars_write_values_and_mark_claims():
    fig = sample()
    ax = fig.axes[0]
    charts.hbars(ax, ["a", "b"], [10.0, 2000.0], palette.BLUE, claims=[False, True])
    assert [t.get_text() for t in ax.texts[1:]] == ["10", "2,000 (claim)"], "after the subtitle"
    assert ax.patches[1].get_hatch() == charts.CLAIM_HATCH and ax.patches[0].get_hatch() is None


def test_step_series_extends_to_the_end_date():
    fig = sample()
    ax = fig.axes[0]
    charts.step_series(ax, ["2022-01-01", "2023-01-01"], [1, 2], palette.BLACK, end="2024-12-31")
    assert pd.Timestamp(matplotlib.dates.num2date(ax.lines[-1].get_xdata(orig=False)[-1])).date().isoformat() == "2024-12-31"


def test_mark_offer_draws_the_offer_date():
    fig = sample()
    ax = fig.axes[0]
    charts.mark_offer(ax)
    assert ax.texts[-1].get_text() == "19 Dec 2024"


@pytest.mark.parametrize("layout", charts.LAYOUTS, ids=lambda layout: layout.name)
def test_date_axis_keeps_within_the_layouts_tick_budget(layout):
    fig, ax = charts.figure("T", "S", "P", layout=layout)
    ax.plot(pd.to_datetime(["2022-02-01", "2026-08-01"]), [0, 1])
    charts.date_axis(ax)
    fig.canvas.draw()
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert 2 <= len(ticks) <= layout.max_date_ticks + 1


def test_stance_matrix_fills_cells_with_the_stance_colours():
    fig = sample()
    ax = fig.axes[0]
    codes = pd.DataFrame({"territory": ["opposed", "bridgeable"]}, index=["russia", "us"])
    charts.stance_matrix(ax, codes, {"russia": "Russia", "us": "US"}, {"territory": "Territory"})
    fills = [matplotlib.colors.to_hex(p.get_facecolor()).upper() for p in ax.patches[-2:]]
    assert fills == [palette.STANCES["opposed"], palette.STANCES["bridgeable"]]


@pytest.mark.parametrize("layout", charts.LAYOUTS, ids=lambda layout: layout.name)
def test_subtitle_starts_at_the_figures_left_edge_whatever_the_tick_labels(layout):
    fig, ax = charts.figure("A takeaway", "What is measured, in which unit", "A producer", layout=layout)
    ax.set_yticks([0, 1], ["a very long tick label indeed", "b"])
    fig.canvas.draw()
    subtitle = next(t for t in ax.texts if t.get_text() == "What is measured, in which unit")
    left = subtitle.get_window_extent().x0 / fig.bbox.width
    assert left == pytest.approx(0.01, abs=0.005)
    assert subtitle.get_window_extent().x1 <= fig.bbox.width, "the subtitle stays inside the figure"
