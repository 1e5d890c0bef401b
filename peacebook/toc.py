"""Read ``_toc.yml``: which pages the book has, in reading order.

``python -m peacebook.toc --notebooks`` prints the notebooks (the Makefile's nbval list).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
TOC = REPO_ROOT / "_toc.yml"
PAGE_SUFFIXES = (".ipynb", ".md")


def entries(toc: Path = TOC) -> list[str]:
    """Every ``file:`` entry of the table of contents (root first), without suffix."""
    spec = yaml.safe_load(toc.read_text(encoding="utf-8"))
    found = [spec["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in spec.items() if k != "root"})
    return found


def page_path(entry: str, root: Path = REPO_ROOT) -> Path | None:
    """The file behind a toc entry (``.ipynb`` or ``.md``), or None if neither exists."""
    for suffix in PAGE_SUFFIXES:
        path = root / f"{entry}{suffix}"
        if path.is_file():
            return path
    return None


def notebooks(toc: Path = TOC) -> list[Path]:
    """Notebooks listed in the table of contents, in reading order."""
    paths = [page_path(e) for e in entries(toc)]
    return [p for p in paths if p is not None and p.suffix == ".ipynb"]


def main() -> None:
    parser = argparse.ArgumentParser(description="List the book's pages from _toc.yml.")
    parser.add_argument("--notebooks", action="store_true", help="only notebooks, as paths relative to the repository")
    args = parser.parse_args()
    pages = notebooks() if args.notebooks else [page_path(e) for e in entries()]
    print(" ".join(str(p.relative_to(REPO_ROOT)) for p in pages if p))


if __name__ == "__main__":
    main()
