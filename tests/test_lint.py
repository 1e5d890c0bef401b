"""The lint ratchet (peacebook/lint.py): old findings may stay, new ones fail, the baseline only shrinks."""

from peacebook import lint


def test_new_findings_fail_and_fixed_ones_are_reported():
    baseline = {("book/a.ipynb", "E501"): 3, ("tests/b.py", "F401"): 1}
    current = {("book/a.ipynb", "E501"): 2, ("tests/b.py", "F401"): 1, ("peacebook/new.py", "F401"): 1}
    over, under = lint.compare(current, baseline)
    assert over == {("peacebook/new.py", "F401"): (1, 0)}
    assert under == {("book/a.ipynb", "E501"): (2, 3)}
    assert lint.compare({("book/a.ipynb", "E501"): 4}, baseline)[0] == {("book/a.ipynb", "E501"): (4, 3)}
    assert lint.compare({}, {}) == ({}, {})


def test_the_baseline_round_trips(tmp_path):
    path = tmp_path / "baseline.txt"
    baseline = {("book/a b.ipynb", "E501"): 3, ("tests/b.py", "F401"): 1, ("gone.py", "E501"): 0}
    lint.write_baseline(baseline, path)
    assert lint.read_baseline(path) == {("book/a b.ipynb", "E501"): 3, ("tests/b.py", "F401"): 1}
    assert path.read_text(encoding="utf-8").startswith("# Ruff findings")


def test_the_committed_baseline_lists_no_file_of_the_build_tools():
    listed = {file for file, _ in lint.read_baseline()}
    for clean in ("peacebook/bookbuild.py", "peacebook/lint.py", "peacebook/browser.py", "peacebook/sphinx_speedup.py",
                  ".ci/bench.py", ".ci/robustness.py", "tests/test_bookbuild.py", "book/build-environment.ipynb"):
        assert clean not in listed
