"""The one way text from a table reaches a page: escaped, and laid out for laptops and phones.

Text in ``data/`` is data. A value that contains ``<script>``, a MyST role such as
``{download}``, a directive, a ``|`` or a newline must appear on the page as those very
characters, never run. :func:`escape` makes any string literal MyST (every ASCII
punctuation character backslash-escaped, line breaks refused); :func:`link` accepts only
``http:`` and ``https:`` addresses; :func:`table` renders a frame as a MyST list-table
whose cells are escaped (or are :class:`Cell` values built here from escaped parts).
Notebooks put table text on a page only through this module (a test checks that none
builds Markdown itself).

Reader-facing tables:

- are ``pb-table`` list-tables: on screens narrower than 600 px each row becomes a card
  with its column names as labels (``book/_static/tables.js`` copies the headers; the CSS
  lays out the cards), so no column hides off screen;
- cite their sources in a column of footnote citations (``sources=``), and label every row
  whose source is a party to the war, or relays a party's figures, with who claims it;
- can be folded (``fold=``) into a dropdown after the chart they support.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd
from IPython.display import Markdown

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_SOURCE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]")


class UnsafeText(ValueError):
    """A value cannot be shown safely (a line break in a cell, a link that is not http(s))."""


@dataclass(frozen=True)
class Cell:
    """MyST already made safe by this module (escaped text, links, citations)."""

    myst: str

    def __add__(self, other: Cell | str) -> Cell:
        return Cell(self.myst + as_cell(other).myst)


def escape(text) -> str:
    """``text`` as MyST that renders exactly those characters, never markup.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of
    them), so HTML, roles, directives, links, emphasis and table pipes stay text. Line breaks
    are refused: a cell or a sentence from a table is one line.
    """
    text = "" if text is None else str(text)
    if _LINE_BREAKS.search(text):
        raise UnsafeText(f"text from a table contains a line break: {text[:60]!r}")
    return _PUNCTUATION.sub(r"\\\1", text)


def as_cell(value) -> Cell:
    """A :class:`Cell` as is; anything else escaped as text."""
    return value if isinstance(value, Cell) else Cell(escape(value))


def text(value) -> Cell:
    """Escaped text as a cell."""
    return Cell(escape(value))


def bold(value) -> Cell:
    """Escaped text in bold."""
    return Cell(f"**{escape(value)}**")


def link(label, url: str) -> Cell:
    """A link with an escaped label; only absolute ``http:`` and ``https:`` addresses are allowed."""
    parts = urlsplit(str(url))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UnsafeText(f"only http: and https: links may reach a page, not {str(url)[:60]!r}")
    if _LINE_BREAKS.search(url) or any(c in url for c in " <>\\\"'`"):
        raise UnsafeText(f"link address contains characters that are not allowed in a URL: {url[:60]!r}")
    return Cell(f"[{escape(label)}](<{url}>)")


def cite(source_ids) -> Cell:
    """Footnote citations for ``source_ids`` (a list, or ids joined by ``;``)."""
    ids = source_ids.split(";") if isinstance(source_ids, str) else list(source_ids)
    for source_id in ids:
        if not _SOURCE_ID.fullmatch(source_id):
            raise UnsafeText(f"not a source id: {source_id!r}")
    return Cell("".join(f"{{footcite}}`{i}`" for i in ids))


def party_label(source_ids) -> str:
    """Who claims a figure, from its sources: "claim by Russia's side", or "" for none.

    A source that is a party to the war, or relays a party's figures, makes the row a claim.
    """
    from peacebook.sources import parties

    ids = source_ids.split(";") if isinstance(source_ids, str) else list(source_ids)
    found = sorted({parties()[i] for i in ids if parties().get(i)})
    if not found:
        return ""
    sides = " and ".join(f"{p.capitalize()}'s side" for p in found)
    return f"claim by {sides}"


def table(frame: pd.DataFrame, columns: Mapping[str, str], *, formats: Mapping[str, str | Callable] | None = None,
          sources: str | None = None, label_claims: bool = True, fold: str | None = None,
          widths: list[int] | None = None, name: str | None = None) -> Markdown:
    """Render ``frame`` as a reader-facing table.

    - ``columns`` maps frame columns to their headers, in display order.
    - ``formats`` maps a column to a format string (``"{:,.0f}"``) or a function returning
      text or a :class:`Cell`; dates default to ``19 Dec 2024``, numbers to ``{:,}``, text
      is escaped, missing values show as an en dash.
    - ``sources`` names the column holding source ids (``source_id`` or ``source_ids``):
      the last column then cites them, headed "Source", and, unless ``label_claims`` is
      false, a party's claim is labelled there.
    - ``fold`` puts the table in a dropdown whose title is ``fold``; ``name`` gives the
      table an id (for a link or a script); ``widths`` sets relative column widths.
    """
    formats = dict(formats or {})
    headers = list(columns.values()) + (["Source"] if sources else [])
    rows = []
    for record in frame.to_dict("records"):
        cells = [_format(record[column], formats.get(column)) for column in columns]
        if sources:
            ids = record[sources]
            cell = cite(ids)
            claim = party_label(ids) if label_claims else ""
            if claim:
                cell = text(f"({claim}) ") + cell
            cells.append(cell)
        rows.append(cells)
    lines = ["::::{list-table}", ":header-rows: 1", ":class: pb-table"]
    if widths:
        lines.append(":widths: " + " ".join(str(w) for w in widths))
    if name:
        if not re.fullmatch(r"[a-z][a-z0-9-]*", name):
            raise UnsafeText(f"a table name is lowercase letters, digits and hyphens, not {name!r}")
        lines.append(f":name: {name}")
    lines.append("")
    for cells in [[text(h) for h in headers], *rows]:
        for i, cell in enumerate(cells):
            lines.append(("* - " if i == 0 else "  - ") + (cell.myst or "\u2013"))
    lines.append("::::")
    body = "\n".join(lines)
    if fold:
        body = f":::::{{admonition}} {escape(fold)}\n:class: dropdown pb-fold\n\n{body}\n:::::"
    return Markdown(body)


def _format(value, how) -> Cell:
    if callable(how):
        return as_cell(how(value))
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return Cell("\u2013")
    if isinstance(how, str):
        return text(how.format(value))
    if isinstance(value, pd.Timestamp):
        from peacebook.formats import short_date

        return text(short_date(value))
    if isinstance(value, bool):
        return text("yes" if value else "no")
    if isinstance(value, int):
        return text(f"{value:,}")
    if isinstance(value, float):
        return text(f"{value:,.0f}" if value.is_integer() else f"{value:,}")
    return as_cell(value)
