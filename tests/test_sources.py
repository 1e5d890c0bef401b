"""peacebook.sources: whose claims a source carries, how it is named, how citations divide by kind of page."""

from peacebook import sources


def test_parties_are_read_from_the_source_list():
    parties = sources.parties()
    assert parties["kremlin-2024-12-19-results-of-the-year"] == "russia"
    assert parties["economist-ukraine-war-data"] is None


def test_a_source_read_on_another_site_is_cited_via_it():
    frame = sources.table()
    syndicated = frame[frame["host"] != frame["publisher"]].index[0]
    row = frame.loc[syndicated]
    assert sources.citation_label(syndicated) == f"{row['publisher']}, via {row['host']}"
    assert sources.citation_label("economist-ukraine-war-data") == "The Economist"


def test_citation_shares_count_pages_and_tables_by_kind():
    counts = sources.citation_shares()
    assert set(counts) == {"pages", "curated", "derived"}
    assert all(counts[place] for place in counts), "every place cites something"
    assert set().union(*counts.values()) <= {"original", "syndicated", "repost", "aggregator"}
    (line,) = sources.share_report()
    assert line.startswith("citations to original or syndicated pages: ") and "% of " in line
