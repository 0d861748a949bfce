"""Layer definitions: what each layer draws, before any rendering."""

from __future__ import annotations

from geo.layers.energy import SIDE_BY_SIDE_DEG, energy_layer, side_by_side


def test_routes_sharing_a_stretch_are_drawn_side_by_side(map_data):
    offsets = side_by_side(map_data.routes)
    assert set(offsets) == {"trans_korean_gas", "trans_korean_rail"}  # both Rajin-Seoul
    assert sorted(offsets.values()) == [-SIDE_BY_SIDE_DEG / 2, SIDE_BY_SIDE_DEG / 2]

    frame = energy_layer(map_data.routes, map_data.documents).features[0].frame
    drawn = dict(zip(map_data.routes["id"], frame.geometry, strict=True))
    gas, rail = drawn["trans_korean_gas"], drawn["trans_korean_rail"]
    assert rail.distance(gas) >= SIDE_BY_SIDE_DEG * 0.9  # apart along their whole length
    for rid, line in drawn.items():
        if rid not in offsets:  # the others are exactly where their waypoints put them
            assert line.equals(map_data.routes.set_index("id").geometry[rid])
    notes = frame.loc[frame["popup"].str.contains("Drawn a few km to one side"), "popup"]
    assert len(notes) == 2
