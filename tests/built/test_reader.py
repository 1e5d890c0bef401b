"""The built book as its readers get it: charts legible on a phone and a laptop, tables that fit,
one colour per entity, stable data addresses, claims labelled, a usable appendix.

The browser checks need Debian's Chromium (skipped locally without it, an error in CI); the
others read the built files.
"""

import json
import os
import re
import sys

import pytest

from peacebook import browser as chrome
from peacebook import palette
from peacebook.bookbuild import SPHINX_STATE
from peacebook.notebook import CLAIM_SUFFIX

HTML = chrome.HTML
EXECUTED = SPHINX_STATE / "html" / "jupyter_execute" / "book"  # where the build driver runs Sphinx
BOOK = chrome.ROOT / "book"
MIN_PX = {375: 11.0, 1280: 12.0}
APPENDIX_SCREENS = 25
SCREEN = {"width": 1280, "height": 800}

FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)px")
VIEWBOX = re.compile(r'viewBox="[\d.\s-]*?\s([\d.]+)\s[\d.]+"')
TEXT = re.compile(r"<text[^>]*style=\"([^\"]*)\"[^>]*>([^<]*)</text>")
#: Words that say whose claim a figure is, in the sentence that uses it.
CLAIM_WORDS = re.compile(r"claim|according to|said|says|count|reported by|by (Russia|Ukraine)|Ukrainian side|Russian side|"
                         r"party to the war|General Staff|Kremlin|Syrskyi|Zelensky|Russian (state|officials|government|ministry)|"
                         r"Ukrainian (officials|government|ministry|commanders)|Bank of Russia|(Russia.s|Russian) central bank|"
                         r"Rosstat", re.I)

needs_build = pytest.mark.skipif(not (HTML / "index.html").is_file(), reason="no built book; run `make book`")


def svg_font_sizes(svg: str) -> tuple[float, list[float]]:
    """The SVG's width in user units and the font size of each of its text elements."""
    width = float(VIEWBOX.search(svg).group(1))
    return width, [float(size) for size in FONT_SIZE.findall(svg)]


def test_svg_font_size_reader_on_a_sample():
    svg = '<svg viewBox="0 0 504 300"><text style="font-size: 9px; fill: #000">a</text></svg>'
    assert svg_font_sizes(svg) == (504.0, [9.0])


# --- Files -----------------------------------------------------------------------------------


@needs_build
def test_one_colour_per_entity_in_every_chart():
    """Every label that names an entity (a tracker, an actor, a commodity) is drawn in that entity's colour."""
    expected = {name.lower(): colour.lower() for name, colour in palette.entity_colours().items()}
    neutral = {palette.TEXT.lower(), palette.MUTED.lower()}  # axis labels in the text colour name, they do not colour
    wrong = []
    for path in sorted((HTML / "_images").glob("*.svg")):
        for style, text in TEXT.findall(path.read_text(encoding="utf-8")):
            name = re.sub(r"^\u25cf\s*|\s*\(claim\)$", "", text.strip()).lower()
            fill = re.search(r"fill:\s*(#[0-9a-fA-F]{6})", style)
            if name in expected and fill and fill.group(1).lower() not in (expected[name], *neutral):
                wrong.append(f"{path.name}: '{text.strip()}' drawn in {fill.group(1)}, its colour is {expected[name]}")
    assert not wrong, "an entity with two colours:\n" + "\n".join(wrong)


@needs_build
def test_every_chart_has_a_phone_variant():
    pages = [p for p in HTML.rglob("*.html") if "_static" not in p.parts]
    missing = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for figure in re.findall(r"<figure.*?</figure>", html, flags=re.S):
            if re.search(r"<img[^>]+\.svg", figure) and "<source media=" not in figure:
                label = re.search(r'id="([^"]+)"', figure)
                missing.append(f"{page.relative_to(HTML)}: {label.group(1) if label else figure[:80]}")
    assert not missing, "charts without a phone variant (place them with the {chart} directive):\n" + "\n".join(missing)


@needs_build
def test_stable_data_addresses_resolve_and_the_published_package_validates():
    from frictionless import Package

    links = set()
    for page in HTML.rglob("*.html"):
        for href in re.findall(r'class="data-link[^"]*" href="([^"]+)"', page.read_text(encoding="utf-8")):
            links.add((page.parent / href).resolve())
    assert links, "no chart or page links a table's CSV"
    missing = sorted(str(p) for p in links if not p.is_file())
    assert not missing, f"data links that lead nowhere: {missing}"
    report = Package(str(HTML / "data" / "datapackage.json")).validate()
    assert report.valid, [e.message for task in report.tasks for e in task.errors][:5]


def glued_values() -> dict[str, str]:
    """``{"page.ipynb::key": text}`` for every value a notebook glued (MyST-NB keeps them in ``<page>.glue.json``)."""
    values = {}
    for path in sorted(EXECUTED.glob("*.glue.json")):
        page = path.name.removesuffix(".glue.json") + ".ipynb"
        for key, output in json.loads(path.read_text(encoding="utf-8")).items():
            values[f"{page}::{key}"] = output.get("data", {}).get("text/plain", "")
    return values


def glued_claims() -> dict[str, str]:
    """``{"page.ipynb::key": side}`` for every value glued with ``pb.glue_claim``."""
    return {key.removesuffix(CLAIM_SUFFIX): side.strip("'") for key, side in glued_values().items()
            if key.endswith(CLAIM_SUFFIX)}


def sentences_using(key: str) -> list[tuple[str, str]]:
    page, name = key.split("::")
    found = []
    for source in sorted(BOOK.glob("*.md")) + sorted(BOOK.glob("*.ipynb")):
        text = source.read_text(encoding="utf-8")
        if source.suffix == ".ipynb":
            cells = json.loads(text)["cells"]
            text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        local = source.name == page
        pattern = rf"\{{glue:text\}}`({re.escape(page)}::)?{re.escape(name)}[:`]" if local else \
            rf"\{{glue:text\}}`{re.escape(page)}::{re.escape(name)}[:`]"
        for line in text.splitlines():
            for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z])", line):
                if re.search(pattern, sentence):
                    found.append((source.name, sentence))
    return found


def unlabelled(claims: dict[str, str]) -> list[str]:
    return [f"{where}: {sentence[:140]}" for key in claims for where, sentence in sentences_using(key)
            if not CLAIM_WORDS.search(re.sub(r"\{glue:text\}`[^`]*`|\{footcite\}`[^`]*`", "", sentence))]


@needs_build
def test_every_sentence_using_a_partys_figure_says_whose_claim_it_is():
    claims = glued_claims()
    assert claims, "no value was glued as a party's claim: the check would pass on nothing"
    problems = unlabelled(claims)
    assert not problems, "figures of a party to the war used without saying whose claim they are:\n" + "\n".join(problems)


def test_the_claim_label_check_fails_on_an_unlabelled_sentence(tmp_path, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text("Ukraine held {glue:text}`x.ipynb::area:,.0f` km² in August.\n"
                    "Syrskyi said his forces held {glue:text}`x.ipynb::area:,.0f` km².\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "BOOK", tmp_path)
    problems = unlabelled({"x.ipynb::area": "ukraine"})
    assert len(problems) == 1 and problems[0].startswith("page.md: Ukraine held")


# --- In the browser ----------------------------------------------------------------------------

browser_only = pytest.mark.skipif(not chrome.chromium_path() and os.environ.get("CI") != "true",
                                  reason="Chromium is not installed; run `apt-get install chromium`")


@pytest.fixture(scope="module")
def site():
    if not (HTML / "index.html").is_file():
        pytest.fail("no built book in _build/html; run `make book` first")
    with chrome.serve() as base, chrome.browser() as chromium:
        yield base, chromium


PAGES = chrome.pages() if HTML.is_dir() else []


HIDDEN_COLUMNS = """() => [...document.querySelectorAll('.bd-article table')].filter(t => {
    const box = t.closest('.pst-scrollable-table-container') || t.parentElement;
    const cards = t.classList.contains('pb-cards-ready');
    const pinned = getComputedStyle(t.querySelector('tr > :first-child') || t).position === 'sticky';
    return !cards && !pinned && t.scrollWidth > box.clientWidth + 1;
}).map(t => (t.querySelector('th, td') || t).textContent.trim().slice(0, 40))"""


def small_chart_text(shown: list, minimum: float) -> list[str]:
    """Charts (``[currentSrc, rendered width]``) whose smallest text renders under ``minimum`` CSS px."""
    small = []
    for src, rendered_px in shown:
        if not src.endswith(".svg"):
            continue
        view_width, sizes = svg_font_sizes((HTML / src.split("/", 3)[3].split("?")[0]).read_text(encoding="utf-8"))
        smallest = min(sizes) * rendered_px / view_width
        if smallest < minimum - 0.05:
            small.append(f"{src.rsplit('/', 1)[-1]}: smallest text {smallest:.1f} px")
    return small


@browser_only
@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith("book/")])
def test_page_reads_on_a_phone_and_a_laptop(site, page):
    """At 375 and 1280 px: chart text legible (11 and 12 px at least), no table column off a phone screen
    without a cue, and no icon font downloaded (the theme's Font Awesome webfonts, about 270 KB)."""
    base, chromium = site
    problems = []
    for width in sorted(MIN_PX):
        tab, record = chrome.load(chromium, base, page, viewport={"width": width, "height": 900})
        try:
            shown = tab.eval_on_selector_all("figure img", "els => els.map(e => [e.currentSrc, e.clientWidth])")
            hidden = tab.evaluate(HIDDEN_COLUMNS) if width == 375 else []
        finally:
            tab.context.close()
        problems += [f"at {width} px: chart text under {MIN_PX[width]:g} px: {s}" for s in small_chart_text(shown, MIN_PX[width])]
        problems += [f"at {width} px: a table with columns off screen and no cue: {h!r}" for h in hidden]
        fonts = [u for u in record.requests if re.search(r"\.(woff2?|ttf|otf)(\?|$)", u)]
        problems += [f"at {width} px: downloads a font: {u}" for u in fonts]
    assert not problems, f"{page}:\n" + "\n".join(problems)


@browser_only
def test_data_appendix_is_at_most_25_screens_tall(site):
    base, chromium = site
    tab, _ = chrome.load(chromium, base, "book/data-and-methods.html", viewport=SCREEN, wait_until="load")
    try:
        height = tab.evaluate("() => document.documentElement.scrollHeight")
        nans = tab.evaluate("() => (document.querySelector('.bd-article').innerText.match(/\\bnan\\b/g) || []).length")
    finally:
        tab.context.close()
    assert height <= APPENDIX_SCREENS * SCREEN["height"], f"the data appendix is {height / SCREEN['height']:.0f} screens tall"
    assert nans == 0, f"the data appendix shows 'nan' {nans} times"


@browser_only
def test_sources_list_filters_in_the_browser(site):
    base, chromium = site
    tab, record = chrome.load(chromium, base, "book/data-and-methods.html", viewport=SCREEN, wait_until="load")
    try:
        total = tab.eval_on_selector_all("#sources-list tbody tr", "rows => rows.length")
        tab.fill("#sources-filter", "Reuters")
        shown = tab.eval_on_selector_all("#sources-list tbody tr", "rows => rows.filter(r => r.offsetParent !== null).length")
    finally:
        tab.context.close()
    assert total > 100 and 0 < shown < total, f"filtering {total} sources by 'Reuters' left {shown}"
    assert not record.foreign_requests
