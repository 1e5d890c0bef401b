"""peacebook.tables: text from a table reaches a page only escaped, and tables work on a phone."""

import pandas as pd
import pytest
from docutils.core import publish_parts
from myst_parser.parsers.docutils_ import Parser

from peacebook import tables
from peacebook.tables import Cell, UnsafeText, escape, link

# docutils' own writer calls a deprecated method of itself; that is not what these tests check.
pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")


def to_html(myst: str) -> str:
    """Render MyST the way the book does (colon fences on), without Sphinx."""
    settings = {"myst_enable_extensions": ["colon_fence", "deflist"], "report_level": 5, "halt_level": 5,
                "file_insertion_enabled": False, "raw_enabled": False}
    return publish_parts(myst, parser=Parser(), writer_name="html5", settings_overrides=settings)["body"]


# One example of each class of hostile text found in review, and how it must appear.
INJECTIONS = {
    "script tag": ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    "javascript link": ("[click](javascript:alert(1))", "[click](javascript:alert(1))"),
    "raw html link": ('<a href="javascript:alert(1)">x</a>', "&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;"),
    "myst role": ("{download}`/etc/passwd`", "{download}`/etc/passwd`"),
    "table pipe": ("a | b", "a | b"),
    "emphasis": ("*not bold* _nor this_", "*not bold* _nor this_"),
    "dollar maths": ("costs $5 and $10", "costs $5 and $10"),
    "substitution": ("{{ secret }}", "{{ secret }}"),
    "html entity": ("&lt;b&gt;", "&amp;lt;b&amp;gt;"),
    "heading": ("# Title", "# Title"),
    "list marker": ("- item", "- item"),
}


@pytest.mark.parametrize("case", INJECTIONS, ids=list(INJECTIONS))
def test_hostile_text_is_shown_as_text(case):
    raw, shown = INJECTIONS[case]
    html = to_html(escape(raw))
    assert shown in html, html
    assert "<script" not in html and 'href="javascript' not in html


def test_a_line_break_followed_by_a_directive_is_refused():
    with pytest.raises(UnsafeText, match="line break"):
        escape("event\n```{include} /etc/passwd\n```")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "/relative", "data:text/html,x",
                                 "https://example.org/a b", "https://example.org/)<x>"])
def test_only_http_links_reach_a_page(url):
    with pytest.raises(UnsafeText):
        link("label", url)


def test_link_label_is_escaped_and_address_kept():
    html = to_html(link("<b>Reuters</b>", "https://www.reuters.com/x_(y)").myst)
    assert 'href="https://www.reuters.com/x_(y)"' in html and "&lt;b&gt;Reuters&lt;/b&gt;" in html


def test_cite_accepts_only_source_ids():
    assert tables.cite("a-b;c-d").myst == "{footcite}`a-b`{footcite}`c-d`"
    with pytest.raises(UnsafeText):
        tables.cite("x`}{download}`y")


def test_table_escapes_every_cell_and_stacks_on_phones():
    frame = pd.DataFrame({"date": pd.to_datetime(["2025-02-12"]), "event": ["<script>x</script> | y"], "n": [6813900]})
    myst = tables.table(frame, {"date": "Date", "event": "What happened", "n": "Refugees"}).data
    assert ":class: pb-table" in myst
    html = to_html(myst)
    assert "12 Feb 2025" in html and "&lt;script&gt;x&lt;/script&gt; | y" in html and "6,813,900" in html
    assert html.count("<tr") == 2


def test_formats_and_cells_built_by_the_module_pass_through():
    frame = pd.DataFrame({"name": ["a"], "value": [None]})
    myst = tables.table(frame, {"name": "Name", "value": "Value"},
                        formats={"name": lambda v: tables.bold(v) + " " + link("site", "https://example.org")}).data
    html = to_html(myst)
    assert "<strong>a</strong>" in html and 'href="https://example.org"' in html and "\u2013" in html


def test_party_sourced_rows_are_labelled(monkeypatch):
    monkeypatch.setattr("peacebook.sources.parties", lambda: {"tass-x": "russia", "ap-x": None})
    frame = pd.DataFrame({"what": ["a", "b"], "source_id": ["tass-x", "ap-x"]})
    myst = tables.table(frame, {"what": "What"}, sources="source_id").data
    assert r"\(claim by Russia\'s side\) {footcite}`tass-x`" in myst
    assert myst.count("claim by") == 1


def test_fold_puts_the_table_in_a_dropdown():
    myst = tables.table(pd.DataFrame({"a": [1]}), {"a": "A"}, fold="Show the 1 row").data
    assert myst.startswith(":::::{admonition} Show the 1 row\n:class: dropdown")


def test_a_cell_object_is_not_escaped_twice():
    assert tables.as_cell(Cell("**x**")).myst == "**x**"
    assert tables.as_cell("**x**").myst == r"\*\*x\*\*"


def test_pb_text_stays_the_escaping_helper_after_the_formats_module_is_imported():
    import peacebook as pb
    import peacebook.formats  # noqa: F401  (importing a submodule must not shadow a helper's name)

    assert pb.text is tables.text and pb.text("<b>").myst == r"\<b\>"
