"""The pybtex lookup cache (peacebook/sphinx_speedup.py) and the private function it patches."""

import inspect

import pybtex.plugin
import pytest

from peacebook import sphinx_speedup


@pytest.fixture
def original_lookup(monkeypatch):
    lookup = pybtex.plugin._load_entry_point
    monkeypatch.setattr(pybtex.plugin, "_load_entry_point", getattr(lookup, "__wrapped__", lookup))
    return pybtex.plugin._load_entry_point


def test_the_patched_pybtex_function_is_still_there_with_the_same_parameters(original_lookup):
    # If this fails, a pybtex upgrade renamed or changed pybtex.plugin._load_entry_point: the
    # extension no longer caches (builds get about twice as slow); adapt sphinx_speedup.py.
    assert tuple(inspect.signature(original_lookup).parameters) == sphinx_speedup.EXPECTED_PARAMETERS
    assert inspect.signature(original_lookup).parameters["use_aliases"].default is False
    assert sphinx_speedup.lookup_is_patchable()


def test_setup_caches_the_lookup_once_and_answers_the_same(original_lookup):
    uncached = original_lookup("pybtex.style.formatting", "unsrt")
    metadata = sphinx_speedup.setup(app=None)
    cached = pybtex.plugin._load_entry_point
    assert hasattr(cached, "cache_info") and metadata["parallel_read_safe"]
    assert cached("pybtex.style.formatting", "unsrt") is uncached
    cached("pybtex.style.formatting", "unsrt")
    assert cached.cache_info().hits >= 1
    sphinx_speedup.setup(app=None)
    assert pybtex.plugin._load_entry_point is cached  # not wrapped twice


def test_nothing_is_patched_if_the_function_changed(monkeypatch):
    def renamed(group, name, aliases=False):
        return None

    monkeypatch.setattr(pybtex.plugin, "_load_entry_point", renamed)
    assert not sphinx_speedup.lookup_is_patchable()
    sphinx_speedup.setup(app=None)
    assert pybtex.plugin._load_entry_point is renamed
    monkeypatch.delattr(pybtex.plugin, "_load_entry_point")
    assert not sphinx_speedup.lookup_is_patchable()
    sphinx_speedup.setup(app=None)
