"""One chart style for the whole book, the way every chart is made, and the recipes charts share.

A chart in this book has a takeaway title (a sentence), a subtitle saying what is measured,
in which unit and over which period, a "Source:" line naming the producers and, where
needed, a "Note:" line with the one caveat that prevents misreading.

**Every chart is drawn twice from the same code**: a wide variant for laptops and a narrow
one for phones. :func:`chart` calls your drawing function once per :class:`Layout` and
glues both figures; the page places them with the ``{chart}`` directive (see
:mod:`peacebook.sphinx_charts`), which lets the browser download only the variant that fits.
Each variant is drawn at the size it is shown, so its text is at least :data:`MIN_FONT_PT`
points (12 CSS px) on screen; :func:`chart` refuses smaller text.

Recipes for what several chapters draw: :func:`tracker_lines` (Russian-held area by map
tracker), :func:`event_lines` (dated events as vertical lines), :func:`mark_offer` (the
19 December 2024 line), :func:`step_series` (counts that change on dates), :func:`range_band`
(an estimate's low–high range, hatched when it is a party's claim), :func:`claim_points`,
:func:`hbars` and :func:`bar_labels` (bar charts with values written on them),
:func:`label_line_end` (direct labels instead of legends), :func:`colour_ticklabels`,
:func:`stance_matrix` (positions coded against each side) and :func:`date_axis`.
Colours come from :mod:`peacebook.palette` only.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from peacebook import palette
from peacebook.constants import OFFER_DATE

STYLE = Path(__file__).with_name("peacebook.mplstyle")

#: Length budgets for chart texts, in characters (Our World in Data's, a little wider).
BUDGETS = {"title": 100, "subtitle": 200, "source": 120, "note": 200}

#: The smallest text a chart may carry, in points. Each variant is drawn at its display
#: size, so 9 pt is 12 CSS px on a laptop and at least 11 px on a 375 px phone.
MIN_FONT_PT = 9.0

#: Hatching that marks a figure claimed by a party to the war.
CLAIM_HATCH = "////"


@dataclass(frozen=True)
class Layout:
    """A chart variant: its width in inches and how densely it may be labelled."""

    name: str
    width_in: float
    title_pt: float
    title_chars: int
    subtitle_chars: int
    footer_chars: int
    max_date_ticks: int

    @property
    def narrow(self) -> bool:
        return self.name == "narrow"


#: Laptop variant: 7 in = 672 CSS px, the width of the book's content column at 1280 px.
WIDE = Layout("wide", 7.0, 13.5, 62, 80, 100, 8)
#: Phone variant: 3.55 in = 341 CSS px, about the content width on a 375 px phone.
NARROW = Layout("narrow", 3.55, 12.0, 34, 44, 50, 4)
LAYOUTS = (WIDE, NARROW)

#: The glue key of a chart's phone variant.
NARROW_SUFFIX = "__narrow"


@dataclass
class Canvas:
    """What a drawing function receives: the figure, its axes and the layout being drawn."""

    fig: mpl.figure.Figure
    axes: object
    layout: Layout

    @property
    def ax(self):
        """The single axes (or the first, when there are several)."""
        return self.axes.flat[0] if hasattr(self.axes, "flat") else self.axes

    @property
    def narrow(self) -> bool:
        return self.layout.narrow

    def pick(self, wide, narrow):
        """``wide`` on the laptop variant, ``narrow`` on the phone variant."""
        return narrow if self.layout.narrow else wide


def use_style() -> None:
    """Apply the book's matplotlib style, with its neutral colours from the palette."""
    plt.style.use(STYLE)
    mpl.rcParams.update({
        "axes.titlecolor": palette.TEXT, "axes.labelcolor": palette.TEXT, "axes.edgecolor": palette.AXIS,
        "grid.color": palette.GRID, "xtick.color": palette.TEXT, "ytick.color": palette.TEXT,
        "text.color": palette.TEXT, "figure.facecolor": palette.WHITE, "axes.facecolor": palette.WHITE,
        "axes.prop_cycle": mpl.cycler(color=[palette.BLUE, palette.VERMILLION, palette.BLUISH_GREEN,
                                             palette.REDDISH_PURPLE, palette.ORANGE, palette.SKY_BLUE]),
    })


def check_texts(title: str, subtitle: str, source: str, note: str | None) -> None:
    """Refuse chart texts that are empty or over :data:`BUDGETS`."""
    for kind, text in (("title", title), ("subtitle", subtitle), ("source", source), ("note", note)):
        if text is not None and len(text) > BUDGETS[kind]:
            raise ValueError(f"chart {kind} is {len(text)} characters, over its budget of {BUDGETS[kind]}: {text!r}")
        if kind != "note" and not (text or "").strip():
            raise ValueError(f"chart {kind} is empty; every chart needs a title, a subtitle and a source")


def figure(title: str, subtitle: str, source: str, note: str | None = None, *, layout: Layout = WIDE,
           height: float = 4.4, nrows: int = 1, ncols: int = 1, **subplot_kw):
    """A figure of ``layout``'s width with the book's title, subtitle, source and note lines.

    Returns ``(fig, axes)``. Prefer :func:`chart`, which draws both variants; this is the
    piece it is built from.
    """
    check_texts(title, subtitle, source, note)
    use_style()
    fig, axes = plt.subplots(nrows, ncols, figsize=(layout.width_in, height), **subplot_kw)
    fig.suptitle(_wrap(title, layout.title_chars), x=0.01, ha="left", fontsize=layout.title_pt,
                 fontweight="bold", color=palette.TEXT)
    first = axes.flat[0] if hasattr(axes, "flat") else axes
    # The subtitle starts at the figure's left edge, like the title, however wide the tick labels.
    # An invisible copy in the axes' title keeps its room in the layout; the visible text hangs from it.
    wrapped = _wrap(subtitle, layout.subtitle_chars)
    room = first.set_title(wrapped, loc="left", fontsize=10, pad=10, alpha=0)
    shown = first.annotate(wrapped, xy=(0.01, 0), xycoords=("figure fraction", room), ha="left", va="bottom",
                           fontsize=10, color=palette.MUTED, annotation_clip=False)
    shown.set_in_layout(False)
    footer = _wrap("Source: " + source, layout.footer_chars)
    if note:
        footer += "\n" + _wrap("Note: " + note, layout.footer_chars)
    fig.supxlabel(footer, x=0.01, ha="left", fontsize=MIN_FONT_PT, color=palette.MUTED, linespacing=1.3)
    return fig, axes


def chart(name: str, draw: Callable[[Canvas], None], *, title: str, subtitle: str, source: str,
          note: str | None = None, height: float = 4.4, narrow_height: float | None = None,
          nrows: int = 1, ncols: int = 1, **subplot_kw) -> None:
    """Draw a chart in both variants with ``draw(canvas)`` and glue them for the page.

    ``draw`` receives a :class:`Canvas` and draws on ``canvas.ax`` (or ``canvas.axes``);
    ``canvas.narrow`` and ``canvas.pick(wide, narrow)`` let it thin out labels on a phone.
    ``narrow_height`` defaults to 1.2 times ``height``. The page places the chart with

    ````md
    ```{chart} name
    :alt: What the chart shows, in a sentence or two.
    :name: fig-page-name
    :data: table_name

    Caption.
    ```
    ````

    Raises ``ValueError`` when a text is over budget or any text is smaller than
    :data:`MIN_FONT_PT`.
    """
    from myst_nb import glue

    for layout in LAYOUTS:
        h = height if not layout.narrow else (narrow_height or round(height * 1.2, 2))
        fig, axes = figure(title, subtitle, source, note, layout=layout, height=h, nrows=nrows, ncols=ncols, **subplot_kw)
        draw(Canvas(fig, axes, layout))
        check_font_sizes(fig, f"chart {name!r} ({layout.name} variant)")
        glue(name if layout is WIDE else name + NARROW_SUFFIX, fig, display=False)
        plt.close(fig)


def check_font_sizes(fig, what: str = "chart", minimum: float = MIN_FONT_PT) -> None:
    """Refuse any visible text in ``fig`` smaller than ``minimum`` points."""
    fig.canvas.draw()
    small = [(t.get_text(), t.get_fontsize()) for t in fig.findobj(mpl.text.Text)
             if t.get_visible() and t.get_text().strip() and t.get_fontsize() < minimum - 1e-9]
    if small:
        shown = "; ".join(f"{text[:40]!r} at {size:g} pt" for text, size in small[:5])
        raise ValueError(f"{what}: text smaller than {minimum:g} pt would be illegible on a phone: {shown}")


# --- Recipes -------------------------------------------------------------------------------


def mark_offer(ax, label: str | None = None, y: float = 0.98, side: str = "right") -> None:
    """The book's reference line on a time axis: the day of the offer, 19 December 2024.

    ``label`` defaults to "19 Dec 2024"; pass ``""`` for no label. ``side`` puts the
    label left (``"right"`` aligned) or right of the line.
    """
    ax.axvline(OFFER_DATE, color=palette.MUTED, linestyle="--", linewidth=1)
    text = f"{OFFER_DATE.day} {OFFER_DATE:%b %Y}" if label is None else label
    if text:
        right = side == "left"
        ax.annotate(text, xy=(OFFER_DATE, y), xycoords=("data", "axes fraction"), xytext=(4 if right else -4, 0),
                    textcoords="offset points", ha="left" if right else "right", va="top", fontsize=MIN_FONT_PT,
                    color=palette.MUTED)


def event_lines(ax, events: Iterable[tuple], labels: bool = True, y: float = 0.03) -> None:
    """Dated events as light vertical lines, each labelled upwards from the bottom.

    ``events`` holds ``(date, label)`` pairs. Pass ``labels=False`` where they would
    crowd (usually on the narrow variant).
    """
    for day, text in events:
        day = pd.Timestamp(day)
        ax.axvline(day, color=palette.EVENT_LINE, linewidth=0.8, zorder=0)
        if labels:
            ax.annotate(text, xy=(day, y), xycoords=("data", "axes fraction"), xytext=(3, 0), textcoords="offset points",
                        rotation=90, fontsize=MIN_FONT_PT, color=palette.MUTED, va="bottom")


def tracker_lines(ax, area: pd.DataFrame, trackers: Iterable[str] | None = None, start=None, end=None,
                  label_dy: dict[str, float] | None = None, linewidth: float = 1.5, labels: bool = True) -> pd.DataFrame:
    """Russian-held area by map tracker, thousand km², one line per tracker, labelled at its end.

    ``area`` is the ``control_area`` table; ``start`` and ``end`` bound the dates;
    ``label_dy`` nudges end labels vertically (points) where they would overlap. Returns the
    rows drawn, so the caller can set limits from them.
    """
    trackers = list(trackers or palette.TRACKERS)
    shown = area[area["tracker"].isin(trackers)]
    if start is not None:
        shown = shown[shown["date"] >= pd.Timestamp(start)]
    if end is not None:
        shown = shown[shown["date"] <= pd.Timestamp(end)]
    for tracker in trackers:
        rows = shown[shown["tracker"] == tracker]
        if rows.empty:
            continue
        col = palette.colour(tracker, "tracker")
        ax.plot(rows["date"], rows["area_km2"] / 1000, color=col, linewidth=linewidth)
        if labels:
            label_line_end(ax, rows["date"].iloc[-1], rows["area_km2"].iloc[-1] / 1000, tracker, col,
                           dy=(label_dy or {}).get(tracker, 0))
    ax.set_ylabel("thousand km²")
    return shown


def step_series(ax, dates, values, colour: str, end=None, label: str | None = None, linewidth: float = 1.8) -> None:
    """A count that changes on given dates (members, packages adopted), drawn as steps to ``end``."""
    x, y = list(pd.to_datetime(pd.Series(dates))), list(values)
    if end is not None:
        x.append(pd.Timestamp(end))
        y.append(y[-1])
    ax.step(x, y, where="post", color=colour, linewidth=linewidth)
    if label:
        label_line_end(ax, x[-1], y[-1], label, colour)


def range_band(ax, x, low, high, colour: str, central=None, claim: bool = False, label: str | None = None) -> None:
    """An estimate's low–high range as a band (with its central line), hatched for a party's claim."""
    if claim:
        ax.fill_between(x, low, high, facecolor="none", edgecolor=colour, hatch=CLAIM_HATCH, linewidth=0)
    else:
        ax.fill_between(x, low, high, color=colour, alpha=0.25, linewidth=0)
    if central is not None:
        ax.plot(x, central, color=colour, linewidth=1.5)
    if label:
        end = pd.Series(list(central if central is not None else high)).iloc[-1]
        label_line_end(ax, pd.Series(list(x)).iloc[-1], end, label + (" (claim)" if claim else ""), colour)


def claim_points(ax, x, y, colour: str, claim: bool = True, size: float = 60) -> None:
    """Points for single figures; a party's claims are drawn hollow and hatched."""
    if claim:
        ax.scatter(x, y, s=size, facecolor=palette.WHITE, edgecolor=colour, hatch=CLAIM_HATCH, linewidth=1.2, zorder=3)
    else:
        ax.scatter(x, y, s=size, color=colour, edgecolor=palette.WHITE, linewidth=0.8, zorder=3)


def hbars(ax, labels: list[str], values: list[float], colours: list[str] | str, fmt: str = "{:,.0f}",
          claims: list[bool] | None = None, xlabel: str | None = None) -> None:
    """Horizontal bars from zero, top to bottom in the given order, each with its value written at its end.

    ``claims`` marks bars that show a party's claim: they are hatched and their value says
    "(claim)".
    """
    colours = [colours] * len(values) if isinstance(colours, str) else list(colours)
    claims = claims or [False] * len(values)
    positions = range(len(values))
    for i, value, col, claim in zip(positions, values, colours, claims, strict=True):
        ax.barh(i, value, color=palette.WHITE if claim else col, edgecolor=col, hatch=CLAIM_HATCH if claim else None,
                height=0.65, linewidth=1.2)
        ax.annotate(fmt.format(value) + (" (claim)" if claim else ""), xy=(value, i), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=MIN_FONT_PT, color=col)
    ax.set_yticks(list(positions), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(values) * 1.3)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    if xlabel:
        ax.set_xlabel(xlabel)


def bar_labels(ax, bars, fmt: str = "{:,.0f}", colour: str = palette.TEXT) -> None:
    """Write each vertical bar's value above it."""
    for bar in bars:
        height = bar.get_height()
        ax.annotate(fmt.format(height), xy=(bar.get_x() + bar.get_width() / 2, height), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=MIN_FONT_PT, color=colour)


def label_line_end(ax, x, y, text: str, colour: str, dy: float = 0) -> None:
    """Label a line directly at its last point (the book prefers direct labels to legends)."""
    ax.annotate(text, xy=(x, y), xytext=(4, dy), textcoords="offset points", va="center",
                fontsize=9.5, color=colour, fontweight="bold", annotation_clip=False)


def inline_key(ax, items: list[tuple[str, str]], columns: int = 5, top: float = 0.99, left: float = 0.01,
               width: float | None = None) -> None:
    """A key of coloured labels written inside the axes, ``columns`` to a row, from (``left``, ``top``).

    For charts whose marks cannot carry their own names (dots, or lines on a phone); it is
    text in the entities' colours, not a boxed legend. ``width`` (axes fraction) is the
    space the key may take; it defaults to the rest of the axes' width.
    """
    step = (width if width is not None else 1 - left) / columns
    for i, (label, col) in enumerate(items):
        row, column = divmod(i, columns)
        ax.annotate("\u25cf " + label, xy=(left + column * step, top - row * 0.075), xycoords="axes fraction",
                    ha="left", va="top", fontsize=MIN_FONT_PT, color=col, fontweight="bold")


def panel_label(ax, text: str, colour: str = palette.TEXT) -> None:
    """Name a panel of a several-panel chart, inside its top-left corner (the chart's subtitle stays the chart's)."""
    ax.annotate(text, xy=(0.01, 0.99), xycoords="axes fraction", ha="left", va="top", fontsize=MIN_FONT_PT + 0.5,
                fontweight="bold", color=colour)


def colour_ticklabels(ax, colours: Iterable[str], axis: str = "y") -> None:
    """Colour an axis' tick labels one by one (for rows that are actors)."""
    ticks = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    for tick, col in zip(ticks, colours, strict=True):
        tick.set_color(col)


def stance_matrix(ax, codes: pd.DataFrame, row_labels: dict[str, str], column_labels: dict[str, str],
                  text: dict[str, str] | None = None) -> None:
    """A grid of coded cells: one row per party or plan, one column per issue, filled by code.

    ``codes`` is indexed by row key with one column per issue key, holding codes of
    :data:`peacebook.palette.STANCES`; missing cells are left blank.
    """
    from matplotlib.patches import Rectangle

    text = text or {"compatible": "compatible", "bridgeable": "bridgeable", "opposed": "opposed",
                    "none_stated": "none\nstated", "not_applicable": "n/a"}
    rows, columns = list(row_labels), list(column_labels)
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            code = codes.loc[row, column] if column in codes.columns else None
            if code is None or pd.isna(code):
                continue
            empty = code in ("none_stated", "not_applicable")
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=palette.colour(code, "stance"),
                                   edgecolor=palette.EVENT_LINE if empty else palette.WHITE, linewidth=0.8 if empty else 2,
                                   hatch="///" if code == "none_stated" else None))
            ax.text(j + 0.5, i + 0.5, text[code], ha="center", va="center", fontsize=MIN_FONT_PT,
                    color=palette.WHITE if code == "opposed" else palette.TEXT)
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(rows), 0)
    ax.set_yticks([i + 0.5 for i in range(len(rows))], [row_labels[r] for r in rows])
    ax.set_xticks([j + 0.5 for j in range(len(columns))], [column_labels[c] for c in columns], fontsize=MIN_FONT_PT)
    ax.xaxis.set_ticks_position("top")
    ax.tick_params(length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)


def date_axis(ax, interval_months: int | None = None, fmt: str | None = None) -> None:
    """Readable date ticks: at most the layout's number of ticks, or one every ``interval_months``."""
    narrow = ax.figure.get_figwidth() < WIDE.width_in
    if interval_months is None:
        lo, hi = (mdates.num2date(v) for v in ax.get_xlim())
        months = max(1, (hi.year - lo.year) * 12 + hi.month - lo.month)
        limit = NARROW.max_date_ticks if narrow else WIDE.max_date_ticks
        interval_months = next(i for i in (1, 2, 3, 6, 12, 24, 60, 120) if months / i <= limit)
    if interval_months >= 12:
        ax.xaxis.set_major_locator(mdates.YearLocator(interval_months // 12))
        ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt or "%Y"))
        return
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, interval_months)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt or ("%b\n%Y" if narrow else "%b %Y")))


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) if text else text
