"""A Sphinx extension that makes the book's build fast: listed in ``_config.yml``.

sphinxcontrib-bibtex asks pybtex for its formatting plugins on every ``{footcite}``, and
pybtex looks each one up by scanning every installed package's entry points (about 20 ms a
time). With some 400 citations that was two thirds of a full build. The lookup's answer
never changes during a build, so it is remembered after the first time.
"""

from __future__ import annotations

import functools

import pybtex.plugin


def setup(app):
    lookup = pybtex.plugin._load_entry_point
    if not hasattr(lookup, "cache_info"):
        pybtex.plugin._load_entry_point = functools.lru_cache(maxsize=None)(lookup)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
