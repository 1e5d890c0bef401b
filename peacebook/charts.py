"""One chart style for the whole book, and the helpers every chapter uses.

A chart in this book has: a takeaway title (a sentence), a subtitle saying what is
measured, in which unit and over which period, a "Source:" line naming the producers,
and, where needed, a "Note:" line with the one caveat that prevents misreading.
:func:`figure` lays all of that out; :func:`glue_figure` hands the finished chart to
MyST-NB so that the page places it with its alt text and caption.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

STYLE = Path(__file__).with_name("peacebook.mplstyle")

#: One colour per actor (Okabe-Ito palette, safe for the common colour-vision deficiencies).
ACTOR_COLOURS = {
    "russia": "#D55E00",  # vermillion
    "ukraine": "#0072B2",  # blue
    "united_states": "#CC79A7",  # reddish purple
    "europe": "#009E73",  # bluish green
    "other": "#777777",  # grey
}

#: Colours for series that are not actors (trackers, pollsters, commodities), in order of use.
SERIES_COLOURS = ["#000000", "#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#777777"]

#: The day of Putin's remark that frames the book; every time chart marks it.
OFFER_DATE = pd.Timestamp("2024-12-19")

TEXT_COLOUR = "#333333"
MUTED_COLOUR = "#666666"
BUDGETS = {"title": 100, "subtitle": 280, "source": 120, "note": 200}


def actor_colour(actor: str) -> str:
    """Colour of an actor (``russia``, ``ukraine``, ``united_states``, ``europe``, ``other``)."""
    try:
        return ACTOR_COLOURS[actor]
    except KeyError:
        raise KeyError(f"unknown actor {actor!r}; use one of {sorted(ACTOR_COLOURS)}") from None


def use_style() -> None:
    """Apply the book's matplotlib style (fonts, grid, palette, deterministic SVG ids)."""
    plt.style.use(STYLE)


def figure(title: str, subtitle: str, source: str, note: str | None = None,
           nrows: int = 1, ncols: int = 1, height: float = 4.4, **subplot_kw):
    """Create a figure with the book's title, subtitle, source and note lines.

    ``title`` states the takeaway in a sentence; ``subtitle`` says what is measured, the
    unit and the period; ``source`` names the producers (without the word "Source");
    ``note`` is an optional caveat. Each text must stay within the budgets in
    :data:`BUDGETS`; a longer one raises ``ValueError`` so charts stay legible on a phone.
    Returns ``(fig, ax)`` (``ax`` is an array when ``nrows`` or ``ncols`` exceed 1).
    """
    for kind, text in (("title", title), ("subtitle", subtitle), ("source", source), ("note", note)):
        if text is not None and len(text) > BUDGETS[kind]:
            raise ValueError(f"chart {kind} is {len(text)} characters, over its budget of {BUDGETS[kind]}: {text!r}")
        if kind != "note" and not (text or "").strip():
            raise ValueError(f"chart {kind} is empty; every chart needs a title, a subtitle and a source")
    use_style()
    fig, ax = plt.subplots(nrows, ncols, figsize=(7.0, height), **subplot_kw)
    fig.suptitle(_wrap(title, 62), x=0.0, ha="left", fontsize=13.5, fontweight="bold", color=TEXT_COLOUR)
    first = ax.flat[0] if hasattr(ax, "flat") else ax
    first.set_title(_wrap(subtitle, 80), loc="left", color=MUTED_COLOUR, fontsize=10.5, pad=10)
    footer = _wrap("Source: " + source, 95)
    if note:
        footer += "\n" + _wrap("Note: " + note, 95)
    fig.supxlabel(footer, x=0.0, ha="left", fontsize=8.5, color=MUTED_COLOUR, linespacing=1.3)
    return fig, ax


def mark_offer(ax, label: str = "19 Dec 2024: Putin says he is ready to talk", y: float = 0.98) -> None:
    """Draw the book's reference line on a time axis: 19 December 2024."""
    ax.axvline(OFFER_DATE, color=MUTED_COLOUR, linestyle="--", linewidth=1)
    if label:
        ax.annotate(label, xy=(OFFER_DATE, y), xycoords=("data", "axes fraction"), xytext=(-4, 0),
                    textcoords="offset points", ha="right", va="top", fontsize=8.5, color=MUTED_COLOUR)


def date_axis(ax, interval_months: int = 6, fmt: str = "%b %Y") -> None:
    """Readable date ticks: one every ``interval_months`` months."""
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, interval_months)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))


def label_line_end(ax, x, y, text: str, colour: str, dy: float = 0) -> None:
    """Label a line directly at its last point (the book prefers direct labels to legends)."""
    ax.annotate(text, xy=(x, y), xytext=(4, dy), textcoords="offset points", va="center",
                fontsize=9.5, color=colour, fontweight="bold", annotation_clip=False)


def glue_figure(name: str, fig) -> None:
    """Store ``fig`` for the page under ``name`` (placed with ``{glue:figure}``) and close it."""
    from myst_nb import glue

    glue(name, fig, display=False)
    plt.close(fig)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) if text else text
