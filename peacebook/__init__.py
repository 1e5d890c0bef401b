"""Helpers for the book: validated data loading, the chart style and figure helpers.

>>> from peacebook import load
>>> load("control_area").columns.tolist()
['date', 'tracker', 'area_km2', 'share_of_ukraine_pct', 'source_id']
"""

from peacebook.data import DataError, load, resource_names

__all__ = ["DataError", "load", "resource_names"]
