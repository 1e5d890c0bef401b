"""The book's build driver: ``make book`` is ``python -m peacebook.bookbuild``.

All of the build's logic is here, each step a function tested in ``tests/test_bookbuild.py``;
the Makefile only names targets. A build, in order:

1. **Lock.** One build per clone at a time. ``_build/.lock`` is an ``fcntl`` lock: the kernel
   releases it when its holder exits, however it exits, so it is never stale. A second build
   says who holds it and waits (Ctrl-C stops the wait).
2. **Inputs fingerprint.** jupyter-cache keys a notebook on its code cells only. The
   fingerprint covers what else decides a notebook's outputs: the data tables, the raw
   extracts (the map reads them) and the schemas, the edition log, the helper package, the
   book's lock file and the Python version. It is stored in
   ``_build/.inputs-fingerprint``; when it differs, the execution cache and Sphinx's state are
   dropped and every notebook runs again, so no page shows numbers from old data. A change
   to the book's style sheets, scripts or templates alone (:data:`SITE_GLOBS`) makes Sphinx
   read every page again, without running the notebooks.
3. **Cache health.** ``_build/.jupyter_cache`` is checked before use: SQLite's own
   ``quick_check`` of ``global.db``, and every cache record's notebook readable. A damaged
   cache is removed, with a message saying so, and rebuilt.
4. **Execution.** Notebooks whose code is not in the cache run in parallel (at most one per
   core), each in its own kernel, from this process's one event loop (a worker thread running
   nbclient); results are written to the cache one at a time by that thread. So there is no
   process pool and no concurrent writer: jupyter-cache's trimming of old records, which races
   under parallel writers, needs no patch. The per-cell timeout is ``execute.timeout`` in
   ``_config.yml``, the same value nbval gets (``conftest.py``). A failing cell is reported as
   :func:`peacebook.notebook.cell_label` names it, with the end of its traceback; the whole
   traceback goes to ``_build/reports/<notebook>.err.log``. A failed notebook is not cached, so
   the next build runs it again and fails again, with the same message.
5. **Sphinx.** The strict build (``-W -n --keep-going``, as ``jupyter-book build`` would run
   it, with the same ``_config.yml``) writes into ``_build/.sphinx/<builder>/site``, never into
   the published folder. Sphinx finds every notebook in the cache. A page that Sphinx reports
   as ``book/x.ipynb:70039`` is rewritten to its cell: see :func:`notebook_location`. An
   incremental build writes the same bytes as a cold one (:func:`as_in_a_cold_build`).
6. **Check.** Every page's images, scripts, style sheets, icons and downloads must exist in
   the output, and every ``?v=`` checksum must match its file (:func:`site_problems`; the
   two known exceptions of the theme and the single-page builder are named there).
   No browser needed.
7. **Publish.** The checked site replaces ``_build/html`` (``_build/singlehtml`` for the
   single-page build) by two renames, with Ctrl-C held back for those microseconds. A
   failed or interrupted build publishes nothing: ``_build/html`` is always the complete
   result of the last successful build.
8. **Log.** ``_build/build-log.json``: how long each notebook took to execute and each step
   took, and the outcome. Those times vary from run to run, so they are kept out of the
   published pages (``make bench`` prints them).

What makes a failure stick, and an interruption harmless: before Sphinx starts, the file
``_build/.sphinx/<builder>/INCOMPLETE`` is written; it is removed only together with
publishing. A build that finds it (the last one failed, was interrupted or was killed) starts
Sphinx from empty state, so Sphinx reads every page again and reports again every warning
that made the last build fail. (Sphinx itself warns only when it re-reads a page: without
this, a second run of a failed strict build found nothing out of date and exited 0.)

Ctrl-C: during execution the first one cancels the run and shuts every kernel down at once
(within a second or two); a second one kills the kernels and exits immediately. A notebook's
result is written to the cache whole or not at all. During Sphinx, Sphinx stops at once and
nothing is published.

Usage::

    python -m peacebook.bookbuild                      # make book / make html
    python -m peacebook.bookbuild --then CMD ARGS...   # build, then run CMD holding the lock (make test-html)
    python -m peacebook.bookbuild --builder singlehtml # make pdf
    python -m peacebook.bookbuild --cold               # empty _build first (make bench)
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from peacebook.toc import REPO_ROOT, notebooks

BUILD = REPO_ROOT / "_build"
CONFIG = REPO_ROOT / "_config.yml"
CACHE = BUILD / ".jupyter_cache"
LOCK = BUILD / ".lock"
FINGERPRINT = BUILD / ".inputs-fingerprint"
SPHINX_STATE = BUILD / ".sphinx"
REPORTS = BUILD / "reports"
LOG = BUILD / "build-log.json"
BUILDERS = {"html": "html", "singlehtml": "singlehtml"}  # builder -> published folder under _build
LOCK_HELD_ENV = "PEACEBOOK_BUILD_LOCK_HELD"

#: What decides a notebook's outputs besides its code (paths relative to the repository).
#: What the pages' look depends on besides their sources: Sphinx copies these only when some page
#: is out of date, so a change to them alone restarts Sphinx (not the notebooks).
SITE_GLOBS = ("book/_static/*", "book/_templates/*")
FINGERPRINT_GLOBS = ("data/*.csv", "data/raw/*", "data/schemas/*.json", "book/*.yml", "peacebook/*.py",
                     "peacebook/derivations/*.py", "peacebook/*.mplstyle", "requirements.lock")

#: The lock files the book's environment is installed from (``make book``).
BOOK_LOCK_FILES = ("requirements.lock",)
#: Tool-chain packages the build-environment page names besides requirements.txt's.
TOOL_CHAIN = ("sphinx", "myst-nb", "myst-parser", "sphinx-book-theme", "pydata-sphinx-theme", "jupyter-cache",
              "nbclient", "sphinxcontrib-bibtex", "pybtex")


class BuildFailed(Exception):
    """The build cannot succeed; the message says why and what to do."""


def shown(path: Path | str) -> str:
    """A path as messages show it: relative to the repository when inside it."""
    path = Path(path)
    return str(path.relative_to(REPO_ROOT)) if path.is_absolute() and path.is_relative_to(REPO_ROOT) else str(path)


def say(message: str) -> None:
    print(f"build: {message}", flush=True)


def warn(message: str) -> None:
    print(f"build: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Configuration


def book_config(path: Path = CONFIG) -> dict:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def execution_timeout(path: Path = CONFIG) -> int:
    """The per-cell timeout in seconds: ``execute.timeout`` in ``_config.yml``, for the build and nbval."""
    return int(book_config(path)["execute"]["timeout"])


# ---------------------------------------------------------------------------------------------
# 1. Lock


@contextlib.contextmanager
def build_lock(path: Path = LOCK, what: str = "a build", wait: bool = True):
    """Hold the clone's build lock; print who holds it and wait if another process does.

    A child started while the lock is held (``--then``) inherits ``PEACEBOOK_BUILD_LOCK_HELD``
    and does not try to take it again.
    """
    if os.environ.get(LOCK_HELD_ENV) == str(path):
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            if not wait:
                raise BuildFailed(f"another build is running in this clone ({holder}); try again when it has finished") from None
            warn(f"another build is running in this clone ({holder}); waiting for it to finish (Ctrl-C to stop waiting)")
            fcntl.flock(handle, fcntl.LOCK_EX)
            say("the other build has finished; going on")
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, {what}, since {time.strftime('%H:%M:%S')}\n")
        handle.flush()
        previous = os.environ.get(LOCK_HELD_ENV)
        os.environ[LOCK_HELD_ENV] = str(path)
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop(LOCK_HELD_ENV, None)
            else:
                os.environ[LOCK_HELD_ENV] = previous
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


# ---------------------------------------------------------------------------------------------
# 2. Inputs fingerprint


def inputs_fingerprint(root: Path = REPO_ROOT, globs: tuple[str, ...] = FINGERPRINT_GLOBS) -> str:
    """A digest of every file the notebooks' outputs depend on besides their code, and the Python version."""
    digest = hashlib.sha256(f"python {sys.version}\n".encode())
    for path in sorted({p for pattern in globs for p in root.glob(pattern) if p.is_file()}):
        digest.update(f"{path.relative_to(root).as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def clear_execution_state(build: Path = BUILD) -> None:
    """Drop the execution cache and every builder's Sphinx state; keep the published book."""
    for folder in (build / ".jupyter_cache", build / ".sphinx"):
        shutil.rmtree(folder, ignore_errors=True)


def refresh_if_inputs_changed(build: Path = BUILD, fingerprint: str | None = None) -> bool:
    """Start from clean if data, helpers or packages changed since the cache was filled; True if so."""
    fingerprint = fingerprint or inputs_fingerprint()
    stored = build / FINGERPRINT.name
    old = stored.read_text(encoding="utf-8").strip() if stored.is_file() else None
    changed = old != fingerprint
    if changed:
        if old is not None or (build / ".jupyter_cache").exists():
            say("data, helpers or packages changed since the last build: every notebook runs again")
        clear_execution_state(build)
        build.mkdir(parents=True, exist_ok=True)
        stored.write_text(fingerprint + "\n", encoding="utf-8")
    return changed


# ---------------------------------------------------------------------------------------------
# 3. Cache health


def cache_problem(path: Path = CACHE, paths: list[Path] | None = None) -> str | None:
    """What is wrong with the execution cache at ``path``, or None if it is usable (or absent).

    Checks SQLite's ``quick_check`` of ``global.db``, that jupyter-cache can list its records,
    and that the stored notebook of every record matching one of ``paths`` (the book's
    notebooks: what the build will read) is there and readable.
    """
    if not path.exists():
        return None
    db = path / "global.db"
    if not db.is_file():
        return "global.db is missing"
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return f"global.db: {exc}"
    if verdict != "ok":
        return f"global.db: {verdict}"
    try:
        import nbformat
        from jupyter_cache import get_cache

        cache = get_cache(str(path))
        cache.list_cache_records()
        for notebook in notebooks() if paths is None else paths:
            try:
                record = cache.match_cache_notebook(nbformat.read(str(notebook), as_version=4))
            except KeyError:
                continue
            cache.get_cache_bundle(record.pk)  # reads the stored notebook
    except Exception as exc:  # sqlalchemy errors, a missing or unreadable notebook file
        first = str(exc).splitlines()[0] if str(exc) else ""
        return f"{type(exc).__name__}: {first}".rstrip(": ")
    return None


def ensure_healthy_cache(path: Path = CACHE, build: Path = BUILD, paths: list[Path] | None = None) -> bool:
    """Remove a damaged execution cache (and Sphinx's state built from it), saying so; True if it was."""
    problem = cache_problem(path, paths)
    if problem is None:
        return False
    warn(f"the execution cache {shown(path)} is damaged ({problem}); "
         "removing it: every notebook runs again")
    clear_execution_state(build)
    return True


# ---------------------------------------------------------------------------------------------
# 4. Execution


@dataclass
class NotebookRun:
    """One notebook's execution: how long it took and, if it failed, where and why."""

    path: Path
    seconds: float = 0.0
    executed: bool = False
    error: str | None = None  # the one-paragraph message
    traceback: str | None = None  # the whole traceback, for the report file
    cell: dict | None = field(default=None, repr=False)


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def outdated_notebooks(paths: list[Path], cache_path: Path = CACHE) -> tuple[list[Path], dict[str, float]]:
    """Which notebooks have no cached execution of their current code; seconds taken by the others."""
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    outdated, cached = [], {}
    for path in paths:
        try:
            record = cache.match_cache_notebook(nbformat.read(str(path), as_version=4))
        except KeyError:
            outdated.append(path)
        else:
            cached[str(path)] = float(record.data.get("execution_seconds") or 0.0)
    return outdated, cached


def ran_to_the_end(notebook) -> bool:
    """Whether every code cell with code in it has run (only such a notebook goes into the cache)."""
    return all(cell.get("execution_count") is not None for cell in notebook.cells
               if cell.cell_type == "code" and cell.source.strip())


def failure_message(path: Path, cell: dict | None, exc: BaseException, timeout: int) -> str:
    """A failed notebook in one paragraph: the cell, as cell_label names it, and what happened."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    from peacebook.notebook import cell_label

    where = cell_label(path, cell) if cell is not None else shown(path)
    if isinstance(exc, CellTimeoutError):
        return f"{where}: no result within {timeout} s (execute.timeout in _config.yml)"
    if isinstance(exc, DeadKernelError):
        return f"{where}: the kernel died ({exc})"
    if isinstance(exc, CellExecutionError):
        lines = [line for line in strip_ansi(exc.traceback or "").splitlines() if line.strip()]
        tail = "\n    ".join(lines[-6:])
        return f"{where} raised {exc.ename}: {exc.evalue}\n    {tail}"
    return f"{where}: {type(exc).__name__}: {exc}"


class _Executor:
    """Runs notebooks concurrently in one asyncio loop on a worker thread; the main thread keeps Ctrl-C."""

    def __init__(self, paths: list[Path], cache_path: Path, timeout: int, jobs: int):
        self.paths, self.cache_path, self.timeout, self.jobs = paths, cache_path, timeout, max(1, jobs)
        self.results: dict[str, NotebookRun] = {}
        self.clients: list = []
        self.write_lock = threading.Lock()  # a cache write is never cut short by a hard exit
        self.loop = None
        self.task = None
        self.ready = threading.Event()
        self.done = threading.Event()
        self.crash: BaseException | None = None

    @staticmethod
    async def _stop_kernel(client) -> None:
        """Kill a cancelled notebook's kernel, even one still starting (nbclient cleans up only after the start)."""
        import atexit

        from nbclient.util import ensure_async

        atexit.unregister(client._cleanup_kernel)
        km = client.km
        if km is None:
            return
        with contextlib.suppress(Exception):
            if await ensure_async(km.is_alive()):
                await ensure_async(km.shutdown_kernel(now=True))
        with contextlib.suppress(Exception):
            await ensure_async(km.cleanup_resources())
        if client.kc is not None:
            with contextlib.suppress(Exception):
                client.kc.stop_channels()

    async def _one(self, path: Path, semaphore, cache) -> None:
        import asyncio

        import nbformat
        from jupyter_cache.base import CacheBundleIn
        from nbclient import NotebookClient

        async with semaphore:
            run = self.results[str(path)] = NotebookRun(path)
            notebook = nbformat.read(str(path), as_version=4)
            timeout, allow_errors = self.timeout, False
            meta = notebook.metadata.get("execution", {})  # as myst-nb and jupyter-cache honour it
            timeout, allow_errors = meta.get("timeout", timeout), meta.get("allow_errors", allow_errors)
            client = NotebookClient(notebook, timeout=timeout, allow_errors=allow_errors, record_timing=False,
                                    shutdown_kernel="immediate", resources={"metadata": {"path": str(path.parent)}})

            def on_cell_start(cell, cell_index):
                run.cell = cell

            client.on_cell_start = on_cell_start
            self.clients.append(client)
            say(f"executing {shown(path)}")
            start = time.perf_counter()
            try:
                await client.async_execute()
            except asyncio.CancelledError:
                await self._stop_kernel(client)
                raise
            except Exception as exc:
                run.seconds = time.perf_counter() - start
                run.error = failure_message(path, run.cell, exc, timeout)
                run.traceback = strip_ansi(getattr(exc, "traceback", None) or repr(exc))
                return
            run.seconds = time.perf_counter() - start
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise asyncio.CancelledError  # finished as the run was stopped: keep out of the cache
            if not ran_to_the_end(notebook):
                run.error = f"{shown(path)}: some code cells did not run; not cached"
                return
            run.executed = True
            with self.write_lock:  # synchronous: no other task runs, and Ctrl-C cannot reach this thread
                cache.cache_notebook_bundle(CacheBundleIn(notebook, str(path), data={"execution_seconds": run.seconds}),
                                            check_validity=False, overwrite=True)
            say(f"executed {shown(path)} in {run.seconds:.1f} s")

    async def _all(self) -> None:
        import asyncio

        from jupyter_cache import get_cache

        self.loop, self.task = asyncio.get_running_loop(), asyncio.current_task()
        self.ready.set()
        cache = get_cache(str(self.cache_path))
        semaphore = asyncio.Semaphore(self.jobs)
        tasks = [asyncio.create_task(self._one(p, semaphore, cache)) for p in self.paths]
        try:
            await asyncio.gather(*tasks)
        except asyncio.CancelledError:
            # gather has cancelled every task; wait until each has shut its kernel down (asyncio.run
            # would otherwise cancel them a second time, in the middle of that).
            await asyncio.wait(tasks)
            raise

    def _thread(self) -> None:
        import asyncio

        try:
            asyncio.run(self._all())
        except asyncio.CancelledError:
            pass
        except BaseException as exc:  # reported by the main thread
            self.crash = exc
        finally:
            self.ready.set()
            self.done.set()

    def _kill_kernels(self) -> None:
        for client in self.clients:
            pid = getattr(getattr(client.km, "provisioner", None), "pid", None)
            if pid:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pid, signal.SIGKILL)  # each kernel leads its own process group

    def run(self) -> dict[str, NotebookRun]:
        # Waiting on an Event, not Thread.join: a join cut short by KeyboardInterrupt can leave
        # the thread looking finished while it is still running (CPython 3.11).
        threading.Thread(target=self._thread, name="notebooks", daemon=True).start()
        try:
            while not self.done.wait(0.2):
                pass
        except KeyboardInterrupt:
            warn("interrupted: shutting the kernels down (Ctrl-C again to kill them at once)")
            self.ready.wait(5)
            if self.loop is not None and self.task is not None:
                self.loop.call_soon_threadsafe(self.task.cancel)
            try:
                self.done.wait(10)
            except KeyboardInterrupt:
                pass
            if not self.done.is_set():  # a second Ctrl-C, or kernels that would not stop: kill them and go
                self.write_lock.acquire(timeout=5)  # never cut a cache write short
                self._kill_kernels()
                warn("killed the kernels; stopped")
                sys.stdout.flush()
                os._exit(130)
            raise
        if self.crash is not None:
            raise self.crash
        return self.results


def execute(paths: list[Path], cache_path: Path = CACHE, timeout: int | None = None,
            jobs: int | None = None) -> dict[str, NotebookRun]:
    """Execute ``paths`` (at most ``jobs`` at a time) into the cache; failures are in the results."""
    if not paths:
        return {}
    timeout = execution_timeout() if timeout is None else timeout
    jobs = jobs or os.cpu_count() or 1
    return _Executor(paths, cache_path, timeout, jobs).run()


def write_report(run: NotebookRun, reports: Path = REPORTS) -> Path:
    reports.mkdir(parents=True, exist_ok=True)
    target = reports / f"{run.path.stem}.err.log"
    target.write_text(f"{run.error}\n\n{run.traceback or ''}\n", encoding="utf-8")
    return target


# ---------------------------------------------------------------------------------------------
# 5. Sphinx, and where its warnings point


#: MyST-NB numbers the lines of notebook cell i (counted from 0) as if the cells were one long
#: file in which cell i starts at line (i + 1) * 10000 + 1 (myst_nb/core/nb_to_tokens.py); docutils
#: then reports a node's line counted from 1 on top of that. So Sphinx's ``x.ipynb:10008`` is line
#: 7 of cell 0 and ``x.ipynb:70039`` line 38 of cell 6.
CELL_LINE_BASE = 10000
LOCATION = re.compile(r"(?P<path>[^\s:\x1b\[\]]+\.ipynb):(?P<line>\d+):")


def cell_and_line(line: int) -> tuple[int, int] | None:
    """The (cell index, line in the cell from 1) behind a line number Sphinx gives for a notebook, if any."""
    index, offset = divmod(line, CELL_LINE_BASE)
    if index < 1:
        return None
    return index - 1, max(1, offset - 1)


def notebook_location(path: Path | str, line: int) -> str:
    """Sphinx's ``book/x.ipynb:70039`` as this project names a place: the cell and the line in it.

    ``book/x.ipynb, cell 3f2a9c1e ("## Overview"), line 38``, the cell named by
    :func:`peacebook.notebook.cell_label`. A line number below 10000 (no cell), a cell that
    no longer exists or an unreadable notebook leave the location as Sphinx gave it.
    """
    from peacebook.notebook import cell_label

    path = Path(path)
    place = cell_and_line(line)
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        cells = []
    if place is None or place[0] >= len(cells):
        return f"{path}:{line}"
    return f"{cell_label(path, cells[place[0]])}, line {place[1]}"


def relabel(text: str) -> str:
    """Rewrite every notebook location in Sphinx's output (see :func:`notebook_location`); colours stay."""
    parts = re.split(r"(\x1b\[[0-9;]*[A-Za-z])", text)
    root = f"{REPO_ROOT}/"
    parts[::2] = [LOCATION.sub(lambda m: notebook_location(m["path"], int(m["line"])) + ":", part).replace(root, "")
                  for part in parts[::2]]
    return "".join(parts)


class _RelabellingStream:
    """A text stream that rewrites notebook locations line by line; Sphinx writes its warnings here."""

    def __init__(self, target, record: list[str]):
        self.target, self.record, self.pending = target, record, ""

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            line = relabel(line)
            if "WARNING" in line or "ERROR" in line:
                self.record.append(strip_ansi(line))
            self.target.write(line + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.target.write(relabel(self.pending))
            self.pending = ""
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def __getattr__(self, name):
        return getattr(self.target, name)


def as_in_a_cold_build(site: Path) -> None:
    """Remove what would make an incremental build write other bytes than a cold one.

    Sphinx adds ``?v=<checksum>`` to a style sheet's link only if the file is already in the
    output when it writes the page; myst-nb copies its style sheet there when the build
    finishes. So without this, a rebuilt page links ``mystnb.<hash>.css?v=…`` and a page
    from a cold build links it without the query. (myst-nb copies the file again at the end.)
    """
    for stale in (site / "_static").glob("mystnb.*.css"):
        stale.unlink()


def sphinx_build(builder: str, work: Path, cache_path: Path = CACHE, verbose: bool = False) -> tuple[object, list[str]]:
    """The strict Jupyter Book build into ``work/site``; returns (status or exception, warning lines)."""
    from jupyter_book.sphinx import build_sphinx

    overrides = {
        "external_toc_path": (REPO_ROOT / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nitpicky": True,  # -n
        "nb_execution_cache_path": str(cache_path),
    }
    warnings: list[str] = []
    stream = _RelabellingStream(sys.stderr, warnings)
    saved = sys.stderr
    sys.stderr = stream
    try:
        status = build_sphinx(REPO_ROOT, work / "site", doctreedir=work / ".doctrees", noconfig=True, path_config=str(CONFIG),
                              confoverrides=overrides, builder=builder, warningiserror=True, keep_going=True,
                              quiet=not verbose)
    finally:
        stream.flush()
        sys.stderr = saved
    return status, warnings


# ---------------------------------------------------------------------------------------------
# 6. Check


FETCHED = {("img", "src"), ("script", "src"), ("source", "src"), ("video", "src"), ("audio", "src"), ("iframe", "src"),
           ("embed", "src"), ("object", "data"), ("track", "src"), ("input", "src")}
FETCHED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}
DOWNLOAD_PARTS = ("_downloads/", "_sources/", "_images/")


class _References(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for element, attribute in FETCHED:
            if tag == element and attrs.get(attribute):
                self.found.append(attrs[attribute])
        if tag == "link" and FETCHED_LINK_RELS & set((attrs.get("rel") or "").lower().split()) and attrs.get("href"):
            self.found.append(attrs["href"])
        if tag == "a" and attrs.get("href"):
            href = attrs["href"]
            if "download" in attrs or any(part in href for part in DOWNLOAD_PARTS):
                self.found.append(href)


def page_references(html: str) -> list[str]:
    """Local files a page makes the browser fetch or offers for download (images, scripts, styles, icons, downloads)."""
    parser = _References()
    parser.feed(html)
    return [url for url in parser.found if not urlsplit(url).scheme and not url.startswith(("//", "#"))]


#: Files whose ``?v=`` checksum is stale in every build, and why. The check still requires every
#: page to give them the same checksum (two builds writing one folder at once do not).
STALE_CHECKSUM_OK = {"_static/pygments.css": "pydata-sphinx-theme rewrites it when the build finishes, after "
                                             "Sphinx has computed its checksum"}


#: Files the single-page build's page links to but that builder never writes, and why.
SINGLEHTML_NOT_WRITTEN = {"searchindex.js": "the theme links the search index from every page; the single-page "
                                            "builder writes none (the PDF does not search)"}


def site_problems(site: Path, base_at_root: bool = False, not_written: dict[str, str] | None = None) -> list[str]:
    """Every reference of every page of ``site`` to a file that is not there or whose ``?v=`` checksum is wrong.

    ``base_at_root``: resolve links from the site's root, not the page's folder (the single-page
    build writes its page at the root document's path but links its assets from the root).
    ``not_written``: files (relative to the root) that may be missing, with the reason.
    """
    not_written = not_written or {}
    problems: list[str] = []
    checksums: dict[Path, str] = {}
    versions: dict[Path, set[str]] = {}
    root = site.resolve()
    for page in sorted(site.rglob("*.html")):
        if "_static" in page.relative_to(site).parts:
            continue
        shown = page.relative_to(site)
        for url in page_references(page.read_text(encoding="utf-8", errors="replace")):
            parts = urlsplit(url)
            target = ((site if base_at_root else page.parent) / unquote(parts.path)).resolve()
            if not target.is_relative_to(root):
                problems.append(f"{shown}: {url} points outside the book")
                continue
            if not target.is_file():
                if target.relative_to(root).as_posix() not in not_written:
                    problems.append(f"{shown}: {url} is missing")
                continue
            version = re.fullmatch(r"v=([0-9a-f]{8})", parts.query)
            if not version:
                continue
            versions.setdefault(target, set()).add(version[1])
            if target not in checksums:
                content = target.read_bytes().translate(None, b"\r")  # as Sphinx computes it
                checksums[target] = f"{zlib.crc32(content):08x}"
            if checksums[target] != version[1] and target.relative_to(root).as_posix() not in STALE_CHECKSUM_OK:
                problems.append(f"{shown}: {url} does not match its file (checksum {checksums[target]})")
    for target, seen in sorted(versions.items()):
        if len(seen) > 1:
            problems.append(f"pages disagree on the checksum of {target.relative_to(root).as_posix()}: {sorted(seen)}")
    return problems


# ---------------------------------------------------------------------------------------------
# 7. Publish


@contextlib.contextmanager
def signals_held():
    """Hold Ctrl-C and SIGTERM back while a few file operations complete together, then act on them.

    The handlers are swapped, not the signal mask: another thread (zmq's, for one) may receive
    the signal, but Python always runs the handler in the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {sig: signal.signal(sig, lambda signum, frame: received.append(signum))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if received:
            raise KeyboardInterrupt


def same_tree(a: Path, b: Path) -> bool:
    """Whether folders ``a`` and ``b`` hold the same files with the same bytes."""
    import filecmp

    if not (a.is_dir() and b.is_dir()):
        return False
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files_a)


def publish(site: Path, target: Path, marker: Path | None = None) -> bool:
    """Make ``target`` a copy of ``site``, swapped in whole; False if it already was one. Removes ``marker`` with it."""
    if same_tree(site, target):
        if marker is not None:
            marker.unlink(missing_ok=True)
        return False
    fresh, old = target.with_name(f".{target.name}.new"), target.with_name(f".{target.name}.old")
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(site, fresh, copy_function=shutil.copy2)
    with signals_held():
        if target.exists():
            target.rename(old)
        fresh.rename(target)
        if marker is not None:
            marker.unlink(missing_ok=True)
    shutil.rmtree(old, ignore_errors=True)
    return True


# ---------------------------------------------------------------------------------------------
# The build


def build(builder: str = "html", jobs: int | None = None, verbose: bool = False, cold: bool = False) -> int:
    """One build, steps 2 to 8 (the caller holds the lock). Returns the exit status."""
    started = time.perf_counter()
    steps: dict[str, float] = {}
    log: dict = {"builder": builder, "result": "interrupted", "notebooks": {}, "steps": steps, "warnings": []}

    def step(name: str, since: float) -> float:
        now = time.perf_counter()
        steps[name] = round(now - since, 2)
        return now

    try:
        return _build(builder, jobs, verbose, cold, log, step, started)
    finally:
        steps["total"] = round(time.perf_counter() - started, 2)
        with contextlib.suppress(OSError):
            BUILD.mkdir(parents=True, exist_ok=True)
            LOG.write_text(json.dumps(log, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _build(builder, jobs, verbose, cold, log, step, started) -> int:
    if cold:
        for entry in BUILD.iterdir() if BUILD.is_dir() else []:
            if entry != LOCK:
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    BUILD.mkdir(parents=True, exist_ok=True)
    refresh_if_inputs_changed(BUILD)
    paths = notebooks()
    ensure_healthy_cache(CACHE, BUILD, paths)
    now = step("prepare", started)

    outdated, cached = outdated_notebooks(paths)
    log["notebooks"] = {shown(p): {"seconds": round(s, 2), "executed": False}
                        for p, s in cached.items()}
    if outdated:
        jobs = jobs or os.cpu_count() or 1
        say(f"{len(outdated)} of {len(paths)} notebooks to execute, {min(jobs, len(outdated))} at a time")
    results = execute(outdated, CACHE, jobs=jobs)
    failed = [run for run in results.values() if run.error]
    for run in results.values():
        log["notebooks"][shown(run.path)] = {"seconds": round(run.seconds, 2),
                                                                  "executed": run.executed, "error": run.error}
    now = step("execute", now)
    if failed:
        for run in failed:
            report = write_report(run)
            warn(f"{run.error}\n    (whole traceback: {shown(report)})")
        log["result"] = "failed"
        warn(f"{len(failed)} notebook(s) failed; nothing was published "
             f"(_build/{BUILDERS[builder]} still holds the last successful build)")
        return 1

    work = SPHINX_STATE / builder
    marker = work / "INCOMPLETE"
    site_stamp, site_inputs = work / "site-inputs", inputs_fingerprint(REPO_ROOT, SITE_GLOBS)
    if marker.exists():
        say("the last build did not finish (it failed or was interrupted): Sphinx reads every page again")
        shutil.rmtree(work)
    elif work.is_dir() and (not site_stamp.is_file() or site_stamp.read_text(encoding="utf-8").strip() != site_inputs):
        say("the book's style sheets, scripts or templates changed: Sphinx reads every page again")
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    site_stamp.write_text(site_inputs + "\n", encoding="utf-8")
    marker.write_text("a build is running or did not finish; the next one starts Sphinx afresh\n", encoding="utf-8")
    as_in_a_cold_build(work / "site")
    say(f"Sphinx: the strict {builder} build (-W -n --keep-going)")
    status, warnings = sphinx_build(builder, work, CACHE, verbose)
    log["warnings"] = warnings
    now = step("sphinx", now)
    if isinstance(status, KeyboardInterrupt):
        raise KeyboardInterrupt
    if isinstance(status, BaseException) or status:
        log["result"] = "failed"
        if isinstance(status, BaseException):
            detail = f"{type(status).__name__}: {status}"
        else:
            detail = f"{len(warnings)} warning(s) above"
        warn(f"the strict build failed ({detail}); nothing was published "
             f"(_build/{BUILDERS[builder]} still holds the last successful build). "
             "Running it again without a fix fails again with the same warnings.")
        return 1

    site = work / "site"
    single = builder == "singlehtml"
    problems = site_problems(site, base_at_root=single, not_written=SINGLEHTML_NOT_WRITTEN if single else None)
    now = step("check", now)
    if problems:
        log["result"] = "failed"
        warn("the built pages reference files that are not there:\n  " + "\n  ".join(problems[:40]))
        warn("nothing was published; the next build starts Sphinx afresh")
        return 1
    pages = sum(1 for p in site.rglob("*.html") if "_static" not in p.parts)
    say(f"checked {pages} pages: every image, script, style sheet and download they reference is there")

    target = BUILD / BUILDERS[builder]
    changed = publish(site, target, marker)
    step("publish", now)
    log["result"] = "succeeded"
    say(f"{'published' if changed else 'unchanged'}: {shown(target)}/index.html "
        f"({time.perf_counter() - started:.1f} s)")
    return 0


# ---------------------------------------------------------------------------------------------
# The build-environment page


def environment_markdown(root: Path = REPO_ROOT):
    """The build-environment page's facts, all deterministic: Python, the lock files, package versions."""
    import platform
    from importlib import metadata

    from IPython.display import Markdown

    direct = [line.split("==")[0].strip() for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.lstrip().startswith(("#", "-"))]
    names = list(dict.fromkeys([*direct, *TOOL_CHAIN]))
    locks = ", ".join(f"`{name}` (SHA-256 `{hashlib.sha256((root / name).read_bytes()).hexdigest()[:12]}…`)"
                      for name in BOOK_LOCK_FILES)
    lines = [f"Python {platform.python_version()}; packages installed from {locks}.",
             "Direct dependencies are those listed in `requirements.txt`.", "",
             "| Package | Version | Dependency |", "|---|---|---|"]
    for name in names:
        kind = "direct" if name in direct else "indirect"
        lines.append(f"| {name} | {metadata.version(name)} | {kind} |")
    return Markdown("\n".join(lines))


# ---------------------------------------------------------------------------------------------
# Command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m peacebook.bookbuild", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builder", choices=sorted(BUILDERS), default="html")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks executed at a time (default: one per core)")
    parser.add_argument("--cold", action="store_true", help="empty _build first, execution cache included")
    parser.add_argument("--no-wait", action="store_true", help="refuse instead of waiting when another build holds the lock")
    parser.add_argument("--verbose", action="store_true", help="show Sphinx's progress too")
    parser.add_argument("--then", nargs=argparse.REMAINDER, default=None, metavar="CMD",
                        help="after a successful build, run CMD while still holding the lock; its status is ours")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # SIGTERM stops a build as Ctrl-C does
    what = f"`{' '.join(['bookbuild', *(argv if argv is not None else sys.argv[1:])])}`"
    try:
        with build_lock(LOCK, what, wait=not args.no_wait):
            status = build(args.builder, args.jobs, args.verbose, args.cold)
            if status == 0 and args.then:
                status = subprocess.call(args.then)
            return status
    except BuildFailed as exc:
        warn(str(exc))
        return 1
    except KeyboardInterrupt:
        warn("interrupted; nothing was published (the next build starts Sphinx afresh and reuses every "
             "notebook that finished)")
        return 130


if __name__ == "__main__":
    sys.exit(main())
