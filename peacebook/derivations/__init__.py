"""Derivations: each module turns raw extracts in ``data/raw/`` into one table in ``data/``.

A derivation module defines

- ``OUTPUT``: the table's name (its descriptor is ``data/schemas/<OUTPUT>.json``);
- ``INPUTS``: the raw files it reads (each listed in ``data/raw/origins.csv``, each with a
  Table Schema in ``data/raw/schemas/<stem>.json``);
- ``derive(raw_dir) -> pandas.DataFrame``: deterministic, columns in schema order.

A derivation reads raw files only with :func:`peacebook.data.load_raw`, never
``pd.read_csv``: types, ranges, keys and missing values are then checked by the raw schema,
with the loader's messages. Its own checks raise :class:`peacebook.data.DataError` naming
the raw file, line and field (:func:`peacebook.data.row_error`). Rows it leaves out on
purpose are listed in its docstring.

``make data`` finds every module in this folder; adding a file is all it takes.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def derivations() -> list[ModuleType]:
    """Every derivation module, sorted by name."""
    modules = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for attribute in ("OUTPUT", "INPUTS", "derive"):
            if not hasattr(module, attribute):
                raise AttributeError(f"peacebook/derivations/{info.name}.py must define {attribute}")
        modules.append(module)
    return modules
