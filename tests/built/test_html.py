"""Checks on the built HTML book (run after `jupyter-book build`, as `make test` does)."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from peacebook import toc

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
PAGES = sorted(p for p in HTML.rglob("*.html") if "_static" not in p.parts) if HTML.is_dir() else []

# Attributes through which a browser fetches something when it renders a page.
FETCHING = {"script": "src", "img": "src", "iframe": "src", "embed": "src", "source": "src", "audio": "src",
            "video": "src", "track": "src", "object": "data", "input": "src"}
FETCHING_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)


class PageParser(HTMLParser):
    """Collects what a page would fetch and its images' alt texts."""

    def __init__(self):
        super().__init__()
        self.fetches, self.images = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in FETCHING and attrs.get(FETCHING[tag]):
            self.fetches.append(attrs[FETCHING[tag]])
        if tag == "link" and FETCHING_LINK_RELS & set((attrs.get("rel") or "").lower().split()):
            self.fetches.append(attrs.get("href", ""))
        if tag == "img":
            self.images.append((attrs.get("src", ""), attrs.get("alt")))
        for url in re.findall(r"url\(([^)]+)\)", attrs.get("style") or ""):
            self.fetches.append(url.strip("'\""))


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def external_fetches(html: str) -> list[str]:
    """URLs on other hosts that a browser would load for this page."""
    return [url for url in parse(html).fetches if EXTERNAL.match(url)]


def bad_alt_texts(html: str) -> list[str]:
    """Images with no alt text, or with a file name where the description should be."""
    return [src for src, alt in parse(html).images
            if not alt or not alt.strip() or re.search(r"\.(svg|png|jpe?g|gif)$", alt.strip(), re.I)]


def test_the_checks_catch_what_they_look_for():
    page = ('<script src="https://cdn.jsdelivr.net/x.js"></script><link rel="stylesheet" href="//fonts.example/a.css">'
            '<link rel="canonical" href="https://example.org/"><a href="https://example.org/source">source</a>'
            '<img src="a.svg" alt="a.svg"><img src="b.svg"><img src="c.svg" alt="A line chart of prices.">')
    assert external_fetches(page) == ["https://cdn.jsdelivr.net/x.js", "//fonts.example/a.css"]
    assert bad_alt_texts(page) == ["a.svg", "b.svg"]


@pytest.fixture(scope="module", autouse=True)
def built_book():
    if not (HTML / "index.html").is_file():
        pytest.fail("no built book in _build/html; run `make book` (make test builds it before these checks)")


def test_every_toc_page_was_built():
    missing = [e for e in toc.entries() if not (HTML / f"{e}.html").is_file()]
    assert not missing, f"pages in _toc.yml with no HTML: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(HTML)))
def test_page_loads_nothing_from_other_hosts(page):
    found = external_fetches(page.read_text(encoding="utf-8"))
    assert not found, f"{page.relative_to(HTML)} would load from other hosts: {found}"


def test_stylesheets_import_nothing_from_other_hosts():
    for css in (HTML / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        found = re.findall(r"(?:@import\s+|url\()\s*['\"]?((?:https?:)?//[^'\")\s]+)", text)
        assert not found, f"{css.relative_to(HTML)} loads {found}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(HTML)))
def test_every_image_has_real_alt_text(page):
    bad = bad_alt_texts(page.read_text(encoding="utf-8"))
    assert not bad, f"{page.relative_to(HTML)}: images without real alt text: {bad}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(HTML)))
def test_no_execution_error_or_stderr_reached_the_page(page):
    text = page.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" not in text and 'class="output stderr"' not in text, \
        f"{page.relative_to(HTML)} shows a traceback or stderr output"


def test_data_links_use_stable_addresses_not_hashed_downloads():
    appendix = (HTML / "book" / "data-and-methods.html").read_text(encoding="utf-8")
    assert 'href="../data/datapackage.json"' in appendix
    hashed = sorted({m for p in PAGES for m in re.findall(r'href="[^"]*_downloads/[^"]+"', p.read_text(encoding="utf-8"))})
    assert not hashed, f"links to hashed download addresses (use the {{dataset}} role): {hashed[:5]}"


def figures_without_data_link(html: str) -> list[str]:
    """Figures whose caption does not link to the data appendix (or name the figure's CSV)."""
    bad = []
    for figure in re.findall(r"<figure\b.*?</figure>", html, flags=re.S):
        caption = re.search(r"<figcaption>.*?</figcaption>", figure, flags=re.S)
        if not caption or "data-and-methods.html" not in caption.group(0):
            bad.append(re.sub(r"<[^>]+>", "", caption.group(0) if caption else figure)[:80].strip())
    return bad


def test_figure_caption_check_catches_a_missing_link():
    good = '<figure><img alt="x"/><figcaption>Data: <a href="data-and-methods.html">appendix</a></figcaption></figure>'
    assert figures_without_data_link(good) == []
    assert figures_without_data_link('<figure><img alt="x"/><figcaption>No link</figcaption></figure>') == ["No link"]


@pytest.mark.parametrize("page", [p for p in PAGES if p.parent.name == "book"], ids=lambda p: p.name)
def test_every_chart_caption_links_to_the_data_appendix(page):
    bad = figures_without_data_link(page.read_text(encoding="utf-8"))
    assert not bad, f"{page.name}: figure captions without a link to the data appendix: {bad}"


GLUE_TEXT_ROLE = re.compile(r"\{glue:text\}`[^`]+`")
PASTED_TEXT = re.compile(r'<span class="pasted-text">(.*?)</span>', flags=re.S)


def page_markdown(path: Path) -> str:
    """The Markdown a page's source shows readers, without code (literal text is not rendered as roles)."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    return without_literals(text)


def without_literals(markdown: str) -> str:
    """Markdown without fenced code blocks and double-backtick code, where a role is only text.

    Fences that open a directive (```{glue:figure}, ````{admonition}) keep their content.
    """
    kept, open_fences = [], []  # (fence, is literal code)
    for line in markdown.splitlines():
        fence = re.match(r"\s*(`{3,}|~{3,})(.*)$", line)
        if fence:
            marks, rest = fence.groups()
            top = open_fences[-1][0] if open_fences else None
            if top and marks[0] == top[0] and len(marks) >= len(top) and not rest.strip():
                open_fences.pop()
                continue
            if not any(literal for _, literal in open_fences):
                open_fences.append((marks, not rest.strip().startswith("{")))
                continue
        if not any(literal for _, literal in open_fences):
            kept.append(line)
    return re.sub(r"``.+?``", "", "\n".join(kept))


def glued_values_missing(markdown: str, html: str) -> list[str]:
    """Glued text the page should show but does not: a value that is empty, or a role that rendered nothing.

    A strict build that fails on a missing glue key still writes the page, with nothing where the
    number goes ("and  to Russia"); a second build without -W's re-read used to publish it.
    """
    roles = GLUE_TEXT_ROLE.findall(markdown)
    values = PASTED_TEXT.findall(html)
    problems = [f"an empty glued value (pasted-text number {i + 1})" for i, v in enumerate(values)
                if not re.sub(r"<[^>]+>", "", v).strip()]
    if len(values) < len(roles):
        problems.append(f"{len(roles)} glued values in the source, {len(values)} on the page")
    return problems


def test_glue_check_catches_an_empty_or_missing_value():
    source = "Russia held {glue:text}`area:,.0f` km², from {glue:text}`low:,.0f` to {glue:text}`high:,.0f`."
    good = 'held <span class="pasted-text">115,195</span> km², from <span class="pasted-text">1</span> to ' \
           '<span class="pasted-text">2</span>.'
    assert glued_values_missing(source, good) == []
    missing = 'held <span class="pasted-text">115,195</span> km², from  to <span class="pasted-text">2</span>.'
    assert glued_values_missing(source, missing) == ["3 glued values in the source, 2 on the page"]
    empty = good.replace(">1<", "><")
    assert glued_values_missing(source, empty) == ["an empty glued value (pasted-text number 2)"]
    literal = without_literals("Write ``{glue:text}`key:.0f` `` in Markdown.\n```\n{glue:text}`x:.0f`\n```\n")
    assert glued_values_missing(literal, "Write <code>...</code>") == []
    directive = without_literals("````{admonition} In brief\n```{glue:figure} fig\nCaption {glue:text}`a:.0f`.\n```\n````\n")
    assert glued_values_missing(directive, 'Caption <span class="pasted-text">1</span>.') == []
    assert len(GLUE_TEXT_ROLE.findall(directive)) == 1


@pytest.mark.parametrize("entry", toc.entries())
def test_every_glued_value_reached_the_page(entry):
    source, page = toc.page_path(entry), HTML / f"{entry}.html"
    problems = glued_values_missing(page_markdown(source), page.read_text(encoding="utf-8"))
    assert not problems, f"{page.relative_to(HTML)}: " + "; ".join(problems)


def test_no_page_loads_the_theme_icon_font_script():
    # book/_templates/layout.html leaves out pydata-sphinx-theme's fontawesome.js (1.5 MB);
    # book/_static/icons.css draws the icons instead.
    loading = [str(p.relative_to(HTML)) for p in PAGES if "fontawesome.js" in p.read_text(encoding="utf-8")]
    assert not loading, f"pages that load the icon-font script: {loading}"


def test_every_icon_on_a_page_is_drawn_by_the_icon_css():
    icons = (ROOT / "book" / "_static" / "icons.css").read_text(encoding="utf-8")
    drawn = set(re.findall(r"\.(fa-[a-z0-9-]+) \{ --icon:", icons))
    used = {name for page in PAGES for classes in re.findall(r'class="([^"]*\bfa-[^"]*)"', page.read_text(encoding="utf-8"))
            for name in classes.split() if name.startswith("fa-") and name not in {"fa-lg", "fa-solid", "fa-brands"}}
    assert used and used <= drawn, f"icons with no rule in book/_static/icons.css: {sorted(used - drawn)}"
