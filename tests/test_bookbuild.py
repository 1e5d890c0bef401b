"""The build driver (peacebook/bookbuild.py): each step on its own, on small inputs in tmp_path.

The interruption and concurrency cases that need a whole build are replayed by
.ci/robustness.py (`make robustness`); these are the parts that can be tested in seconds.
"""

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from pathlib import Path

import nbformat
import pytest

from peacebook import bookbuild
from peacebook.toc import REPO_ROOT, notebooks

# ----------------------------------------------------------------------------- configuration


def test_timeout_is_set_once_and_nbval_uses_it(pytestconfig):
    timeout = bookbuild.execution_timeout()
    assert timeout == 180  # execute.timeout in _config.yml
    if hasattr(pytestconfig.option, "nbval_cell_timeout"):
        assert int(pytestconfig.option.nbval_cell_timeout) == timeout


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_no_notebook_sets_its_own_timeout(path):
    execution = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("execution", {})
    assert "timeout" not in execution, f"{path.name}: the timeout is execute.timeout in _config.yml, for every notebook"


# ----------------------------------------------------------------------------- environments

TEST_TOOLS = {"pytest", "pytest-xdist", "nbval", "playwright", "axe-playwright-python", "pip-tools", "ruff", "hypothesis"}


def pins(path: Path) -> dict[str, str]:
    return dict(re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", path.read_text(encoding="utf-8"), flags=re.M))


def test_the_book_environment_has_no_test_tools():
    book = pins(REPO_ROOT / "requirements.lock")
    assert not TEST_TOOLS & {name.lower() for name in book}, TEST_TOOLS & set(book)
    assert book["ipykernel"] == "7.2.0"  # 7.3 prints a TCP warning per notebook


def test_the_test_lock_agrees_with_the_book_lock():
    book, test = pins(REPO_ROOT / "requirements.lock"), pins(REPO_ROOT / "requirements-test.lock")
    assert TEST_TOOLS <= set(test)
    assert test["ruff"] == "0.17.6"
    differing = {name: (book[name], test[name]) for name in set(book) & set(test) if book[name] != test[name]}
    assert not differing, f"packages pinned differently in the two locks (run make lock): {differing}"


def test_the_browser_harness_imports_without_playwright():
    code = "import sys; sys.modules['playwright'] = None; sys.modules['axe_playwright_python'] = None; import peacebook.browser"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT)


# ----------------------------------------------------------------------------- fingerprint


def make_inputs(root: Path) -> None:
    for name, text in {"data/a.csv": "x\n1\n", "data/schemas/a.json": "{}", "peacebook/helpers.py": "X = 1\n",
                       "requirements.lock": "pandas==3.1.1\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_fingerprint_changes_with_data_helpers_and_packages(tmp_path):
    make_inputs(tmp_path)
    first = bookbuild.inputs_fingerprint(tmp_path)
    assert bookbuild.inputs_fingerprint(tmp_path) == first
    seen = {first}
    for name, text in [("data/a.csv", "x\n2\n"), ("peacebook/helpers.py", "X = 2\n"), ("requirements.lock", "pandas==3.2\n"),
                       ("data/b.csv", "y\n")]:
        (tmp_path / name).write_text(text, encoding="utf-8")
        seen.add(bookbuild.inputs_fingerprint(tmp_path))
    assert len(seen) == 5
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.md").write_text("# Prose changes are Sphinx's business\n", encoding="utf-8")
    assert bookbuild.inputs_fingerprint(tmp_path) in seen


def test_changed_inputs_drop_the_cache_and_sphinx_state_but_keep_the_published_book(tmp_path, capsys):
    build = tmp_path / "_build"
    for folder in (".jupyter_cache", ".sphinx/html", "html"):
        (build / folder).mkdir(parents=True)
    assert bookbuild.refresh_if_inputs_changed(build, "aaaa")
    assert not (build / ".jupyter_cache").exists() and not (build / ".sphinx").exists() and (build / "html").is_dir()
    assert "every notebook runs again" in capsys.readouterr().out
    (build / ".jupyter_cache").mkdir()
    assert not bookbuild.refresh_if_inputs_changed(build, "aaaa")
    assert (build / ".jupyter_cache").is_dir()
    assert bookbuild.refresh_if_inputs_changed(build, "bbbb")


# ----------------------------------------------------------------------------- lock

HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from peacebook.bookbuild import build_lock
    with build_lock(Path(sys.argv[1]), "the test holder"):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def hold_lock(path: Path, seconds: float) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != bookbuild.LOCK_HELD_ENV}
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True,
                              env=env, cwd=REPO_ROOT)
    assert holder.stdout.readline().strip() == "held"
    holder.stdout.close()
    return holder


@pytest.fixture
def no_inherited_lock(monkeypatch):
    monkeypatch.delenv(bookbuild.LOCK_HELD_ENV, raising=False)


def test_a_second_build_refuses_or_waits_and_says_who_holds_the_lock(tmp_path, capsys, no_inherited_lock):
    lock = tmp_path / ".lock"
    holder = hold_lock(lock, 1.5)
    try:
        with pytest.raises(bookbuild.BuildFailed, match=rf"another build is running in this clone \(pid {holder.pid}, "
                                                          r"the test holder"):
            with bookbuild.build_lock(lock, wait=False):
                pass
        start = time.monotonic()
        with bookbuild.build_lock(lock, "the waiter"):
            assert time.monotonic() - start > 0.5
            assert "the waiter" in lock.read_text(encoding="utf-8")
        assert "waiting for it to finish" in capsys.readouterr().err
    finally:
        holder.wait()


def test_the_lock_of_a_killed_build_is_free(tmp_path, no_inherited_lock):
    lock = tmp_path / ".lock"
    holder = hold_lock(lock, 60)
    holder.kill()
    holder.wait()
    with bookbuild.build_lock(lock, wait=False):
        pass


def test_a_command_run_under_the_lock_does_not_wait_for_it(tmp_path, no_inherited_lock):
    lock = tmp_path / ".lock"
    with bookbuild.build_lock(lock):
        assert os.environ[bookbuild.LOCK_HELD_ENV] == str(lock)
        with bookbuild.build_lock(lock, wait=False):  # what a --then child does
            pass
    assert bookbuild.LOCK_HELD_ENV not in os.environ


# ----------------------------------------------------------------------------- cache


def write_notebook(path: Path, *sources: str, metadata: dict | None = None) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata.update({"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    notebook.metadata.update(metadata or {})
    for i, source in enumerate(sources):
        cell = nbformat.v4.new_markdown_cell(source[3:]) if source.startswith("md:") else nbformat.v4.new_code_cell(source)
        cell["id"] = f"cell{i:04d}"
        notebook.cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(path))
    return path


def cache_as_executed(cache_path: Path, notebook: Path) -> None:
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    executed = nbformat.read(str(notebook), as_version=4)
    for count, cell in enumerate((c for c in executed.cells if c.cell_type == "code"), start=1):
        cell.execution_count = count
    get_cache(str(cache_path)).cache_notebook_bundle(CacheBundleIn(executed, str(notebook), data={"execution_seconds": 1.5}),
                                                     check_validity=False, overwrite=True)


def test_a_healthy_cache_passes_and_finds_what_is_outdated(tmp_path):
    cache = tmp_path / "cache"
    done, todo = write_notebook(tmp_path / "done.ipynb", "1 + 1"), write_notebook(tmp_path / "todo.ipynb", "2 + 2")
    assert bookbuild.cache_problem(cache, [done, todo]) is None  # no cache yet
    cache_as_executed(cache, done)
    assert bookbuild.cache_problem(cache, [done, todo]) is None
    outdated, cached = bookbuild.outdated_notebooks([done, todo], cache)
    assert outdated == [todo] and cached == {str(done): 1.5}
    write_notebook(done, "1 + 1  # edited")
    assert bookbuild.outdated_notebooks([done, todo], cache)[0] == [done, todo]


def test_a_corrupted_cache_database_is_detected_and_removed(tmp_path, capsys):
    build = tmp_path / "_build"
    notebook = write_notebook(tmp_path / "nb.ipynb", "1 + 1")
    cache_as_executed(build / ".jupyter_cache", notebook)
    (build / ".sphinx" / "html").mkdir(parents=True)
    (build / ".jupyter_cache" / "global.db").write_bytes(b"this is not a database" * 100)
    assert "file is not a database" in bookbuild.cache_problem(build / ".jupyter_cache", [notebook])
    assert bookbuild.ensure_healthy_cache(build / ".jupyter_cache", build, [notebook])
    assert not (build / ".jupyter_cache").exists() and not (build / ".sphinx").exists()
    assert "is damaged (global.db: file is not a database); removing it: every notebook runs again" in capsys.readouterr().err
    assert not bookbuild.ensure_healthy_cache(build / ".jupyter_cache", build, [notebook])


def test_a_cache_record_without_its_notebook_is_detected(tmp_path):
    cache = tmp_path / "cache"
    notebook = write_notebook(tmp_path / "nb.ipynb", "1 + 1")
    cache_as_executed(cache, notebook)
    for stored in (cache / "executed").rglob("base.ipynb"):
        stored.unlink()  # what a kill between jupyter-cache's database write and its file write leaves
    assert "does not exist" in bookbuild.cache_problem(cache, [notebook])


# ----------------------------------------------------------------------------- execution


def test_notebooks_run_in_parallel_into_the_cache_and_failures_name_the_cell(tmp_path):
    cache = tmp_path / "cache"
    good = write_notebook(tmp_path / "good.ipynb", "md:# Good", "x = 6 * 7", "print(x)")
    bad = write_notebook(tmp_path / "bad.ipynb", "import math", "md:Text", "1 / 0", "print('never')")
    slow = write_notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(30)")
    start = time.monotonic()
    results = bookbuild.execute([good, bad, slow], cache, timeout=3, jobs=3)
    assert time.monotonic() - start < 25
    assert results[str(good)].executed and results[str(good)].error is None
    assert bookbuild.outdated_notebooks([good, bad, slow], cache)[0] == [bad, slow]  # only good was cached
    error = results[str(bad)].error
    assert error.startswith(f'{bad}, cell cell0002 ("1 / 0") raised ZeroDivisionError: division by zero')
    assert "ZeroDivisionError" in results[str(bad)].traceback
    timed_out = f'{slow}, cell cell0000 ("import time"): no result within 3 s (execute.timeout in _config.yml)'
    assert results[str(slow)].error == timed_out


def test_only_a_notebook_that_ran_to_the_end_is_cached():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1"), nbformat.v4.new_code_cell("   "),
                                               nbformat.v4.new_markdown_cell("text"), nbformat.v4.new_code_cell("2")])
    notebook.cells[0].execution_count = 1
    assert not bookbuild.ran_to_the_end(notebook)
    notebook.cells[3].execution_count = 2
    assert bookbuild.ran_to_the_end(notebook)


# ----------------------------------------------------------------------------- Sphinx's notebook locations


def test_sphinx_notebook_lines_become_cell_labels(tmp_path):
    sources = ["md:(page)=\n# Title\n\nText"] + [f"md:Cell {i}\n" + "line\n" * 40 for i in range(1, 7)]
    notebook = write_notebook(tmp_path / "page.ipynb", *sources)
    assert bookbuild.cell_and_line(10008) == (0, 7)
    assert bookbuild.cell_and_line(70039) == (6, 38)
    assert bookbuild.cell_and_line(12) is None
    assert bookbuild.notebook_location(notebook, 10004) == f'{notebook}, cell cell0000 ("(page)="), line 3'
    assert bookbuild.notebook_location(notebook, 70039) == f'{notebook}, cell cell0006 ("Cell 6"), line 38'
    assert bookbuild.notebook_location(notebook, 990001) == f"{notebook}:990001"  # no such cell
    assert bookbuild.notebook_location(notebook, 7) == f"{notebook}:7"
    line = f"\x1b[91m{notebook}:70039: WARNING: No key 'x' found in glue data\x1b[39;49;00m"
    where = f'{notebook}, cell cell0006 ("Cell 6"), line 38'
    assert bookbuild.relabel(line) == f"\x1b[91m{where}: WARNING: No key 'x' found in glue data\x1b[39;49;00m"


def test_paths_in_the_repository_are_shown_relative():
    page = REPO_ROOT / "book" / "intro.md"
    assert bookbuild.relabel(f"{page}:22: WARNING: Glue reference") == "book/intro.md:22: WARNING: Glue reference"
    chapter = notebooks()[0]
    relabelled = bookbuild.relabel(f"{chapter}:10002: WARNING: x")
    assert relabelled.startswith(f"{chapter.relative_to(REPO_ROOT)}, cell ") and relabelled.endswith(", line 1: WARNING: x")


def test_sphinx_warnings_are_rewritten_line_by_line():
    class Sink:
        def __init__(self):
            self.text = ""

        def write(self, text):
            self.text += text

        def flush(self):
            pass

        def isatty(self):
            return False

    record, sink = [], Sink()
    stream = bookbuild._RelabellingStream(sink, record)
    page = REPO_ROOT / "book" / "intro.md"
    stream.write(f"{page}:3: WARN")
    stream.write("ING: broken\nreading sources\n")
    stream.flush()
    assert sink.text == "book/intro.md:3: WARNING: broken\nreading sources\n"
    assert record == ["book/intro.md:3: WARNING: broken"]


# ----------------------------------------------------------------------------- check


def make_site(root: Path) -> Path:
    (root / "_static").mkdir(parents=True)
    (root / "_images").mkdir()
    (root / "_downloads" / "abc").mkdir(parents=True)
    (root / "book").mkdir()
    css = b"body { color: black; }\n"
    (root / "_static" / "custom.css").write_bytes(css)
    (root / "_static" / "pygments.css").write_bytes(b"/* rewritten by the theme */")
    (root / "_static" / "app.js").write_text("1;", encoding="utf-8")
    (root / "_images" / "chart.svg").write_text("<svg/>", encoding="utf-8")
    (root / "_downloads" / "abc" / "data.csv").write_text("x\n", encoding="utf-8")
    checksum = f"{zlib.crc32(css):08x}"
    (root / "book" / "page.html").write_text(
        f'<link rel="stylesheet" href="../_static/custom.css?v={checksum}">'
        '<link rel="stylesheet" href="../_static/pygments.css?v=03e43079">'
        '<link rel="icon" href="../_static/app.js"><script src="../_static/app.js"></script>'
        '<img src="../_images/chart.svg" alt="A chart"><a href="../_downloads/abc/data.csv">data</a>'
        '<a href="other.html">a page</a><a href="https://example.org/x.svg">elsewhere</a><img src="data:image/png;base64,AA">',
        encoding="utf-8")
    (root / "index.html").write_text(f'<link rel="stylesheet" href="_static/custom.css?v={checksum}">', encoding="utf-8")
    return root


def test_a_complete_site_passes_the_check(tmp_path):
    assert bookbuild.site_problems(make_site(tmp_path / "site")) == []


def test_the_check_finds_missing_files_and_wrong_checksums(tmp_path):
    site = make_site(tmp_path / "site")
    (site / "_images" / "chart.svg").unlink()  # what an interrupted incremental build left behind
    (site / "_downloads" / "abc" / "data.csv").unlink()
    (site / "_static" / "custom.css").write_text("body { color: red; }\n", encoding="utf-8")  # a concurrent build's
    problems = bookbuild.site_problems(site)
    assert "book/page.html: ../_images/chart.svg is missing" in problems
    assert "book/page.html: ../_downloads/abc/data.csv is missing" in problems
    assert any(p.startswith("book/page.html: ../_static/custom.css?v=") and "does not match its file" in p for p in problems)
    assert not any("pygments" in p or "other.html" in p or "example.org" in p for p in problems)


def test_pages_must_agree_on_a_checksum_even_where_it_is_stale(tmp_path):
    site = make_site(tmp_path / "site")
    (site / "search.html").write_text('<link rel="stylesheet" href="_static/pygments.css?v=12345678">', encoding="utf-8")
    assert bookbuild.site_problems(site) == ["pages disagree on the checksum of _static/pygments.css: ['03e43079', '12345678']"]


def test_the_single_page_build_links_from_its_root(tmp_path):
    site = tmp_path / "single"
    (site / "book").mkdir(parents=True)
    (site / "_static").mkdir()
    (site / "_static" / "a.css").write_text("a", encoding="utf-8")
    (site / "book" / "intro.html").write_text('<link rel="stylesheet" href="_static/a.css">', encoding="utf-8")
    assert bookbuild.site_problems(site, base_at_root=True) == []
    assert bookbuild.site_problems(site) == ["book/intro.html: _static/a.css is missing"]
    (site / "book" / "intro.html").write_text('<script src="searchindex.js"></script>', encoding="utf-8")
    assert bookbuild.site_problems(site, base_at_root=True, not_written=bookbuild.SINGLEHTML_NOT_WRITTEN) == []
    assert bookbuild.site_problems(site, base_at_root=True) == ["book/intro.html: searchindex.js is missing"]


# ----------------------------------------------------------------------------- publish


def test_publishing_swaps_the_whole_site_in(tmp_path):
    site, target, marker = make_site(tmp_path / "site"), tmp_path / "html", tmp_path / "INCOMPLETE"
    target.mkdir()
    (target / "stale.html").write_text("old", encoding="utf-8")
    marker.write_text("x", encoding="utf-8")
    assert bookbuild.publish(site, target, marker)
    assert bookbuild.same_tree(site, target) and not (target / "stale.html").exists() and not marker.exists()
    assert not bookbuild.publish(site, target)  # nothing changed: left alone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html", "site"]  # no .new or .old left


def test_a_publish_that_fails_leaves_the_previous_book(tmp_path, monkeypatch):
    site, target, marker = make_site(tmp_path / "site"), tmp_path / "html", tmp_path / "INCOMPLETE"
    target.mkdir()
    (target / "index.html").write_text("the previous book", encoding="utf-8")
    marker.write_text("x", encoding="utf-8")

    def copy_fails(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(bookbuild.shutil, "copytree", copy_fails)
    with pytest.raises(OSError):
        bookbuild.publish(site, target, marker)
    assert (target / "index.html").read_text(encoding="utf-8") == "the previous book" and marker.exists()


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals reach the main thread only")
def test_ctrl_c_waits_until_the_swap_is_done():
    done = False
    with pytest.raises(KeyboardInterrupt):
        with bookbuild.signals_held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
            done = True
    assert done


# ----------------------------------------------------------------------------- a failed build stays failed


@pytest.fixture
def fake_book(tmp_path, monkeypatch):
    """The build with its folders in tmp_path, no notebooks, and a Sphinx stand-in."""
    build = tmp_path / "_build"
    for name, value in {"BUILD": build, "CACHE": build / ".jupyter_cache", "LOCK": build / ".lock",
                        "FINGERPRINT": build / ".inputs-fingerprint", "SPHINX_STATE": build / ".sphinx",
                        "REPORTS": build / "reports", "LOG": build / "build-log.json"}.items():
        monkeypatch.setattr(bookbuild, name, value)
    monkeypatch.setattr(bookbuild, "notebooks", lambda: [])
    monkeypatch.setattr(bookbuild, "inputs_fingerprint", lambda *args: "fixed")
    runs = []

    def fake_sphinx(builder, work, cache_path, verbose):
        runs.append({"fresh": not (work / "site").exists()})
        (work / "site").mkdir(exist_ok=True)
        (work / "site" / "index.html").write_text("<p>book</p>", encoding="utf-8")
        if fake_book.warnings:
            print("book/x.md:3: WARNING: No key 'range_low' found in glue data", file=sys.stderr)
            return 1, ["book/x.md:3: WARNING: No key 'range_low' found in glue data"]
        return 0, []

    monkeypatch.setattr(bookbuild, "sphinx_build", fake_sphinx)
    fake_book.warnings, fake_book.runs, fake_book.build = True, runs, build
    return fake_book


def test_a_failed_build_fails_again_with_the_same_message_until_fixed(fake_book, capsys):
    assert bookbuild.build() == 1
    first = capsys.readouterr().err
    assert bookbuild.build() == 1  # no edit: Sphinx starts afresh and warns again
    second = capsys.readouterr()
    assert "No key 'range_low'" in first and "No key 'range_low'" in second.err
    assert "the last build did not finish" in second.out
    assert [run["fresh"] for run in fake_book.runs] == [True, True]
    assert not (fake_book.build / "html").exists()  # nothing published
    fake_book.warnings = False
    assert bookbuild.build() == 0
    assert (fake_book.build / "html" / "index.html").is_file()
    assert not (fake_book.build / ".sphinx" / "html" / "INCOMPLETE").exists()
    assert bookbuild.build() == 0 and fake_book.runs[-1]["fresh"] is False  # after success, incremental again
    log = json.loads((fake_book.build / "build-log.json").read_text(encoding="utf-8"))
    assert log["result"] == "succeeded" and set(log["steps"]) >= {"sphinx", "check", "publish", "total"}


def test_an_interrupted_build_publishes_nothing_and_the_next_starts_afresh(fake_book, monkeypatch):
    fake_book.warnings = False
    assert bookbuild.build() == 0
    (fake_book.build / "html" / "index.html").write_text("<p>the previous book</p>", encoding="utf-8")

    def interrupted(builder, work, cache_path, verbose):
        fake_book.runs.append({"fresh": False})
        return KeyboardInterrupt(), []

    monkeypatch.setattr(bookbuild, "sphinx_build", interrupted)
    with pytest.raises(KeyboardInterrupt):
        bookbuild.build()
    assert (fake_book.build / "html" / "index.html").read_text(encoding="utf-8") == "<p>the previous book</p>"
    assert (fake_book.build / ".sphinx" / "html" / "INCOMPLETE").exists()


# ----------------------------------------------------------------------------- the build-environment page


def test_the_environment_page_shows_only_deterministic_facts():
    first, second = bookbuild.environment_markdown().data, bookbuild.environment_markdown().data
    assert first == second
    assert f"Python {sys.version.split()[0]}" in first and "`requirements.lock`" in first
    assert "| jupyter-book | 1.0.4.post1 |" in first and "| ipykernel | 7.2.0 |" in first
    assert not re.search(r"\| (pytest|nbval|playwright|ruff) \|", first)
    assert not re.search(r"\d\d:\d\d|seconds|\b20\d\d-\d\d-\d\d\b", first)


def test_an_incremental_build_starts_from_what_a_cold_one_would_see(tmp_path):
    static = tmp_path / "site" / "_static"
    static.mkdir(parents=True)
    for name in ("mystnb.11b3.css", "custom.css", "pygments.css"):
        (static / name).write_text("x", encoding="utf-8")
    bookbuild.as_in_a_cold_build(tmp_path / "site")
    assert sorted(p.name for p in static.iterdir()) == ["custom.css", "pygments.css"]
    bookbuild.as_in_a_cold_build(tmp_path / "nothing-built-yet")


def test_a_style_sheet_change_changes_the_site_fingerprint_but_not_the_inputs_one(tmp_path):
    from peacebook import bookbuild

    static = tmp_path / "book" / "_static"
    static.mkdir(parents=True)
    (static / "custom.css").write_text("a { color: red }")
    before = bookbuild.inputs_fingerprint(tmp_path, bookbuild.SITE_GLOBS)
    inputs = bookbuild.inputs_fingerprint(tmp_path)
    (static / "custom.css").write_text("a { color: blue }")
    assert bookbuild.inputs_fingerprint(tmp_path, bookbuild.SITE_GLOBS) != before
    assert bookbuild.inputs_fingerprint(tmp_path) == inputs, "notebooks need not run again for a style change"
