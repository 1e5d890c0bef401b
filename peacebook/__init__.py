"""Helpers for the book: validated data loading, the chart style and figure helpers.

>>> from peacebook import load
>>> load("control_area").columns.tolist()
['date', 'tracker', 'area_km2', 'share_of_ukraine_pct', 'source_id']
"""

__all__ = ["DataError", "load", "resource_names"]


def __getattr__(name):
    # Imported on first use, so that tools which need no data (the toc reader, the
    # parallel executor) start without loading pandas.
    if name in __all__:
        from peacebook import data

        return getattr(data, name)
    raise AttributeError(f"module 'peacebook' has no attribute {name!r}")
