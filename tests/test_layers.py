"""Layer definitions: what each layer draws, before any rendering."""

from __future__ import annotations

import shapely

from geo.layers.energy import SIDE_BY_SIDE_DEG, energy_layer, side_by_side


def test_routes_sharing_a_stretch_are_drawn_side_by_side(map_data):
    offsets = side_by_side(map_data.routes)
    # Rajin-Wonsan-Seoul (gas and rail), Khasan-Rajin (gas and the reopened rail link), and
    # the first stretch of the three LNG lanes out of Aniva Bay.
    assert set(offsets) == {
        "trans_korean_gas",
        "trans_korean_rail",
        "rajin_khasan_rail",
        "sakhalin2_lng_japan",
        "sakhalin2_lng_korea",
        "sakhalin2_lng_niigata",
    }
    assert offsets["trans_korean_rail"] - offsets["trans_korean_gas"] == SIDE_BY_SIDE_DEG

    frame = energy_layer(map_data.routes, map_data.documents).features[0].frame
    drawn = dict(zip(map_data.routes["id"], frame.geometry, strict=True))
    gas, rail = drawn["trans_korean_gas"], drawn["trans_korean_rail"]
    shared = shapely.box(126.0, 39.2, 131.0, 41.5)  # Kyongsong-Hamhung-Kowon-Wonsan
    assert rail.intersection(shared).distance(gas.intersection(shared)) >= SIDE_BY_SIDE_DEG * 0.9
    for rid, line in drawn.items():
        if rid not in offsets:  # the others are exactly where their waypoints put them
            assert line.equals(map_data.routes.set_index("id").geometry[rid])
    notes = frame.loc[frame["popup"].str.contains("Drawn a few km to one side"), "popup"]
    assert len(notes) == sum(1 for o in offsets.values() if o)  # the middle one stays put


def test_every_event_in_the_text_version_is_drawn_on_its_layer(map_data):
    """An event is listed under the layer that draws it: the security-only meeting of the
    defence ministers used to be listed but drawn on no layer."""
    from markupsafe import escape

    from geo.layers.catalogue import CATALOGUE
    from geo.model import map_model
    from geo.page import text_rows

    model = map_model(map_data)
    listed = [(row[0], row[2]) for row in text_rows(model) if row[1] == "event"]
    assert (
        "Security",
        "Russian and Japanese defence ministers agree to expand military ties",
    ) in listed
    layers = {entry.name: entry.build(map_data) for entry in CATALOGUE}
    for layer_name, event in listed:
        popups = "".join(
            popup for part in layers[layer_name].features for popup in part.frame["popup"]
        )
        assert str(escape(event)) in popups, (layer_name, event)
