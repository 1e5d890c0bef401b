"""The data appendix and the build-environment page: tables generated from the data package."""

from __future__ import annotations

import re
from importlib import metadata

import pandas as pd
from IPython.display import Markdown

from peacebook import sources
from peacebook.data import load, resource, resource_names
from peacebook.derivations import derivations
from peacebook.formats import short_date
from peacebook.tables import escape, link, table

#: Packages whose versions the build-environment page reports.
KEY_PACKAGES = ["jupyter-book", "sphinx", "myst-nb", "myst-parser", "sphinx-book-theme", "jupyter-cache",
                "nbclient", "ipykernel", "pandas", "numpy", "matplotlib", "frictionless", "nbval", "pytest"]


def datasets_table() -> Markdown:
    """One compact entry per table: its CSV (at its stable address), what it holds, rows, period,
    how many sources its rows cite, its licence and whether it is curated or derived.

    Each entry carries the anchor ``table-<name>`` that chart captions link to. A curated
    table is the book's own (CC BY 4.0, citing its sources); a derived table keeps the
    licence of the raw data it comes from (``data/raw/origins.csv``).
    """
    derived = {m.OUTPUT: m for m in derivations()}
    origins = load("raw_origins").set_index("file")
    lines = []
    for name in resource_names():
        if name in ("sources", "raw_origins"):
            continue
        res, frame = resource(name), load(name)
        n_sources = len(_source_ids(frame))
        if name in derived:
            licences = sorted({_short_licence(origins.loc[f, "licence"]) for f in derived[name].INPUTS})
            kind = "derived from " + ", ".join(f"`{f}`" for f in derived[name].INPUTS)
        else:
            licences, kind = ["CC BY 4.0 (this book)"], "curated by hand"
        facts = [f"{len(frame):,} rows", period(frame), f"{n_sources} source{'s' if n_sources != 1 else ''}",
                 "; ".join(licences)]
        lines.append(f"- {{dataset-card}}`{name}` **{escape(res.descriptor['title'])}**  \n"
                     + " \u00b7 ".join(escape(f) for f in facts) + f" \u00b7 {kind}")
    return Markdown("\n".join(lines))


def period(frame: pd.DataFrame) -> str:
    """First and last date over a table's date columns (table date style), or an en dash if it has none."""
    columns = [frame[c].dropna() for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    dates = pd.concat(columns) if columns else pd.Series([], dtype="datetime64[us]")
    if dates.empty:
        return "\u2013"
    return f"{short_date(dates.min())} to {short_date(dates.max())}"


def derivations_list() -> Markdown:
    """Each derivation module with its docstring (what it does and every amendment), folded."""
    parts = [f":::::{{admonition}} How each of the {len(derivations())} derived tables is made\n:class: dropdown pb-fold\n"]
    for module in derivations():
        doc = (module.__doc__ or "").strip()
        inputs = ", ".join(f"`{name}`" for name in module.INPUTS)
        parts.append(f"**{{dataset}}`{module.OUTPUT}`** from {inputs} "
                     f"(`peacebook/derivations/{module.__name__.rsplit('.', 1)[-1]}.py`)\n\n{doc}\n")
    parts.append(":::::")
    return Markdown("\n".join(parts))


def sources_table() -> Markdown:
    """Every source, one row each, in a list readers can filter (``book/_static/filter.js``)."""
    frame = sources.table().reset_index().sort_values(["publisher", "source_id"])
    frame["cited_as"] = [sources.citation_label(i) for i in frame["source_id"]]
    frame["party"] = frame["party"].map({"russia": "Russia", "ukraine": "Ukraine", "none": "\u2013"})
    frame["published"] = frame["date_published"].fillna("undated")
    frame["linked_title"] = [link(title, url) for title, url in zip(frame["title"], frame["url"], strict=True)]
    listing = table(frame, {"cited_as": "Source", "linked_title": "Title", "published": "Published", "kind": "Page",
                            "party": "Claims of"},
                    name="sources-list", widths=[26, 44, 12, 10, 8])
    return Markdown(f"::::::{{container}} pb-sources-box\n{listing.data}\n::::::")


def package_versions() -> Markdown:
    """Versions of the packages that build the book, as installed."""
    lines = ["| Package | Version |", "|---|---|"]
    for name in KEY_PACKAGES:
        lines.append(f"| {name} | {metadata.version(name)} |")
    return Markdown("\n".join(lines))


def _source_ids(frame: pd.DataFrame) -> set[str]:
    ids: set[str] = set()
    if "source_id" in frame:
        ids |= set(frame["source_id"].dropna())
    if "source_ids" in frame:
        for cell in frame["source_ids"].dropna():
            ids |= set(cell.split(";"))
    return ids


def _short_licence(text: str) -> str:
    """A licence as the appendix's table shows it: the part before any explanation."""
    return re.split(r"[;(]", str(text))[0].strip()
