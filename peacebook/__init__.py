"""Helpers for the book: validated data loading, constants, chart and table recipes.

Notebooks import the package once and reach everything through it::

    import peacebook as pb
    pb.setup()
    area = pb.load("control_area")
    pb.glue(area_km2=float(area["area_km2"].iloc[-1]))

Names are imported on first use, so tools that need no data (the toc reader, the build
driver) start without loading pandas.

>>> import peacebook as pb
>>> pb.load("control_area").columns.tolist()
['date', 'tracker', 'area_km2', 'share_of_ukraine_pct', 'source_id']
"""

import importlib

#: Where each public name lives.
_EXPORTS = {
    "DataError": "data", "load": "data", "resource_names": "data",
    "OFFER_DATE": "constants", "INVASION_DATE": "constants", "INAUGURATION_DATE": "constants",
    "UKRAINE_AREA_KM2": "constants", "share_of_ukraine": "constants", "enum": "constants", "as_of": "constants",
    "setup": "notebook", "glue": "notebook", "glue_claim": "notebook",
    "chart": "charts", "table": "tables", "cite": "tables", "escape": "tables", "link": "tables", "text": "tables",
    "bold": "tables", "colour": "palette",
    "long_date": "formats", "short_date": "formats", "month_year": "formats", "signed": "formats", "rounded": "formats",
}
_MODULES = ("charts", "constants", "data", "formats", "maps", "palette", "sources", "tables")

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"peacebook.{_EXPORTS[name]}"), name)
    if name in _MODULES:
        return importlib.import_module(f"peacebook.{name}")
    raise AttributeError(f"module 'peacebook' has no attribute {name!r}")
