"""peacebook.maps: map files are checked against their origin records, and the map is drawn from them."""

import csv
import hashlib
import json
import shutil

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import peacebook as pb  # noqa: E402
from peacebook import maps, palette  # noqa: E402
from peacebook.data import DATA_DIR, DataError  # noqa: E402

ORIGIN_FIELDS = ["file", "source_id", "repository", "commit", "path_in_repository", "date_retrieved", "licence", "sha256",
                 "extraction"]


def square(x, y, size=1.0):
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def collection(*rings, properties=None):
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": dict(properties or {}, n=i), "geometry": {"type": "Polygon", "coordinates": [ring]}}
        for i, ring in enumerate(rings)]}


@pytest.fixture
def data_dir(tmp_path):
    """A data folder holding only what reading a map needs: sources, the origins schema and an empty raw/."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "raw").mkdir()
    for name in ("sources", "raw_origins"):
        shutil.copy(DATA_DIR / "schemas" / f"{name}.json", tmp_path / "schemas")
    shutil.copy(DATA_DIR / "sources.csv", tmp_path)
    return tmp_path


def add_map(data_dir, name, content, digest=None):
    path = data_dir / "raw" / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    origins = data_dir / "raw" / "origins.csv"
    new = not origins.exists()
    with origins.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ORIGIN_FIELDS, lineterminator="\n")
        if new:
            writer.writeheader()
        writer.writerow({"file": name, "source_id": "deepstate-map-archive", "repository": "owner/name", "commit": "0" * 40,
                         "path_in_repository": "a.geojson", "date_retrieved": "2026-12-02", "licence": "test",
                         "sha256": digest or hashlib.sha256(path.read_bytes()).hexdigest(), "extraction": "test"})
    return path


def test_a_listed_file_with_its_checksum_is_read(data_dir):
    add_map(data_dir, "two.geojson", collection(square(0, 0), square(1, 0)))
    found = maps.features("two.geojson", data_dir / "raw")
    assert [f.properties["n"] for f in found] == [0, 1]
    assert found[0].rings[0].shape == (5, 2)


def test_a_file_that_differs_from_its_origin_record_is_refused_by_name(data_dir):
    add_map(data_dir, "changed.geojson", collection(square(0, 0)), digest="0" * 64)
    with pytest.raises(DataError, match=r"changed\.geojson: SHA-256 [0-9a-f]{64} differs from data/raw/origins\.csv"):
        maps.read_geojson("changed.geojson", data_dir / "raw")


def test_a_file_without_an_origin_record_is_refused(data_dir):
    add_map(data_dir, "listed.geojson", collection(square(0, 0)))
    (data_dir / "raw" / "stray.geojson").write_text(json.dumps(collection(square(0, 0))), encoding="utf-8")
    with pytest.raises(DataError, match=r"stray\.geojson: map file has no row in data/raw/origins\.csv"):
        maps.read_geojson("stray.geojson", data_dir / "raw")


def test_a_missing_file_and_a_file_that_is_not_a_feature_collection_are_refused(data_dir):
    path = add_map(data_dir, "gone.geojson", collection(square(0, 0)))
    path.unlink()
    with pytest.raises(DataError, match=r"gone\.geojson: map file listed in data/raw/origins\.csv is missing"):
        maps.read_geojson("gone.geojson", data_dir / "raw")
    add_map(data_dir, "point.geojson", {"type": "Feature"})
    with pytest.raises(DataError, match=r"point\.geojson: not a GeoJSON FeatureCollection"):
        maps.read_geojson("point.geojson", data_dir / "raw")
    add_map(data_dir, "line.geojson", {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}}]})
    with pytest.raises(DataError, match=r"line\.geojson: feature 1 is a 'LineString', not a polygon"):
        maps.features("line.geojson", data_dir / "raw")


def test_outline_cancels_the_border_two_regions_share():
    left, right = (maps.Feature({}, (np.asarray(square(x, 0)),)) for x in (0, 1))
    (ring,) = maps.outline([left, right])
    assert np.array_equal(ring[0], ring[-1]), "the outline is a closed ring"
    assert {tuple(p) for p in ring} == {(0, 0), (1, 0), (2, 0), (2, 1), (1, 1), (0, 1)}
    assert len(ring) == 7, "six corners and the closing point: the shared edge is gone"
    apart = maps.Feature({}, (np.asarray(square(5, 5)),))
    assert len(maps.outline([left, apart])) == 2


def test_simplify_drops_points_within_the_tolerance_and_keeps_corners():
    wobbly = np.array([[0, 0], [1, 0.004], [2, 0], [2, 2], [0, 2], [0, 0]], dtype=float)
    thin = maps.simplify(wobbly, 0.01)
    assert [tuple(p) for p in thin] == [(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)]
    assert len(maps.simplify(wobbly, 0.001)) == len(wobbly)
    assert maps.simplify(wobbly, 0) is not None and len(maps.simplify(wobbly, 0)) == len(wobbly)


def test_tint_mixes_with_white_and_refuses_strengths_outside_zero_to_one():
    assert maps.tint(palette.BLACK, 1) == (0, 0, 0)
    assert maps.tint(palette.BLACK, 0) == (1, 1, 1)
    assert maps.tint(palette.BLACK, 0.25) == (0.75, 0.75, 0.75)
    with pytest.raises(ValueError, match="between 0 and 1"):
        maps.tint(palette.BLACK, 1.5)


def test_label_point_is_the_centroid_of_the_largest_ring():
    small, large = np.asarray(square(10, 10, 0.5)), np.asarray(square(0, 0, 2))
    assert maps.label_point([small, large]) == pytest.approx((1, 1))


# --- The book's own map files ------------------------------------------------------------------


@pytest.fixture(scope="module")
def regions():
    return maps.features(maps.REGIONS)


def test_the_regions_file_holds_ukraines_27_units_and_the_five_claimed_regions(regions):
    assert len(regions) == 27
    assert sorted(maps.claimed_regions(regions)) == ["Crimea", "Donetsk", "Kherson", "Luhansk", "Zaporizhzhia"]
    assert len(maps.claimed_regions(regions)["Crimea"]) == 2, "Crimea and Sevastopol form one claimed region"


def test_the_regions_share_their_borders_so_the_country_has_one_mainland_outline(regions):
    rings = sorted(maps.outline(regions), key=len, reverse=True)
    assert all(np.array_equal(r[0], r[-1]) for r in rings)
    west, east, south, north = maps.EXTENT
    main = rings[0]
    assert main[:, 0].min() > west and main[:, 0].max() < east and main[:, 1].min() > south and main[:, 1].max() < north
    assert len(rings[0]) > 20 * max(len(r) for r in rings[1:]), "one mainland ring; the rest are small islands"


def test_each_held_layer_is_dated_as_its_area_in_control_area():
    deepstate = pb.load("control_area").query("tracker == 'DeepState'").set_index("date")
    for name in ("offer_day", "latest"):
        (layer,) = maps.features(maps.HELD[name])
        assert np.datetime64(layer.properties["date"]) in deepstate.index.values, name
    (offer_layer,) = maps.features(maps.HELD["offer_day"])
    assert np.datetime64(offer_layer.properties["date"]) == np.datetime64(pb.OFFER_DATE)


def test_draw_ukraine_fills_the_layers_in_russias_shades_and_outlines_the_claimed_regions(regions):
    fig, ax = plt.subplots()
    layers = [maps.Layer(maps.features(maps.HELD["latest"]), 0.3, "latest"),
              maps.Layer(maps.features(maps.HELD["before_invasion"]), 1.0, "before")]
    points = maps.draw_ukraine(ax, regions, layers)
    maps.map_key(ax, [("held", 1.0)], outline_label="claimed")
    russia = matplotlib.colors.to_rgba(palette.colour("russia", "actor"))
    faces = [tuple(round(c, 3) for c in p.get_facecolor()) for p in ax.patches]
    assert tuple(round(c, 3) for c in russia) in faces, "the earliest layer is drawn in Russia's full colour"
    assert sorted(points) == sorted(maps.claimed_regions(regions))
    assert sum(1 for p in ax.patches if p.get_facecolor()[3] == 0) == 5, "five claimed regions outlined, unfilled"
    assert ax.get_xlim() == maps.EXTENT[:2] and not ax.axison
    plt.close(fig)


def test_the_lead_map_keys_each_layer_with_its_area_from_the_series():
    deepstate = pb.load("control_area").query("tracker == 'DeepState'").set_index("date")["area_km2"]
    texts = {}
    for narrow in (False, True):
        fig, ax = plt.subplots()
        days = maps.lead_map(ax, deepstate, narrow=narrow)
        texts[narrow] = [t.get_text() for t in ax.texts]
        plt.close(fig)
    assert days["offer_day"] == pb.OFFER_DATE and days["latest"] > pb.OFFER_DATE
    offer_key = f"{pb.short_date(pb.OFFER_DATE)}: {pb.rounded(deepstate[pb.OFFER_DATE], 4):,.0f} km²"
    assert offer_key in texts[False] and offer_key in texts[True]
    assert "Crimea" in texts[False] and "Crimea" not in texts[True], "the phone variant names no regions"
