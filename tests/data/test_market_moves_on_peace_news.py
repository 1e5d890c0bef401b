"""market_moves_on_peace_news: the rules its schema cannot express."""

import peacebook as pb
from peacebook.sources import table as sources


def test_each_row_gives_its_move_one_way():
    moves = pb.load("market_moves_on_peace_news")
    assert (moves["move_pct"].notna() ^ moves["move_abs"].notna()).all(), "a percentage or an absolute move, not both or neither"


def test_a_level_or_an_absolute_move_comes_with_its_unit():
    moves = pb.load("market_moves_on_peace_news")
    needs_unit = moves["level"].notna() | moves["move_abs"].notna()
    assert moves.loc[needs_unit, "unit"].notna().all() and moves.loc[~needs_unit, "unit"].isna().all()


def test_the_unit_fits_the_benchmark():
    moves = pb.load("market_moves_on_peace_news").dropna(subset=["unit"])
    allowed = {"european_gas": "EUR per MWh", "brent_crude": "USD per barrel", "chicago_wheat": "USD per bushel"}
    assert (moves["unit"] == moves["benchmark"].map(allowed)).all()


def test_no_move_rests_on_an_aggregator_alone():
    moves = pb.load("market_moves_on_peace_news")
    kinds = moves["source_id"].map(sources()["kind"])
    assert not (kinds == "aggregator").any(), list(moves.loc[kinds == "aggregator", "source_id"])
