"""Every colour the book uses, defined once: one colour per entity, across every chart.

The base colours are the Okabe–Ito palette, which stays distinguishable with the common
colour-vision deficiencies. Entities are grouped by kind (actors, map trackers, commodities,
US parties, verdicts, codes of a position against a side); :func:`colour` looks any of them
up, so a chart never picks a colour by position in a list. Charts, the map and the page
styles take colours from here only (a test fails on a hex colour written anywhere else in
code), and a test on the built book checks that no entity appears in two colours.
"""

from __future__ import annotations

# Okabe–Ito base colours.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"

# Neutrals for text and chart furniture.
TEXT = "#333333"
MUTED = "#666666"
GREY = "#777777"
EVENT_LINE = "#BBBBBB"
GRID = "#DDDDDD"
AXIS = "#555555"
WHITE = "#FFFFFF"

#: The parties to the war and the other actors: the same in every chart, table and map.
ACTORS = {
    "russia": VERMILLION,
    "ukraine": BLUE,
    "united_states": REDDISH_PURPLE,
    "europe": BLUISH_GREEN,
    "other": GREY,
}

#: Map trackers of Russian-held territory (names as in ``control_area.tracker``).
TRACKERS = {
    "The Economist": BLACK,
    "DeepState": ORANGE,
    "liveuamap": SKY_BLUE,
}

#: World Bank Pink Sheet series drawn in the book.
COMMODITIES = {
    "European gas": BLACK,
    "Brent crude": ORANGE,
    "US wheat": BLUISH_GREEN,
}

#: US parties, in the convention readers know (Republicans red, Democrats blue), darker than
#: the actor colours so that neither is read as Russia or Ukraine.
US_PARTIES = {
    "Republicans": "#B2182B",
    "Democrats": "#2166AC",
}

#: Verdicts of the claims ledger.
VERDICTS = {
    "supported": BLUISH_GREEN,
    "needs context": ORANGE,
    "opinion": SKY_BLUE,
    "unsupported": GREY,
    "wrong": VERMILLION,
}

#: Fills for a position coded against a side's stated position (light = close, dark = far).
STANCES = {
    "compatible": "#F2F2F2",
    "bridgeable": "#BDBDBD",
    "opposed": "#4D4D4D",
    "none_stated": WHITE,
    "not_applicable": WHITE,
}

#: Answers in opinion polls, by what they favour.
ANSWERS = {
    "for talks or concessions": BLUISH_GREEN,
    "against": BLACK,
}

GROUPS = {
    "actor": ACTORS,
    "tracker": TRACKERS,
    "commodity": COMMODITIES,
    "us_party": US_PARTIES,
    "verdict": VERDICTS,
    "stance": STANCES,
    "answer": ANSWERS,
}


def colour(entity: str, kind: str | None = None) -> str:
    """The colour of ``entity`` (an actor, a tracker, a commodity, a verdict ...).

    ``kind`` (one of :data:`GROUPS`) is needed only where a name is used by two kinds.
    Unknown names raise ``KeyError`` listing the known ones, so a typo never silently
    picks a default colour.
    """
    groups = [GROUPS[kind]] if kind else GROUPS.values()
    found = {group[entity] for group in groups if entity in group}
    if len(found) == 1:
        return found.pop()
    if not found:
        known = sorted({name for group in groups for name in group})
        raise KeyError(f"no colour for {entity!r}; add it to peacebook/palette.py or use one of {known}")
    raise KeyError(f"{entity!r} names several kinds of entity; pass kind= (one of {sorted(GROUPS)})")


def entity_colours() -> dict[str, str]:
    """Every named entity with its colour (actors by their display names too), for tests."""
    names = {"Russia": ACTORS["russia"], "Ukraine": ACTORS["ukraine"], "United States": ACTORS["united_states"],
             "Europe": ACTORS["europe"]}
    for group in (TRACKERS, COMMODITIES, US_PARTIES):
        names.update(group)
    return names
