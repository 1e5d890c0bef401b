"""Shared by the derivation tests: a copy of a derivation's raw extracts to break, and the refusal check."""

import shutil

import pytest

from peacebook.data import DATA_DIR, DataError

RAW = DATA_DIR / "raw"


def copy_raw(target, module):
    """Copy ``module``'s raw extracts and their schemas into ``target``; return it."""
    (target / "schemas").mkdir(parents=True, exist_ok=True)
    for name in module.INPUTS:
        shutil.copy(RAW / name, target / name)
        shutil.copy(RAW / "schemas" / name.replace(".csv", ".json"), target / "schemas")
    return target


def refused(raw_dir, derive, file, line, field, words):
    """``derive(raw_dir)`` raises a DataError naming the raw file, line, field and problem."""
    with pytest.raises(DataError) as caught:
        derive(raw_dir)
    error = caught.value
    assert error.file.endswith(f"raw/{file}") or error.file.endswith(file), error
    assert error.line == line and error.field == field, error
    assert words in str(error), error
