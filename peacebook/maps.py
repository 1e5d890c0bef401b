"""Maps of Ukraine: its regions and the Russian-held area, read from ``data/raw/`` and drawn with matplotlib.

The book's lead map (in "The offer" and "What happened next") shows where Russia held
ground on three dates, with the five regions Russia claims outlined. Its layers are GeoJSON
files in ``data/raw/``, each with a row in ``data/raw/origins.csv``:

- :data:`REGIONS`: Ukraine's 27 first-level units (24 oblasts, Crimea, Sevastopol, Kyiv city)
  from geoBoundaries, clipped to Natural Earth's coastline; a ``russia_claim`` property marks
  the regions Russia claims;
- :data:`HELD`: DeepState's Russian-held area on given days (one MultiPolygon each), and
  DeepState's own outline of the areas held before the full-scale invasion.

:func:`read_geojson` verifies each file's SHA-256 against its origin record and refuses a
file that differs (:class:`peacebook.data.DataError`, naming the file). Drawing is plain
matplotlib: :func:`draw_ukraine` fills the country, each held-area layer in a shade of
Russia's actor colour and the claimed regions' outlines on top; :func:`map_key` writes a
key of shaded squares; :func:`label_regions` names regions. :func:`lead_map` draws the
book's lead map with all of these, for any chapter that opens with it. No geometry library is needed:
the country's outline is the union of the regions' boundaries (:func:`outline`, which
cancels every border two regions share), and rings are thinned for the screen with
Douglas–Peucker (:func:`simplify`), so a chart's SVG stays small. Areas are never computed
from these files (the coastline clip leaves out lagoons); the book's areas come from the
``control_area`` table.

Coordinates are longitude and latitude (WGS84). The map is drawn in an equirectangular
projection with the aspect set for Ukraine's middle latitude (:data:`ASPECT`), which keeps
the country's shape to within a few per cent.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from peacebook import palette
from peacebook.charts import MIN_FONT_PT
from peacebook.data import DATA_DIR, DataError, load

RAW_DIR = DATA_DIR / "raw"

#: Ukraine's first-level administrative units (geoBoundaries gbOpen ADM1, clipped to land).
REGIONS = "ukraine_oblasts.geojson"

#: Russian-held area by DeepState, by layer: the areas held before the full-scale invasion
#: (DeepState's own outline, drawn in 2025), and the daily polygons of two days.
HELD = {
    "before_invasion": "deepstate_occupied_before_2022-02-24_simplified.geojson",
    "offer_day": "deepstate_occupied_2024-12-19_simplified.geojson",
    "latest": "deepstate_occupied_2026-08-22_simplified.geojson",
}

#: Property of :data:`REGIONS` that names Russia's claim to a region ("" where none).
CLAIM_FIELD = "russia_claim"

#: Width-to-height factor of a degree of longitude against one of latitude at 48.5° N.
ASPECT = 1 / math.cos(math.radians(48.5))

#: Tolerance of :func:`simplify` for fills and outlines, in degrees (about 1 km; under half a
#: pixel on the laptop variant of a chart).
TOLERANCE = 0.01

#: How the book spells region names that the boundary file spells otherwise.
DISPLAY_NAMES = {"Zaporizhia": "Zaporizhzhia"}

#: Bounds (west, east, south, north) that frame the whole of Ukraine.
EXTENT = (22.0, 40.4, 44.3, 52.45)


@dataclass(frozen=True)
class Feature:
    """One GeoJSON feature: its properties and its rings (each an ``(n, 2)`` array, closed)."""

    properties: dict
    rings: tuple[np.ndarray, ...]


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_geojson(file: str, raw_dir: Path = RAW_DIR) -> dict:
    """The GeoJSON in ``raw_dir / file``, after checking it is the file its origin record describes.

    Raises :class:`~peacebook.data.DataError` naming the file when it is missing, has no
    row in ``origins.csv``, differs from the SHA-256 recorded there, or is not a GeoJSON
    FeatureCollection.
    """
    raw_dir = Path(raw_dir)
    path = raw_dir / file
    origins = load("raw_origins", raw_dir.parent).set_index("file")
    if file not in origins.index:
        raise DataError(path, "map file has no row in data/raw/origins.csv (add its origin record first)")
    if not path.is_file():
        raise DataError(path, "map file listed in data/raw/origins.csv is missing")
    digest = sha256(path)
    if digest != origins.loc[file, "sha256"]:
        raise DataError(path, f"SHA-256 {digest} differs from data/raw/origins.csv ({origins.loc[file, 'sha256']}); "
                              "the file is not the one its origin record describes")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(path, f"not valid JSON ({exc})", line=exc.lineno) from None
    if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise DataError(path, "not a GeoJSON FeatureCollection")
    return data


def features(file: str, raw_dir: Path = RAW_DIR) -> list[Feature]:
    """The features of a map file (checked by :func:`read_geojson`), with their rings as arrays.

    Polygons and multipolygons are accepted; a third coordinate (height) is dropped.
    """
    out = []
    for number, feature in enumerate(read_geojson(file, raw_dir)["features"], start=1):
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            raise DataError(Path(raw_dir) / file, f"feature {number} is a {geometry.get('type')!r}, not a polygon")
        rings = tuple(_closed(np.asarray(ring, dtype=float)[:, :2]) for polygon in polygons for ring in polygon)
        out.append(Feature(dict(feature.get("properties") or {}), rings))
    return out


def _closed(ring: np.ndarray) -> np.ndarray:
    return ring if len(ring) and np.array_equal(ring[0], ring[-1]) else np.vstack([ring, ring[:1]])


def outline(regions: Iterable[Feature]) -> list[np.ndarray]:
    """The outer boundary of several regions together, as closed rings.

    Every edge two regions share (the same two vertices, in either direction) cancels; what
    remains is chained into rings. This is the union's boundary when the regions share their
    borders vertex for vertex, as :data:`REGIONS` does (its borders were simplified together).
    """
    edges: Counter = Counter()
    for region in regions:
        for ring in region.rings:
            points = [tuple(p) for p in ring]
            for a, b in zip(points[:-1], points[1:], strict=True):
                if a != b:
                    edges[frozenset((a, b))] += 1
    nexts: dict[tuple, list[tuple]] = defaultdict(list)
    for edge, count in edges.items():
        if count == 1:
            a, b = tuple(edge)
            nexts[a].append(b)
            nexts[b].append(a)
    rings = []
    while nexts:
        start = min(nexts)  # deterministic
        ring, previous, point = [start], None, start
        while True:
            candidates = [p for p in nexts[point] if p != previous] or nexts[point]
            step = candidates[0]
            nexts[point].remove(step)
            nexts[step].remove(point)
            for p in (point, step):
                if not nexts[p]:
                    del nexts[p]
            ring.append(step)
            previous, point = point, step
            if point == start or point not in nexts:
                break
        if ring[0] == ring[-1] and len(ring) > 3:
            rings.append(np.asarray(ring))
    return rings


def simplify(ring: np.ndarray, tolerance: float = TOLERANCE) -> np.ndarray:
    """``ring`` thinned by Douglas–Peucker: no point moves more than ``tolerance`` (degrees).

    The first and last points are kept. ``tolerance`` 0 returns the ring unchanged.
    """
    ring = np.asarray(ring, dtype=float)
    if tolerance <= 0 or len(ring) < 4:
        return ring
    keep = np.zeros(len(ring), dtype=bool)
    keep[[0, -1]] = True
    # A closed ring has no chord from its first to its last point: split it at its farthest point.
    split = int(np.argmax(np.hypot(*(ring - ring[0]).T))) if np.array_equal(ring[0], ring[-1]) else None
    stack = [(0, split), (split, len(ring) - 1)] if split else [(0, len(ring) - 1)]
    if split:
        keep[split] = True
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        a, b = ring[first], ring[last]
        between = ring[first + 1:last]
        dx, dy = b - a
        norm = math.hypot(dx, dy)
        if norm == 0:
            distance = np.hypot(*(between - a).T)
        else:
            distance = np.abs(dx * (between[:, 1] - a[1]) - dy * (between[:, 0] - a[0])) / norm
        index = int(np.argmax(distance))
        if distance[index] > tolerance:
            middle = first + 1 + index
            keep[middle] = True
            stack += [(first, middle), (middle, last)]
    return ring[keep]


def to_path(rings: Iterable[np.ndarray], tolerance: float = TOLERANCE) -> MplPath:
    """One compound matplotlib path of ``rings`` (holes included), each thinned by :func:`simplify`.

    Rings are written as move-to and line-to steps only (a ring ends on its first point), so
    a filled path shows holes by the even-odd and non-zero rules alike for GeoJSON rings.
    """
    vertices, codes = [], []
    for ring in rings:
        thin = simplify(ring, tolerance)
        if len(thin) < 4:
            continue
        vertices.append(thin)
        codes.append(np.r_[MplPath.MOVETO, np.full(len(thin) - 1, MplPath.LINETO)])
    if not vertices:
        return MplPath(np.empty((0, 2)))
    return MplPath(np.concatenate(vertices), np.concatenate(codes).astype(MplPath.code_type))


def rings_of(items: Iterable[Feature]) -> list[np.ndarray]:
    """All rings of several features."""
    return [ring for item in items for ring in item.rings]


def tint(colour: str, strength: float) -> tuple[float, float, float]:
    """``colour`` mixed with white: ``strength`` 1 is the colour itself, 0 is white."""
    if not 0 <= strength <= 1:
        raise ValueError(f"a tint's strength is between 0 and 1, not {strength}")
    red, green, blue = mcolors.to_rgb(colour)
    return tuple(round(1 - strength * (1 - c), 4) for c in (red, green, blue))


def claimed_regions(regions: Sequence[Feature]) -> dict[str, list[Feature]]:
    """The regions Russia claims, grouped as Russia claims them, by name.

    Crimea and Sevastopol (annexed in 2014) form one group, "Crimea"; each region claimed in
    2022 is its own group, named without "Oblast" and spelled as in :data:`DISPLAY_NAMES`.
    """
    groups: dict[str, list[Feature]] = {}
    for region in regions:
        claim = region.properties.get(CLAIM_FIELD) or ""
        if not claim:
            continue
        name = "Crimea" if claim.startswith("annexed 2014") else region.properties["shapeName"].removesuffix(" Oblast")
        name = DISPLAY_NAMES.get(name, name)
        groups.setdefault(name, []).append(region)
    return groups


def label_point(rings: Sequence[np.ndarray]) -> tuple[float, float]:
    """A point to label an area at: the centroid of its largest ring (by the shoelace formula)."""
    best, best_area = None, -1.0
    for ring in rings:
        x, y = ring[:, 0], ring[:, 1]
        cross = x[:-1] * y[1:] - x[1:] * y[:-1]
        area = cross.sum() / 2
        if abs(area) > best_area and area != 0:
            best_area = abs(area)
            best = ((x[:-1] + x[1:]) * cross).sum() / (6 * area), ((y[:-1] + y[1:]) * cross).sum() / (6 * area)
    if best is None:
        raise ValueError("no ring with an area to label")
    return float(best[0]), float(best[1])


@dataclass(frozen=True)
class Layer:
    """A Russian-held area to draw: its features, its shade of Russia's colour (0–1) and its key label."""

    features: Sequence[Feature]
    shade: float
    label: str


def draw_ukraine(ax, regions: Sequence[Feature], layers: Sequence[Layer], *, claimed: bool = True,
                 line_width: float = 1.0, tolerance: float = TOLERANCE, extent=EXTENT) -> dict[str, tuple[float, float]]:
    """Draw Ukraine, the Russian-held ``layers`` on it and the outlines of the regions Russia claims.

    Layers are drawn in the order given, each filled opaque in its shade of Russia's actor
    colour, so later layers lie on top: give the largest (latest) area first. The country is
    filled in a light neutral and outlined (the held areas cover its outline where they reach
    the border); with ``claimed`` each region Russia claims is outlined in the text colour.
    ``tolerance`` thins every ring (:func:`simplify`): pass a larger one for a narrower chart.
    The axes get the map's aspect and ``extent`` (west, east, south, north) and lose their
    frame. Returns a label point for each claimed region (see :func:`claimed_regions`).
    """
    russia = palette.colour("russia", "actor")
    country = outline(regions)
    ax.add_patch(PathPatch(to_path(country, tolerance), facecolor=tint(palette.GRID, 0.45), edgecolor=palette.AXIS,
                           linewidth=0.6 * line_width, zorder=1))
    for number, layer in enumerate(layers):
        ax.add_patch(PathPatch(to_path(rings_of(layer.features), tolerance), facecolor=tint(russia, layer.shade),
                               edgecolor="none", zorder=2 + number))
    top = 2 + len(layers)
    points = {}
    if claimed:
        for name, group in claimed_regions(regions).items():
            rings = outline(group)
            ax.add_patch(PathPatch(to_path(rings, tolerance), facecolor="none", edgecolor=palette.TEXT,
                                   linewidth=line_width, zorder=top + 1, capstyle="round", joinstyle="round"))
            points[name] = label_point(rings)
    west, east, south, north = extent
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(ASPECT)
    ax.set_axis_off()
    return points


def label_regions(ax, points: dict[str, tuple[float, float]], names: Iterable[str] | None = None,
                  at: dict[str, tuple[float, float, str]] | None = None, fontsize: float = MIN_FONT_PT) -> None:
    """Write region names: at their label points, or where ``at`` puts them.

    ``at`` maps a name to ``(longitude, latitude, ha)``, for a label set beside its region
    (in the sea, or outside the country) with horizontal alignment ``ha``. ``names`` picks
    and orders the regions to label (all by default).
    """
    at = at or {}
    for name in names if names is not None else points:
        lon, lat, ha = at.get(name, (*points[name], "center"))
        ax.annotate(name, xy=(lon, lat), ha=ha, va="center", fontsize=fontsize, color=palette.TEXT,
                    fontweight="bold", zorder=20, annotation_clip=False)


def map_key(ax, items: Sequence[tuple[str, float]], *, x: float = 0.0, y: float = 1.0, step: float = 0.075,
            fontsize: float = MIN_FONT_PT, title: str | None = None, outline_label: str | None = None) -> None:
    """A key written in the axes from the top-left point (``x``, ``y``) down: a square per shade, then its label.

    ``items`` holds ``(label, shade)`` pairs in Russia's colour, ``title`` an optional first
    line in bold; ``outline_label`` adds a last line, with an open square, for the claimed
    regions' outline. ``x``, ``y`` and ``step`` are axes fractions. The squares are text
    (U+25A0, U+25A1), so they stay beside their labels whatever the layout does.
    """
    russia = palette.colour("russia", "actor")
    rows = [("\u25a0", tint(russia, shade), label) for label, shade in items]
    if outline_label:
        rows.append(("\u25a1", palette.TEXT, outline_label))
    text = {"xycoords": "axes fraction", "va": "center", "ha": "left", "fontsize": fontsize, "zorder": 20,
            "annotation_clip": False}
    if title:
        ax.annotate(title, xy=(x, y), color=palette.TEXT, fontweight="bold", **text)
        y -= step
    for number, (mark, colour, label) in enumerate(rows):
        where = (x, y - number * step)
        ax.annotate(mark, xy=where, color=colour, **{**text, "fontsize": fontsize * 1.3})
        ax.annotate(label, xy=where, xytext=(fontsize * 1.6, 0), textcoords="offset points", color=palette.TEXT, **text)


# --- The book's lead map ------------------------------------------------------------------------

#: Shades of Russia's colour for the lead map's layers: the earliest area darkest.
LEAD_SHADES = {"latest": 0.28, "offer_day": 0.6, "before_invasion": 1.0}

#: Where the lead map names the claimed regions on the laptop variant: (longitude, latitude,
#: alignment), in the sea or outside the country, clear of the outlines.
LEAD_LABELS = {"Crimea": (32.3, 44.75, "right"), "Kherson": (31.9, 45.75, "right"), "Zaporizhzhia": (36.9, 46.1, "center"),
               "Donetsk": (39.75, 47.55, "left"), "Luhansk": (40.35, 49.3, "left")}

#: Kyiv, marked on the lead map for orientation (longitude, latitude).
KYIV = (30.52, 50.45)


def layer_days(raw_dir: Path = RAW_DIR) -> dict[str, pd.Timestamp]:
    """The day each dated layer of :data:`HELD` shows, from the layer's own ``date`` property."""
    days = {}
    for name, file in HELD.items():
        dated = [f.properties["date"] for f in features(file, raw_dir) if f.properties.get("date")]
        if dated:
            days[name] = pd.Timestamp(dated[0])
    return days


def lead_map(ax, areas: Mapping, *, narrow: bool = False, raw_dir: Path = RAW_DIR) -> dict[str, pd.Timestamp]:
    """The book's lead map on ``ax``: Russian-held area before the invasion, on the day of the offer and on the latest day.

    ``areas`` maps a day to DeepState's Russian-held area in km² (the tracker's series in
    ``control_area``), so the key states the same figure as the book's tables for each
    layer's day. ``narrow`` draws the phone variant: thinner rings and lines, a taller frame
    with the key under the map, and no region names (the key says what is outlined).
    Returns the day of each dated layer.
    """
    from peacebook.formats import rounded, short_date

    regions = features(REGIONS, raw_dir)
    days = layer_days(raw_dir)
    layers = [Layer(features(HELD[name], raw_dir), shade, name) for name, shade in LEAD_SHADES.items()]
    points = draw_ukraine(ax, regions, layers, tolerance=0.025 if narrow else 0.018, line_width=0.8 if narrow else 1.0,
                          extent=(22.0, 40.4, 42.0, 52.45) if narrow else (22.0, 41.6, 44.2, 52.45))
    if not narrow:
        label_regions(ax, points, at=LEAD_LABELS)
    ax.plot(*KYIV, "o", color=palette.TEXT, markersize=3)
    ax.annotate("Kyiv", xy=KYIV, xytext=(4, 2), textcoords="offset points", fontsize=MIN_FONT_PT, color=palette.TEXT)
    items = [("before the full-scale invasion", LEAD_SHADES["before_invasion"])] + [
        (f"{short_date(days[name])}: {rounded(areas[days[name]], 4):,.0f} km²", LEAD_SHADES[name])
        for name in ("offer_day", "latest")]
    map_key(ax, items, y=0.21 if narrow else 0.3, step=0.06 if narrow else 0.055, title="Held by Russia",
            outline_label="The five regions Russia claims" if narrow else "Regions Russia claims")
    return days
