"""Joining relations, places, routes and disputes to Natural Earth countries."""

from __future__ import annotations

import pytest

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


def test_transit_relations_pass_through_the_transit_country(map_data):
    via = map_data.relations[map_data.relations["via"] == "PRK"]
    pyongyang = map_data.anchors.geometry["PRK"]
    assert len(via) >= 2
    for line in via.geometry:
        assert line.distance(pyongyang) < 1e-6


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
    espo = map_data.routes.set_index("id").loc["espo"]
    assert espo["status"] == "operating"
    assert espo["waypoints"].startswith("Taishet")
    assert len(espo.geometry.coords) >= 5


def test_kurils_are_polygons_administered_by_russia_claimed_by_japan(map_data):
    kurils = map_data.disputes[map_data.disputes["id"].str.startswith("kuril_")]
    assert len(kurils) == 4
    assert set(kurils["administered_by"]) == {"RUS"} and set(kurils["claimed_by"]) == {"JPN"}
    assert kurils.geom_type.isin(["Polygon", "MultiPolygon"]).all()


def test_a_code_without_geometry_raises_naming_it(data_copy):
    countries = data_copy / "derived" / "countries.geojson"
    text = countries.read_text(encoding="utf-8")
    countries.write_text(text.replace('"iso3":"VNM"', '"iso3":""'), encoding="utf-8")
    with pytest.raises(JoinError, match="VNM"):
        join(validate(load_data(data_copy)))


def test_borders_are_those_of_november_2013(map_data):
    from shapely.geometry import Point

    countries = map_data.countries.set_index("iso3").geometry
    simferopol_area = Point(34.1, 45.0)  # central Crimea
    assert countries["UKR"].contains(simferopol_area)
    assert not countries["RUS"].contains(simferopol_area)
