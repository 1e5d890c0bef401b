"""Sources named as what they are, on every page and in every table (issue 13).

Three guard rails, each a plain function that lists problems, run on the real book and shown
failing on a deliberately broken input:

- an ``aggregator`` source (a rewrite, summary or machine translation) never supports a
  statement alone: every paragraph, list item or table row of a page, and every row of a
  table with a ``source_id`` or ``source_ids`` column, that cites an aggregator also cites a
  source that is not one;
- reader-facing text never speaks of "stored" pages, copies or corpora (readers were never
  shown a store): say what could not be found instead;
- a bibliography entry whose publisher and host differ names both, "Publisher, via Host".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from peacebook import sources
from peacebook.data import load, resource_names

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
PAGES = sorted(p for p in BOOK.glob("*") if p.suffix in (".md", ".ipynb"))
BIB = BOOK / "references.bib"
TABLES = [name for name in resource_names() if name not in ("sources", "raw_origins")]
#: Text columns of tables that reach pages (table cells, notes, captions, the data appendix).
READER_COLUMNS = ("title", "note", "notes", "claim", "explanation", "rule", "convention", "event", "summary",
                  "what", "description", "trigger")

FOOTCITE = re.compile(r"\{footcite\}`([^`]+)`")
STORED = re.compile(r"\bstored\s+(?:corpus|pages?|cop(?:y|ies)|reporting|sources?|excerpts?|versions?|record|web)\b"
                    r"|\b(?:in|from|of) the (?:stored |search )?corpus\b", re.I)


# --- Reading pages ------------------------------------------------------------------------------

def markdown_of(path: Path) -> str:
    """The Markdown a page shows readers (for a notebook, its Markdown cells)."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def blocks(markdown: str) -> list[str]:
    """Paragraphs, list items and table rows: the units a citation has to support."""
    found = []
    for paragraph in re.split(r"\n\s*\n", markdown):
        current: list[str] = []
        for line in paragraph.splitlines():
            if re.match(r"\s*([-*+]|\d+\.)\s|\s*\|", line) and current:
                found.append("\n".join(current))
                current = []
            current.append(line)
        if current:
            found.append("\n".join(current))
    return found


def cited(text: str) -> list[str]:
    return [i.strip() for group in FOOTCITE.findall(text) for i in group.split(",") if i.strip()]


# --- The checks -------------------------------------------------------------------------------

def aggregator_alone(groups: list[tuple[str, list[str]]], kind: dict[str, str]) -> list[str]:
    """Each ``(where, source ids)`` group that cites an aggregator and nothing else."""
    return [f"{where}: cites only aggregator(s) {sorted(set(ids))}; add the original or a licensed copy"
            for where, ids in groups
            if ids and any(kind.get(i) == "aggregator" for i in ids) and all(kind.get(i) == "aggregator" for i in ids)]


def page_groups(name: str, markdown: str) -> list[tuple[str, list[str]]]:
    return [(f"{name}: {block.strip()[:70]!r}", cited(block)) for block in blocks(markdown) if cited(block)]


def table_groups(name: str, frame: pd.DataFrame) -> list[tuple[str, list[str]]]:
    groups = []
    for line, row in enumerate(frame.to_dict("records"), start=2):
        ids = [i for column in ("source_id", "source_ids") if isinstance(row.get(column), str)
               for i in row[column].split(";") if i]
        groups.append((f"data/{name}.csv line {line}", ids))
    return groups


def stored_wording(where: str, text: str) -> list[str]:
    return [f"{where}: {m.group(0)!r} means nothing to a reader; say what could not be found"
            for m in STORED.finditer(text)]


def bib_plain(text: str) -> str:
    """``text`` as the bibliography writes it, unescaped (BibTeX drops backslashes and braces)."""
    return re.sub(r"[\\{}]", "", text)


def via_problems(bib: str, table: pd.DataFrame) -> list[str]:
    """Entries whose source has a host other than its publisher but whose author lacks 'Publisher, via Host'."""
    authors = {key: value.replace("\\&", "&").replace("\\%", "%")
               for key, value in re.findall(r"@misc\{([^,]+),\s*\n\s*author = \{\{(.*?)\}\}", bib)}
    problems = []
    for source_id, row in table.iterrows():
        if source_id not in authors:
            problems.append(f"{source_id}: no entry in references.bib (run make data)")
        elif row["host"] != row["publisher"] and authors[source_id] != bib_plain(f"{row['publisher']}, via {row['host']}"):
            problems.append(f"{source_id}: published by {row['publisher']!r} on {row['host']!r}, "
                            f"but the bibliography says {authors[source_id]!r}")
    return problems


# --- The book -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kind():
    return sources.table()["kind"].to_dict()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_no_paragraph_rests_on_an_aggregator_alone(path, kind):
    problems = aggregator_alone(page_groups(path.name, markdown_of(path)), kind)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", TABLES)
def test_no_table_row_rests_on_an_aggregator_alone(name, kind):
    problems = aggregator_alone(table_groups(name, load(name)), kind)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_never_speak_of_stored_pages(path):
    problems = stored_wording(path.name, markdown_of(path))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", [*TABLES, "sources"])
def test_table_text_never_speaks_of_stored_pages(name):
    frame = load(name)
    problems = [p for column in READER_COLUMNS if column in frame.columns
                for line, value in enumerate(frame[column], start=2) if isinstance(value, str)
                for p in stored_wording(f"data/{name}.csv line {line}, {column}", value)]
    assert not problems, "\n".join(problems)


def test_bibliography_names_publisher_via_host():
    problems = via_problems(BIB.read_text(encoding="utf-8"), sources.table())
    assert not problems, "\n".join(problems)


# --- Each check fails on a deliberately broken input --------------------------------------------

KINDS = {"devdiscourse-x": "aggregator", "like123-x": "aggregator", "reuters-x": "syndicated", "ap-x": "original"}


def test_a_paragraph_citing_only_an_aggregator_is_caught():
    page = ("Putin said so.{footcite}`devdiscourse-x`\n\n"
            "He said it twice.{footcite}`devdiscourse-x,reuters-x`\n\n"
            "- An item resting on a rewrite.{footcite}`like123-x`\n"
            "- An item with an original.{footcite}`ap-x`\n\n"
            "| a | b |\n|--|--|\n| row | {footcite}`like123-x`{footcite}`devdiscourse-x` |")
    problems = aggregator_alone(page_groups("broken.md", page), KINDS)
    assert len(problems) == 3, problems
    assert "Putin said so" in problems[0] and "An item resting" in problems[1] and "| row |" in problems[2]


def test_a_table_row_citing_only_an_aggregator_is_caught():
    frame = pd.DataFrame({"what": ["a", "b", "c"], "source_ids": ["like123-x", "like123-x;ap-x", "reuters-x"]})
    assert aggregator_alone(table_groups("broken", frame), KINDS) == [
        "data/broken.csv line 2: cites only aggregator(s) ['like123-x']; add the original or a licensed copy"]
    single = pd.DataFrame({"what": ["a"], "source_id": ["devdiscourse-x"]})
    assert len(aggregator_alone(table_groups("broken", single), KINDS)) == 1


@pytest.mark.parametrize("text", ["checked against a stored source", "as far as the stored reporting allows",
                                  "not found in the stored pages", "the stored copy says", "Not stated in the stored copy",
                                  "the page was not in the corpus"])
def test_stored_wording_is_caught(text):
    assert stored_wording("broken.md", text)


@pytest.mark.parametrize("text", ["gas stored in EU facilities", "Europe's storage was full", "could not be found"])
def test_ordinary_words_are_not_caught(text):
    assert not stored_wording("fine.md", text)


def test_a_bibliography_entry_without_via_is_caught():
    table = pd.DataFrame({"publisher": ["Reuters", "Kyiv Post"], "host": ["The Straits Times", "Kyiv Post"]},
                         index=["reuters-x", "kyivpost-x"])
    table.loc["feed-x"] = ["Feed & Grain (reporting Reuters)", "Feed & Grain"]
    good = ("@misc{reuters-x,\n  author = {{Reuters, via The Straits Times}},\n}\n"
            "@misc{feed-x,\n  author = {{Feed \\& Grain (reporting Reuters), via Feed \\& Grain}},\n}\n"
            "@misc{kyivpost-x,\n  author = {{Kyiv Post}},\n}\n")
    assert via_problems(good, table) == []
    broken = good.replace("Reuters, via The Straits Times", "The Straits Times")
    assert via_problems(broken, table) == ["reuters-x: published by 'Reuters' on 'The Straits Times', "
                                           "but the bibliography says 'The Straits Times'"]
    assert via_problems(good.split("@misc{kyivpost-x")[0], table) == ["kyivpost-x: no entry in references.bib (run make data)"]

