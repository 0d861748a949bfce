"""Joining relations, places, routes and disputes to Natural Earth countries."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import Point

from geo.errors import JoinError
from geo.join import join
from geo.sources import load_data
from geo.validate import validate


def test_every_code_in_the_data_joins_a_country(source_data, map_data):
    iso3 = set(map_data.countries["iso3"])
    rel = source_data.tables["relations"]
    used = set(rel["source"]) | set(rel["target"]) | (set(rel["via"]) - {""})
    for code in used:
        assert set(map_data.groups.get(code, [code])) <= iso3, code


def test_every_relation_becomes_a_line(source_data, map_data):
    assert len(map_data.relations) == len(source_data.tables["relations"])
    assert map_data.relations.geometry.notna().all()
    assert (map_data.relations.geom_type == "LineString").all()


def test_transit_relations_follow_the_route_layers_corridor(map_data):
    """r055/r056 run along the same trans-Korean routes as the route layer (Khasan, Rajin,
    the east coast), not through Pyongyang."""
    via = map_data.relations[map_data.relations["via"] == "PRK"].set_index("id")
    routes = map_data.routes.set_index("id").geometry
    assert set(via.index) >= {"r055", "r056"}
    for rid, corridor in via["corridor"].items():
        assert corridor, rid
        line = via.geometry[rid]
        for route in corridor.split():
            assert max(line.distance(Point(xy)) for xy in routes[route].coords) < 1e-6
        assert line.distance(map_data.anchors.geometry["PRK"]) > 0.5  # not via Pyongyang


def test_group_markers_stand_at_sea_apart_from_disputed_territories(map_data):
    countries = map_data.countries
    for code in map_data.groups:
        spot = map_data.anchors.geometry[code]
        assert not countries.intersects(spot.buffer(0.5)).any(), code
        for d in map_data.disputes["ref_point"]:
            assert spot.distance(d) >= 3.0, code


def test_groups_get_a_labelled_schematic_anchor(map_data):
    asean = map_data.anchors.loc["ASEAN"]
    assert asean["basis"].startswith("schematic")
    assert "ASEAN" in asean["label"]


def test_partners_count_relations_with_russia(map_data, source_data):
    rel = source_data.tables["relations"]
    partners = map_data.partners.set_index("iso3")
    jpn = rel[
        ((rel.source == "RUS") & (rel.target == "JPN"))
        | ((rel.source == "JPN") & (rel.target == "RUS"))
    ]
    assert partners.at["JPN", "relations"] == len(jpn)
    assert bool(partners.at["RUS", "focal"])


def test_routes_follow_their_waypoints(map_data):
    routes = map_data.routes.set_index("id")
    espo1, espo2 = routes.loc["espo1"], routes.loc["espo2"]
    assert espo1["status"] == espo2["status"] == "operating"
    assert espo1["waypoints"].startswith("Taishet")
    assert espo2["waypoints"].startswith("Skovorodino")
    assert len(espo1.geometry.coords) >= 5
    assert espo1["opened"] < espo2["opened"] == "2012-12-25"
    assert set(routes.loc[routes["system"] == "espo"].index) == {
        "espo1",
        "espo2",
        "espo_china_spur",
    }


def test_a_sea_leg_is_drawn_along_its_lane_between_its_ports(source_data, map_data):
    line = map_data.routes.set_index("id").geometry["sakhalin2_lng_japan"]
    places = map_data.places.set_index("id").geometry
    lane = source_data.sea_lanes.set_index(["from", "to"]).geometry[("prigorodnoye", "sodegaura")]
    assert line.coords[0] == (places["prigorodnoye"].x, places["prigorodnoye"].y)
    assert line.coords[-1] == (places["sodegaura"].x, places["sodegaura"].y)
    inner = np.asarray(line.coords)[1:-1]  # the port points join the lane ends
    assert np.allclose(inner, np.asarray(lane.coords), atol=1e-9)


def test_a_sea_leg_without_a_lane_is_a_join_error(source_data):
    import dataclasses

    no_lanes = source_data.sea_lanes.iloc[0:0]
    with pytest.raises(JoinError, match=r"sakhalin2_lng_japan \(prigorodnoye → sodegaura\)"):
        join(dataclasses.replace(source_data, sea_lanes=no_lanes))


def test_kurils_are_polygons_administered_by_russia_claimed_by_japan(map_data):
    kurils = map_data.disputes[map_data.disputes["id"].str.startswith("kuril_")]
    assert len(kurils) == 4
    assert set(kurils["administered_by"]) == {"RUS"} and set(kurils["claimed_by"]) == {"JPN"}
    assert kurils.geom_type.isin(["Polygon", "MultiPolygon"]).all()


def test_a_code_without_geometry_raises_naming_it(data_copy):
    countries = data_copy / "derived" / "countries.geojson"
    text = countries.read_text(encoding="utf-8")
    countries.write_text(text.replace('"iso3":"VNM"', '"iso3":""'), encoding="utf-8")
    with pytest.raises(JoinError) as err:
        join(validate(load_data(data_copy)))
    message = str(err.value)
    assert f"no country geometry in {countries}" in message  # the folder given, not data/
    assert f"{data_copy / 'relations.csv'}, line 2, column 'target': 'VNM'" in message


def test_borders_are_those_of_november_2013(map_data):
    from shapely.geometry import Point

    countries = map_data.countries.set_index("iso3").geometry
    simferopol_area = Point(34.1, 45.0)  # central Crimea
    assert countries["UKR"].contains(simferopol_area)
    assert not countries["RUS"].contains(simferopol_area)
