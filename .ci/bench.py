"""`make bench`: how long the book takes to build and test, and whether clean builds are identical.

Prints, on this machine and in this run:
- cold build (no _build, no execution cache), no-op rebuild, rebuild after editing one notebook's code;
- how long each notebook took to execute in the cold build (from _build/build-log.json: these
  times vary, so the book does not print them);
- `make test` without the install step;
- the cold build of a minimal one-page Jupyter Book (the tool's floor) and our ratio to it;
- whether two cold builds are byte-identical (every file under _build/html);
- per page, from the browser tests run inside `make test`: requests, weight, paint and load times.
It is a script, not a test: timings vary with the machine (and with what else runs on it);
the goals are in CONTRIBUTING.md.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from peacebook import browser
from peacebook.toc import REPO_ROOT as ROOT
from peacebook.toc import notebooks

BOOK_PYTHON = str(ROOT / ".venv" / "bin" / "python")  # what `make book` uses: the book's environment
BUILD = [BOOK_PYTHON, "-m", "peacebook.bookbuild"]
COLD_BUILD = [*BUILD, "--cold"]
FLOOR_BUILD = [str(ROOT / ".venv" / "bin" / "jupyter-book"), "build", ".", "--quiet"]
KERNEL_START_S = 1.3  # kernel start with pandas and matplotlib imported, measured for this tool chain
EDITED = ["book/the-offer.ipynb", "book/data-and-methods.ipynb"]  # a typical chapter; the heaviest page


def run(cmd: list[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{result.stdout[-3000:]}")
    return elapsed


def floor_build() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp)
        (book / "_config.yml").write_text("title: Floor\nexecute:\n  execute_notebooks: cache\n")
        (book / "_toc.yml").write_text("format: jb-book\nroot: index\n")
        (book / "index.md").write_text("# Floor\n\nOne page.\n")
        return run(FLOOR_BUILD, book)


def differing_files(a: Path, b: Path) -> list[str]:
    out = []
    for path in sorted(a.rglob("*")):
        other = b / path.relative_to(a)
        if path.is_file() and (not other.is_file() or not filecmp.cmp(path, other, shallow=False)):
            out.append(str(path.relative_to(a)))
    out += [str(p.relative_to(b)) for p in b.rglob("*") if p.is_file() and not (a / p.relative_to(b)).exists()]
    return out


def edit_one_notebook(relative: str) -> Path:
    notebook = ROOT / relative
    data = json.loads(notebook.read_text(encoding="utf-8"))
    cell = next(c for c in data["cells"] if c["cell_type"] == "code")
    cell["source"] = "".join(cell["source"]) + "\n# bench edit"
    notebook.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return notebook


def build_log() -> dict:
    return json.loads((ROOT / "_build" / "build-log.json").read_text(encoding="utf-8"))


def main() -> None:
    n_notebooks = len(notebooks())
    floor = floor_build()
    cold = run(COLD_BUILD)
    cold_log = build_log()
    with tempfile.TemporaryDirectory() as tmp:
        first = Path(tmp) / "first"
        shutil.copytree(ROOT / "_build" / "html", first)
        cold_again = run(COLD_BUILD)
        differences = differing_files(first, ROOT / "_build" / "html")
    noop = run(BUILD)
    edits = {}
    for relative in EDITED:
        original = (ROOT / relative).read_text(encoding="utf-8")
        edit_one_notebook(relative)
        try:
            edits[relative] = run(BUILD)
        finally:
            (ROOT / relative).write_text(original, encoding="utf-8")
        run(BUILD)
    test = run(["make", "--no-print-directory", "lint", "test-data", "test-units", "test-html"])

    goal_cold = 2 * (floor + KERNEL_START_S * n_notebooks)
    print(f"notebooks in the book:              {n_notebooks}")
    print(f"floor (one-page book, cold build):  {floor:6.1f} s")
    print(f"cold build:                         {cold:6.1f} s  (second cold build {cold_again:.1f} s)")
    print(f"  goal <= 2 x (floor + {KERNEL_START_S} s x {n_notebooks} notebooks) = {goal_cold:.1f} s: "
          f"{'met' if cold <= goal_cold else 'NOT met'}; ratio to floor {cold / floor:.1f}x")
    steps = cold_log["steps"]
    print("  of which " + ", ".join(f"{name} {steps[name]:.1f} s" for name in ("prepare", "execute", "sphinx", "check", "publish")
                                    if name in steps))
    print(f"no-op rebuild:                      {noop:6.1f} s  (goal < 3 s: {'met' if noop < 3 else 'NOT met'})")
    for relative, edit in edits.items():
        verdict = "met" if edit < 8 else "NOT met"
        print(f"rebuild after editing {Path(relative).name + ':':27} {edit:5.1f} s  (goal < 8 s: {verdict})")
    print(f"make test without install:          {test:6.1f} s  (goal < 120 s: {'met' if test < 120 else 'NOT met'})")

    print("\nnotebook execution in the cold build (one kernel each, several at a time):")
    for name, entry in sorted(cold_log["notebooks"].items(), key=lambda item: -item[1]["seconds"]):
        print(f"  {name:42} {entry['seconds']:5.1f} s")
    print(f"  {'sum':42} {sum(e['seconds'] for e in cold_log['notebooks'].values()):5.1f} s "
          f"(wall {steps.get('execute', 0):.1f} s)")

    pages = browser.read_reports()
    if pages:
        print("\nper page, from the browser tests (Chromium, local server):")
        print(f"{'page':42} {'requests':>8} {'KB raw':>8} {'KB gzip':>8} {'FCP ms':>7} {'load ms':>8} {'axe':>4}")
        for page, r in sorted(pages.items()):
            print(f"{page:42} {r['requests']:8} {r['bytes_raw'] / 1e3:8.0f} {r['bytes_gzip'] / 1e3:8.0f} "
                  f"{r['fcp_ms'] or 0:7.0f} {r['load_ms'] or 0:8.0f} {r['axe_serious_or_critical']:4}")
    if differences:
        print(f"\ntwo cold builds differ in {len(differences)} file(s): {differences[:10]}")
    else:
        print("\ntwo cold builds are byte-identical (every file under _build/html)")


if __name__ == "__main__":
    main()
