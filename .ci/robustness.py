"""`make robustness`: replay interrupted, concurrent and failing builds, and check what each leaves.

Runs `make book` (and the build driver directly where a case needs an option) in a copy of the
repository in a temporary folder, with the book's environment (.venv, linked), so it can
break notebooks and caches without touching this clone. Each case prints what a contributor
sees and what was checked. A few minutes; not part of `make test`.

Cases:
 1. Ctrl-C during the parallel notebook run: stops within seconds, no kernel left, cache intact.
 2. Ctrl-C twice: stops at once, no kernel left.
 3. Ctrl-C during Sphinx: the published book is untouched; the next build is correct.
 4. The build killed (SIGKILL) during Sphinx: the next build is correct.
 5. A page pointing at a missing SVG in Sphinx's output: the check catches it, the next build repairs it.
 6. Two builds at once: the second waits, with a message; `--no-wait` refuses; the lock covers `--then`.
 7. A corrupted execution cache database: detected, removed with a message, rebuilt.
 8. A cache record whose notebook file is gone: detected and rebuilt.
 9. A missing glue key: the strict build fails, and fails again with the same warning, until fixed.
10. A failing cell: named by its cell label, and fails again the same way, until fixed.
11. Two cold builds: byte-identical.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from peacebook.bookbuild import cache_problem, same_tree, site_problems
from peacebook.toc import REPO_ROOT

TIMEOUT_S = 600
RESULTS: list[tuple[str, bool, str]] = []


class Copy:
    """A copy of the repository in which builds run."""

    def __init__(self, root: Path):
        self.root = root
        self.env = {**os.environ, "PYTHONPATH": str(root)}  # the copy's helper package, in the driver and the kernels
        self.env.pop("PEACEBOOK_BUILD_LOCK_HELD", None)
        self.env.pop("MAKEFLAGS", None)
        self.env.pop("MAKELEVEL", None)

    @property
    def html(self) -> Path:
        return self.root / "_build" / "html"

    def make_book(self, *driver_args: str) -> list[str]:
        if driver_args:
            return [str(self.root / ".venv" / "bin" / "python"), "-m", "peacebook.bookbuild", *driver_args]
        return ["make", "--no-print-directory", "book"]

    def run(self, *driver_args: str) -> tuple[int, str, float]:
        start = time.monotonic()
        result = subprocess.run(self.make_book(*driver_args), cwd=self.root, env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT_S)
        return result.returncode, result.stdout, time.monotonic() - start

    def start(self, *driver_args: str) -> subprocess.Popen:
        # A session of its own, like a terminal's foreground job: Ctrl-C goes to the whole process group.
        return subprocess.Popen(self.make_book(*driver_args), cwd=self.root, env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)

    def kernels(self) -> list[int]:
        """Kernel processes started from this copy that are still running."""
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
                cwd = os.path.realpath(proc / "cwd")
            except OSError:
                continue
            if "ipykernel" in cmdline and cwd.startswith(str(self.root)):
                found.append(int(proc.name))
        return found


def read_until(proc: subprocess.Popen, text: str, timeout: float = TIMEOUT_S) -> list[str]:
    lines, deadline = [], time.monotonic() + timeout
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        if text in line or time.monotonic() > deadline:
            break
    return lines


def finish(proc: subprocess.Popen, timeout: float = 60) -> tuple[int, list[str], float]:
    start = time.monotonic()
    out, _ = proc.communicate(timeout=timeout)
    return proc.returncode, out.splitlines(), time.monotonic() - start


def messages(lines: list[str] | str, *needles: str) -> str:
    lines = lines.splitlines() if isinstance(lines, str) else lines
    picked = [line for line in lines if any(n in line for n in needles)] if needles else lines
    return "\n".join(f"      | {line}" for line in picked[:8])


def case(title: str, ok: bool, shown: str = "") -> None:
    RESULTS.append((title, ok, shown))
    print(f"{'PASS' if ok else 'FAIL'}  {title}", flush=True)
    if shown:
        print(shown, flush=True)


def expect(condition: bool, what: str, problems: list[str]) -> None:
    if not condition:
        problems.append(what)


def book_is_correct(copy: Copy, reference: Path, problems: list[str]) -> None:
    expect(copy.html.is_dir() and not site_problems(copy.html), "the published book fails the check", problems)
    expect(same_tree(copy.html, reference), "the published book differs from the reference build", problems)


def edit_json(path: Path, change) -> str:
    original = path.read_text(encoding="utf-8")
    notebook = json.loads(original)
    change(notebook)
    path.write_text(json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return original


def make_copy(folder: Path) -> Copy:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO_ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        source = REPO_ROOT / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)  # modification times too: make sees .venv as up to date
    (folder / ".venv").symlink_to(REPO_ROOT / ".venv")
    return Copy(folder)


def main() -> int:
    if not (REPO_ROOT / ".venv" / ".installed").is_file():
        sys.exit("make robustness: run `make venv` first (it uses the book's environment, .venv)")
    with tempfile.TemporaryDirectory(prefix="peacebook-robustness-") as tmp:
        copy = make_copy(Path(tmp) / "book")
        print(f"robustness: builds run in {copy.root}", flush=True)
        status, out, seconds = copy.run("--cold")
        if status != 0:
            print(out)
            sys.exit("robustness: the reference build failed")
        reference = Path(tmp) / "reference"
        shutil.copytree(copy.html, reference)
        print(f"reference build: {seconds:.1f} s", flush=True)
        cases(copy, reference, Path(tmp))
    failed = [title for title, ok, _ in RESULTS if not ok]
    print(f"\nrobustness: {len(RESULTS) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def cases(copy: Copy, reference: Path, tmp: Path) -> None:
    build, cache = copy.root / "_build", copy.root / "_build" / ".jupyter_cache"

    # 1 and 2. Ctrl-C during execution, once and twice.
    for times in (1, 2):
        problems: list[str] = []
        shutil.rmtree(cache)
        proc = copy.start()
        read_until(proc, "executing book/", 120)
        read_until(proc, "executed ", 120)
        time.sleep(0.5)
        os.killpg(proc.pid, signal.SIGINT)
        if times == 2:
            time.sleep(0.2)
            os.killpg(proc.pid, signal.SIGINT)
        status, lines, seconds = finish(proc)
        time.sleep(0.5)
        expect(seconds < (2 if times == 2 else 5), f"took {seconds:.1f} s to stop", problems)
        expect(status != 0, "exited 0", problems)
        expect(not copy.kernels(), f"kernels left running: {copy.kernels()}", problems)
        expect(cache_problem(cache) is None, f"cache damaged: {cache_problem(cache)}", problems)
        book_after = same_tree(copy.html, reference)
        status2, out2, _ = copy.run()
        expect(status2 == 0, "the next make book failed", problems)
        book_is_correct(copy, reference, problems)
        expect(book_after, "the interrupted build changed the published book", problems)
        case(f"{times}. Ctrl-C {'twice ' if times == 2 else ''}during the notebook run: stopped in {seconds:.1f} s, "
             "no kernel left, cache intact, next build correct" + (f" -- {problems}" if problems else ""),
             not problems, messages(lines, "interrupted", "killed", "stopped") + "\n" + messages(out2, "notebooks to execute"))

    # 3 and 4. Ctrl-C, then SIGKILL, during Sphinx.
    for how in ("Ctrl-C", "SIGKILL"):
        problems = []
        shutil.rmtree(build / ".sphinx")  # a full Sphinx run, long enough to interrupt
        proc = copy.start()
        read_until(proc, "Sphinx:", 120)
        time.sleep(2)
        os.killpg(proc.pid, signal.SIGINT if how == "Ctrl-C" else signal.SIGKILL)
        status, lines, seconds = finish(proc)
        expect(seconds < 5, f"took {seconds:.1f} s to stop", problems)
        expect(same_tree(copy.html, reference), "the published book changed", problems)
        expect((build / ".sphinx" / "html" / "INCOMPLETE").exists(), "no INCOMPLETE marker", problems)
        status2, out2, _ = copy.run()
        expect(status2 == 0, "the next make book failed", problems)
        expect("the last build did not finish" in out2, "the next build did not start Sphinx afresh", problems)
        book_is_correct(copy, reference, problems)
        case(f"{3 if how == 'Ctrl-C' else 4}. {how} during Sphinx: stopped in {seconds:.1f} s, published book untouched, "
             "next build correct" + (f" -- {problems}" if problems else ""), not problems,
             messages(lines, "interrupted", "Interrupted") + "\n" + messages(out2, "did not finish", "published", "unchanged"))

    # 5. A page pointing at a missing SVG (what an interrupted incremental build used to publish).
    problems = []
    images = sorted((build / ".sphinx" / "html" / "site" / "_images").glob("*.svg"))
    images[0].unlink()
    status, out, _ = copy.run()
    expect(status != 0 and f"{images[0].name} is missing" in out, "the check did not catch the missing SVG", problems)
    expect(same_tree(copy.html, reference), "the broken site was published", problems)
    status2, out2, _ = copy.run()
    expect(status2 == 0, "the next make book failed", problems)
    book_is_correct(copy, reference, problems)
    case("5. A page pointing at a missing SVG: caught by the post-build check, not published, repaired by the next build"
         + (f" -- {problems}" if problems else ""), not problems,
         messages(out, "is missing", "nothing was published") + "\n" + messages(out2, "did not finish", "unchanged"))

    # 6. Two builds at once, in one clone.
    problems = []
    shutil.rmtree(build / ".sphinx")
    first = copy.start("--then", sys.executable, "-c", "import time; time.sleep(3)")
    read_until(first, "Sphinx:", 120)
    refused = copy.run("--no-wait")
    second = copy.start()
    waiting = read_until(second, "waiting", 60)
    status_a, lines_a, _ = finish(first, 120)
    status_b, lines_b, _ = finish(second, 120)
    expect(refused[0] != 0 and "another build is running in this clone" in refused[1], "--no-wait did not refuse", problems)
    expect(any("waiting for it to finish" in line for line in waiting), "the second build did not say it waits", problems)
    expect(status_a == 0 and status_b == 0, f"a build failed ({status_a}, {status_b})", problems)
    book_is_correct(copy, reference, problems)
    case("6. Two builds at once: the second waits for the first (and its --then command), --no-wait refuses"
         + (f" -- {problems}" if problems else ""), not problems,
         messages(waiting + lines_b, "another build", "has finished") + "\n" + messages(refused[1], "another build"))

    # 7. A corrupted execution cache database.
    problems = []
    (cache / "global.db").write_bytes(b"\0garbage" * 1000)
    status, out, _ = copy.run()
    expect(status == 0, "the build failed", problems)
    expect("is damaged" in out and "every notebook runs again" in out, "no message about the damaged cache", problems)
    book_is_correct(copy, reference, problems)
    case("7. A corrupted .jupyter_cache/global.db: detected, removed with a message, rebuilt"
         + (f" -- {problems}" if problems else ""), not problems, messages(out, "damaged"))

    # 8. A cache record whose notebook file is gone (a kill between jupyter-cache's two writes).
    problems = []
    stored = sorted((cache / "executed").rglob("base.ipynb"))
    stored[0].unlink()
    status, out, _ = copy.run()
    expect(status == 0 and "is damaged" in out, "the missing notebook file was not detected and rebuilt", problems)
    book_is_correct(copy, reference, problems)
    case("8. A cached notebook file missing: detected, rebuilt" + (f" -- {problems}" if problems else ""), not problems,
         messages(out, "damaged"))

    # 9. A missing glue key: the failure sticks.
    problems = []
    chapter = copy.root / "book" / "the-offer.ipynb"

    def rename_key(notebook):
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code" and '"range_low"' in "".join(cell["source"]):
                cell["source"] = [line.replace('"range_low"', '"range_low_renamed"') for line in cell["source"]]

    original = edit_json(chapter, rename_key)
    runs = [copy.run() for _ in range(2)]
    warnings = [sorted(line for line in out.splitlines() if "WARNING" in line) for _, out, _ in runs]
    expect(all(status != 0 for status, _, _ in runs), "a build with a missing glue key succeeded", problems)
    expect(warnings[0] and warnings[0] == warnings[1], "the second run did not give the same warnings", problems)
    expect(any('book/the-offer.ipynb, cell ' in w and "line " in w for w in warnings[0]),
           "the warning does not name the cell", problems)
    expect(same_tree(copy.html, reference), "a failed build was published", problems)
    chapter.write_text(original, encoding="utf-8")
    status, _, _ = copy.run()
    expect(status == 0, "the build after the fix failed", problems)
    book_is_correct(copy, reference, problems)
    case("9. A missing glue key: fails, fails again with the same warnings, nothing published; passes once fixed"
         + (f" -- {problems}" if problems else ""), not problems, messages(runs[1][1], "WARNING", "strict build failed"))

    # 10. A failing cell: the failure sticks, and names the cell.
    problems = []
    chapter = copy.root / "book" / "conclusion.ipynb"

    def break_cell(notebook):
        cell = [c for c in notebook["cells"] if c["cell_type"] == "code"][-1]
        cell["source"] = ["".join(cell["source"]) + "\nassert False, 'robustness check'"]

    original = edit_json(chapter, break_cell)
    runs = [copy.run() for _ in range(2)]
    failures = [[line for line in out.splitlines() if "raised AssertionError" in line] for _, out, _ in runs]
    expect(all(status != 0 for status, _, _ in runs), "a build with a failing cell succeeded", problems)
    expect(failures[0] and failures[0] == failures[1] and failures[0][0].startswith("build: book/conclusion.ipynb, cell "),
           f"the failure is not reported the same way twice with its cell: {failures}", problems)
    expect((build / "reports" / "conclusion.err.log").is_file(), "no traceback report", problems)
    chapter.write_text(original, encoding="utf-8")
    status, _, _ = copy.run()
    expect(status == 0, "the build after the fix failed", problems)
    book_is_correct(copy, reference, problems)
    case("10. A failing cell: named by its cell label, fails again the same way, passes once fixed"
         + (f" -- {problems}" if problems else ""), not problems,
         messages(runs[1][1], "raised", "whole traceback", "failed; nothing"))

    # 11. Two cold builds are byte-identical.
    problems = []
    first_cold = tmp / "first-cold"
    copy.run("--cold")
    shutil.copytree(copy.html, first_cold)
    copy.run("--cold")
    expect(same_tree(first_cold, copy.html), "two cold builds differ", problems)
    expect(same_tree(reference, copy.html), "a cold build differs from the reference", problems)
    case("11. Two cold builds: byte-identical _build/html trees" + (f" -- {problems}" if problems else ""), not problems)


if __name__ == "__main__":
    sys.exit(main())
