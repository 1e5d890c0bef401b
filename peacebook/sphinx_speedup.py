"""A Sphinx extension that makes the book's build fast: listed in ``_config.yml``.

sphinxcontrib-bibtex asks pybtex for its formatting plugins on every ``{footcite}``, and
pybtex looks each one up by scanning every installed package's entry points (about 20 ms a
time). With some 400 citations that was two thirds of a full build: remembering the answer
halved it (26 s to 13 s). The answer never changes during a build, so it is remembered after
the first time.

This patches a private function of pybtex, ``pybtex.plugin._load_entry_point(group, name,
use_aliases=False)``. If a pybtex release renames it or changes its parameters, nothing is
patched (the build is slower, not wrong) and ``tests/test_sphinx_speedup.py`` fails, so the
change is noticed when the lock file is regenerated.

Two other things keep pages light without code: ``book/_templates/layout.html`` leaves the
theme's 1.5 MB icon-font script out of every page, and ``book/_static/icons.css`` draws those
icons with CSS masks instead (``tests/test_theme.py``).
"""

from __future__ import annotations

import functools
import inspect

import pybtex.plugin

#: The parameters of the patched function, as the cache relies on them.
EXPECTED_PARAMETERS = ("group", "name", "use_aliases")


def lookup_is_patchable() -> bool:
    """Whether pybtex still has the private lookup this extension caches, with the same parameters."""
    lookup = getattr(pybtex.plugin, "_load_entry_point", None)
    if lookup is None:
        return False
    lookup = getattr(lookup, "__wrapped__", lookup)
    return tuple(inspect.signature(lookup).parameters) == EXPECTED_PARAMETERS


def setup(app):
    if lookup_is_patchable():
        lookup = pybtex.plugin._load_entry_point
        if not hasattr(lookup, "cache_info"):
            pybtex.plugin._load_entry_point = functools.lru_cache(maxsize=None)(lookup)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
