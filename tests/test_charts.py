"""The chart helpers enforce the book's chart rules and write deterministic SVG."""

import io

import matplotlib
import pytest

matplotlib.use("Agg")

from peacebook import charts  # noqa: E402


def render(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buffer.getvalue()


def sample():
    fig, ax = charts.figure("A takeaway", "What, unit, period", "A producer", note="A caveat")
    ax.plot([1, 2, 3], [3, 1, 2], color=charts.actor_colour("russia"))
    return fig


def test_svg_is_byte_identical_across_renders():
    assert render(sample()) == render(sample())


def test_svg_keeps_text_as_text_and_carries_no_date():
    svg = render(sample()).decode()
    assert "A takeaway" in svg and "Source: A producer" in svg and "Note: A caveat" in svg
    assert "<dc:date>" not in svg


@pytest.mark.parametrize("kind", ["title", "subtitle", "source"])
def test_over_budget_or_empty_text_is_refused(kind):
    texts = {"title": "t", "subtitle": "s", "source": "p"}
    texts[kind] = "x" * (charts.BUDGETS[kind] + 1)
    with pytest.raises(ValueError, match=f"chart {kind} is {charts.BUDGETS[kind] + 1} characters"):
        charts.figure(**texts)
    texts[kind] = " "
    with pytest.raises(ValueError, match=f"chart {kind} is empty"):
        charts.figure(**texts)


def test_unknown_actor_names_the_known_ones():
    with pytest.raises(KeyError, match="unknown actor 'nato'"):
        charts.actor_colour("nato")


def test_actor_colours_are_distinct():
    assert len(set(charts.ACTOR_COLOURS.values())) == len(charts.ACTOR_COLOURS)
