"""The book's source files follow the conventions in CONTRIBUTING.md."""

import json
import re
from pathlib import Path

import pytest

from peacebook import notebook, toc

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
PAGES = sorted(p for p in BOOK.rglob("*") if p.suffix in (".md", ".ipynb")
               and "_build" not in p.parts and ".ipynb_checkpoints" not in p.parts and "_static" not in p.parts)
NOTEBOOKS = [p for p in PAGES if p.suffix == ".ipynb"]
SEED = ROOT.parent / "shared" / "seed" / "article.txt"


def page_text(path: Path) -> str:
    """The Markdown a page shows readers (for a notebook, its Markdown cells)."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def test_toc_and_book_folder_agree():
    listed = toc.entries()
    missing = [e for e in listed if toc.page_path(e) is None]
    assert not missing, f"_toc.yml lists pages that do not exist: {missing}"
    unlisted = [str(p.relative_to(ROOT)) for p in PAGES if str(p.relative_to(ROOT).with_suffix("")) not in listed]
    assert not unlisted, f"pages under book/ missing from _toc.yml: {unlisted}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean_with_code_hidden(path):
    problems = notebook.problems(path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_page_has_a_label_and_exactly_one_title(path):
    text = re.sub(r"```.*?```", "", page_text(path), flags=re.S)
    titles = re.findall(r"^# .+", text, flags=re.M)
    assert len(titles) == 1, f"{path.name}: {len(titles)} H1 titles; a page has exactly one"
    assert re.match(rf"\({path.stem}\)=\s*\n# ", text.lstrip()), \
        f"{path.name}: start the page with the label ({path.stem})= on the line before its title"
    levels = [len(h) for h in re.findall(r"^(#+) ", text, flags=re.M)]
    skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert not skips, f"{path.name}: heading levels skip ({skips})"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_glued_figure_has_alt_text(path):
    for block in re.findall(r"```\{glue:figure\}.*?```", page_text(path), flags=re.S):
        alt = re.search(r"^:alt:\s*(.+)$", block, flags=re.M)
        assert alt and len(alt.group(1).strip()) >= 30, f"{path.name}: figure without real alt text:\n{block[:200]}"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_no_dollar_math_that_would_load_mathjax(path):
    text = re.sub(r"```.*?```|`[^`]*`", "", page_text(path), flags=re.S)
    assert not re.search(r"(?<!\\)\$", text), f"{path.name}: write \\$ for dollars (a bare $ starts math, which loads MathJax)"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


@pytest.mark.skipif(not SEED.is_file(), reason="the source article is not beside the repository")
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_no_sentence_copied_from_the_source_article(path):
    seed = words(SEED.read_text(encoding="utf-8"))
    grams = {" ".join(seed[i:i + 12]) for i in range(len(seed) - 11)}
    text = words(page_text(path))
    copied = [" ".join(text[i:i + 12]) for i in range(len(text) - 11) if " ".join(text[i:i + 12]) in grams]
    assert not copied, f"{path.name} copies the source article: {copied[:3]}"




RAW_MARKUP = re.compile(r"\bfrom IPython\.display import|\bimport IPython\b|\bMarkdown\(|\bHTML\(|display_markdown|display_html")


def notebook_code(path: Path) -> list[tuple[dict, str]]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(c, "".join(c["source"])) for c in cells if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_put_table_text_on_a_page_only_through_the_helpers(path):
    """Markdown built by hand from table text could run as MyST or HTML: pb.table, pb.text, pb.link escape it."""
    found = [f"{notebook.cell_label(path, cell)}: {m.group(0)}" for cell, code in notebook_code(path)
             for m in RAW_MARKUP.finditer(code)]
    assert not found, "build page text with peacebook.tables (pb.table, pb.text, pb.link), not by hand:\n" + "\n".join(found)


def test_the_raw_markup_check_catches_a_hand_built_table():
    assert RAW_MARKUP.search('from IPython.display import Markdown\nMarkdown("| a |")')
    assert not RAW_MARKUP.search('pb.table(frame, {"a": "A"})')
