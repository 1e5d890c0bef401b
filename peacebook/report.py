"""Tables for the data appendix and the build-environment page, rendered as Markdown."""

from __future__ import annotations

import re
from importlib import metadata

import pandas as pd
from IPython.display import Markdown

from peacebook.data import load, resource, resource_names
from peacebook.derivations import derivations

#: Packages whose versions the build-environment page reports.
KEY_PACKAGES = ["jupyter-book", "sphinx", "myst-nb", "myst-parser", "sphinx-book-theme", "jupyter-cache",
                "nbclient", "ipykernel", "pandas", "numpy", "matplotlib", "frictionless", "nbval", "pytest"]


def datasets_table() -> Markdown:
    """One row per table: description, rows, period, sources, licences and a CSV download."""
    sources = load("sources").set_index("source_id")
    derived = {m.OUTPUT for m in derivations()}
    lines = ["| Table | What it holds | Rows | Period | Sources | Licences | Kind |", "|---|---|---|---|---|---|---|"]
    for name in resource_names():
        if name in ("sources", "raw_origins"):
            continue
        res, frame = resource(name), load(name)
        ids = _source_ids(frame)
        publishers = "; ".join(sorted({sources.loc[i, "publisher"] for i in ids}))
        licences = "; ".join(sorted({sources.loc[i, "licence"] for i in ids}))
        link = f"{{download}}`{res.descriptor['path']} <../data/{res.descriptor['path']}>`"
        kind = "derived" if name in derived else "curated"
        lines.append(f"| {link} | {_cell(res.descriptor['description'])} | {len(frame):,} | {period(frame)} "
                     f"| {_cell(publishers)} | {_cell(licences)} | {kind} |")
    return Markdown("\n".join(lines))


def period(frame: pd.DataFrame) -> str:
    """First and last date over a table's date columns, or an en dash if it has none."""
    columns = [frame[c].dropna() for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    dates = pd.concat(columns) if columns else pd.Series([], dtype="datetime64[us]")
    if dates.empty:
        return "–"
    return f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}"


def data_dates() -> dict[str, str]:
    """The edition's dates: when the sources were last checked, and the latest observation in any table."""
    checked = load("sources")["date_accessed"].max()
    latest = max(pd.Timestamp(period(load(name)).split(" to ")[-1]) for name in resource_names()
                 if name not in ("sources", "raw_origins") and period(load(name)) != "–")
    return {"sources_last_checked": f"{checked:%-d %B %Y}", "latest_observation": f"{latest:%-d %B %Y}"}


def sources_table() -> Markdown:
    """Every source: publisher, linked title, dates, licence, party-to-the-war flag, note."""
    lines = ["| ID | Publisher | Title | Published | Accessed | Licence | Claims of | Note |",
             "|---|---|---|---|---|---|---|---|"]
    for s in load("sources").sort_values("source_id").itertuples():
        lines.append(f"| `{s.source_id}` | {_cell(s.publisher)} | [{_cell(s.title)}]({s.url}) | {s.date_published} "
                     f"| {s.date_accessed:%Y-%m-%d} | {_cell(s.licence)} | {s.party} "
                     f"| {_cell(s.note or '')} |")
    return Markdown("\n".join(lines))


def derivations_list() -> Markdown:
    """Each derivation module with its docstring (what it does and any amendment)."""
    parts = []
    for module in derivations():
        doc = (module.__doc__ or "").strip()
        inputs = ", ".join(f"`{name}`" for name in module.INPUTS)
        parts.append(f"**`{module.OUTPUT}.csv`** from {inputs} "
                     f"(`peacebook/derivations/{module.__name__.rsplit('.', 1)[-1]}.py`)\n\n{doc}\n")
    return Markdown("\n".join(parts))


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


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).replace("|", "\\|")
