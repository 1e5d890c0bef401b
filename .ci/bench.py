"""`make bench`: how long the book takes to build and test, and whether clean builds are identical.

Prints, on this machine and in this run:
- cold build (no _build, no execution cache), no-op rebuild, rebuild after editing one notebook's code;
- `make test` without the install step;
- the cold build of a minimal one-page Jupyter Book (the tool's floor) and our ratio to it;
- whether two cold builds are byte-identical (every file under _build/html);
- per page, from the browser tests run inside `make test`: requests, weight, paint and load times.
It is a script, not a test: timings vary with the machine; the goals are in CONTRIBUTING.md.
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

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
BUILD = ["make", "--no-print-directory", "html"]  # what `make book` runs: parallel execution, then the strict build
FLOOR_BUILD = [str(VENV_BIN / "jupyter-book"), "build", ".", "--quiet"]
KERNEL_START_S = 1.3  # kernel start with pandas and matplotlib imported, measured for this tool chain


def run(cmd: list[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{result.stdout[-3000:]}")
    return elapsed


def cold_build(folder: Path = ROOT, command: list[str] = BUILD) -> float:
    shutil.rmtree(folder / "_build", ignore_errors=True)
    return run(command, folder)


def floor_build() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp)
        (book / "_config.yml").write_text("title: Floor\nexecute:\n  execute_notebooks: cache\n")
        (book / "_toc.yml").write_text("format: jb-book\nroot: index\n")
        (book / "index.md").write_text("# Floor\n\nOne page.\n")
        return cold_build(book, FLOOR_BUILD)


def differing_files(a: Path, b: Path) -> list[str]:
    out = []
    for path in sorted(a.rglob("*")):
        other = b / path.relative_to(a)
        if path.is_file() and (not other.is_file() or not filecmp.cmp(path, other, shallow=False)):
            out.append(str(path.relative_to(a)))
    out += [str(p.relative_to(b)) for p in b.rglob("*") if p.is_file() and not (a / p.relative_to(b)).exists()]
    return out


EDITED = ["book/the-offer.ipynb", "book/data-and-methods.ipynb"]  # a typical chapter; the heaviest page


def edit_one_notebook(relative: str) -> Path:
    notebook = ROOT / relative
    data = json.loads(notebook.read_text(encoding="utf-8"))
    cell = next(c for c in data["cells"] if c["cell_type"] == "code")
    cell["source"] = "".join(cell["source"]) + "\n# bench edit"
    notebook.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return notebook


def main() -> None:
    from peacebook.toc import notebooks

    n_notebooks = len(notebooks())
    floor = floor_build()
    cold = cold_build()
    with tempfile.TemporaryDirectory() as tmp:
        first = Path(tmp) / "first"
        shutil.copytree(ROOT / "_build" / "html", first)
        cold_again = cold_build()
        differences = differing_files(first, ROOT / "_build" / "html")
        second = Path(tmp) / "second"
        shutil.copytree(ROOT / "_build" / "html", second)
        for folder in ("html", ".doctrees"):  # a clean HTML build that keeps the execution cache
            shutil.rmtree(ROOT / "_build" / folder)
        run(BUILD)
        same_cache_differences = differing_files(second, ROOT / "_build" / "html")
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
    test = run(["make", "--no-print-directory", "test-data", "test-units", "test-html"])

    goal_cold = 2 * (floor + KERNEL_START_S * n_notebooks)
    print(f"notebooks in the book:              {n_notebooks}")
    print(f"floor (one-page book, cold build):  {floor:6.1f} s")
    print(f"cold build:                         {cold:6.1f} s  (second cold build {cold_again:.1f} s)")
    print(f"  goal <= 2 x (floor + {KERNEL_START_S} s x {n_notebooks} notebooks) = {goal_cold:.1f} s: "
          f"{'met' if cold <= goal_cold else 'NOT met'}; ratio to floor {cold / floor:.1f}x")
    print(f"no-op rebuild:                      {noop:6.1f} s  (goal < 3 s: {'met' if noop < 3 else 'NOT met'})")
    for relative, edit in edits.items():
        print(f"rebuild after editing {Path(relative).name + ':':27} {edit:5.1f} s  (goal < 8 s: {'met' if edit < 8 else 'NOT met'})")
    print(f"make test without install:          {test:6.1f} s  (goal < 120 s: {'met' if test < 120 else 'NOT met'})")
    pages = {}
    for report in sorted((ROOT / "_build").glob("browser-report-*.json")):
        pages.update(json.loads(report.read_text(encoding="utf-8")))
    if pages:
        print("\nper page, from the browser tests (Chromium, local server):")
        print(f"{'page':42} {'requests':>8} {'KB raw':>8} {'KB gzip':>8} {'FCP ms':>7} {'load ms':>8} {'axe':>4}")
        for page, r in sorted(pages.items()):
            print(f"{page:42} {r['requests']:8} {r['bytes_raw'] / 1e3:8.0f} {r['bytes_gzip'] / 1e3:8.0f} "
                  f"{r['fcp_ms'] or 0:7.0f} {r['load_ms'] or 0:8.0f} {r['axe_serious_or_critical']:4}")
    if differences and set(differences) <= {"book/build-environment.html", "searchindex.js"}:
        print("two cold builds differ only where the book reports execution times and notebook dates "
              "(the build-environment page and its search-index entry)")
    elif differences:
        print(f"two cold builds differ in {len(differences)} file(s): {differences[:10]}")
    else:
        print("two cold builds are byte-identical (every file under _build/html)")
    if same_cache_differences:
        print(f"two clean builds from the same execution cache differ in: {same_cache_differences[:10]}")
    else:
        print("two clean builds from the same execution cache are byte-identical (every file under _build/html)")


if __name__ == "__main__":
    main()
