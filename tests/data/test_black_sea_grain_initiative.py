"""black_sea_grain_initiative: the rules its schema cannot express."""

import peacebook as pb


def test_each_metric_has_its_unit():
    grain = pb.load("black_sea_grain_initiative")
    units = {"tonnage_exported": "million tonnes", "wfp_tonnage": "million tonnes", "voyages_from_ports": "voyages"}
    assert (grain["unit"] == grain["metric"].map(units)).all()


def test_the_corridor_figures_are_dated_after_it_opened():
    grain = pb.load("black_sea_grain_initiative")
    events = pb.load("global_impact_events").set_index("short_label")["date"]
    assert (grain["as_of"] >= events["Grain deal signed"]).all()
