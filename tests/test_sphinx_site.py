"""peacebook.sphinx_site: stable data addresses, the footer from CITATION.cff."""

import pytest

from peacebook import sphinx_site


def test_data_reference_points_at_the_stable_address_from_any_page():
    ref = sphinx_site.data_reference("book/the-offer", "control_area")
    assert ref["refuri"] == "../data/control_area.csv" and ref.astext() == "control_area.csv"
    assert sphinx_site.data_reference("index", "raw_origins")["refuri"] == "data/raw/origins.csv"
    assert sphinx_site.data_reference("book/x", "datapackage")["refuri"] == "../data/datapackage.json"
    with pytest.raises(ValueError, match="no table called 'nope'"):
        sphinx_site.data_reference("book/x", "nope")


def test_footer_cites_the_book_and_links_licences_edition_and_repository():
    cff = sphinx_site.citation()
    html = sphinx_site.footer_html(lambda page: f"../{page}.html", cff)
    assert "Cite this book" in html and cff["title"].replace("'", "&#x27;") in html
    assert f'href="{cff["repository-code"]}"' in html and "/graphs/contributors" in html
    assert 'href="../book/editions.html"' in html and 'href="../book/data-and-methods.html"' in html
    assert "CC BY 4.0" in html


def test_footer_escapes_what_it_reads():
    cff = {"authors": [{"name": "A <b>"}], "date-released": "2026-12-02", "title": "T & U", "version": "1",
           "repository-code": "https://example.org/r"}
    html = sphinx_site.footer_html(lambda page: page, cff)
    assert "A &lt;b&gt;" in html and "T &amp; U" in html
