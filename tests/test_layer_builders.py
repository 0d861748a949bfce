"""Each layer builder on tiny in-code frames (three countries, two relations, one route, one
disputed island, two places, one event): the layer rules, without the whole article."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from geo import settings
from geo.layers import (
    basemap_layer,
    country_labels_layer,
    disputes_layer,
    energy_layer,
    later_layer,
    partners_layer,
    places_layer,
    relation_layer,
)
from geo.layers.catalogue import CATALOGUE, spec

CRS = settings.CRS
DOCS = pd.DataFrame(
    [
        {
            "id": "doc",
            "author": "A. Writer",
            "title": "A column",
            "publication": "A Review",
            "published": "2013-11-12",
        }
    ]
)


def _relation(rid: str, source: str, target: str, **extra: object) -> dict:
    names = {"RUS": "Russia", "CHN": "China", "JPN": "Japan"}
    row = {
        "id": rid,
        "kind": "trade",
        "source": source,
        "target": target,
        "via": "",
        "via_name": "",
        "value": "",
        "value_num": float("nan"),
        "unit": "",
        "year": "",
        "date": "",
        "status": "reported",
        "quote": f"quote of {rid}",
        "source_doc": "doc",
        "source_url": "",
        "note": "",
        "other_value": "",
        "other_source_url": "",
        "source_name": names[source],
        "target_name": names[target],
        "geometry": LineString([(37.6, 55.8), (90.0, 50.0), (139.7, 35.7)]),
    }
    return {**row, **extra}


@pytest.fixture
def countries() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "iso3": ["RUS", "CHN", "JPN"],
            "name": ["Russia", "China", "Japan"],
            "geometry": [box(30, 50, 180, 70), box(75, 20, 125, 50), box(130, 31, 145, 45)],
        },
        crs=CRS,
    )


@pytest.fixture
def relations() -> gpd.GeoDataFrame:
    rows = [
        _relation("r1", "RUS", "JPN", value="33", value_num=33.0, unit="USD bn", year="2012"),
        _relation("r2", "RUS", "CHN", kind="arms", status="sought"),
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


@pytest.fixture
def anchors() -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        {"code": ["RUS", "CHN", "JPN"], "basis": ["capital"] * 3, "label": ["", "", ""]},
        geometry=[Point(37.6, 55.8), Point(116.4, 39.9), Point(139.7, 35.7)],
        crs=CRS,
    )
    return frame.set_index("code", drop=False)


def test_basemap_is_a_base_layer_of_every_country(countries):
    layer = basemap_layer(countries)
    assert layer.base and len(layer.features[0].frame) == 3
    assert not layer.features[0].interactive


def test_partners_shade_by_count_and_mark_the_focal_country(countries, relations):
    partners = countries.assign(
        relations=[2, 1, 1],
        kinds=[["arms", "trade"], ["arms"], ["trade"]],
        ids=[["r1", "r2"], ["r2"], ["r1"]],
        focal=[True, False, False],
    )
    layer = partners_layer(partners, relations)
    styles = layer.features[0].frame["style"].tolist()
    assert styles[0]["fillColor"] != styles[1]["fillColor"]  # Russia is the focal colour
    assert styles[1]["fillColor"] == styles[2]["fillColor"]  # same count, same shade
    assert "Kinds of ties with Russia" in layer.features[0].frame["tooltip"][1]


def test_a_relation_layer_keeps_only_its_kind_and_widens_with_the_figure(relations, anchors):
    from geo.layers import encoding

    trade = relation_layer(relations, "trade", DOCS, anchors)
    bands = trade.features[0]
    frame = bands.frame
    assert len(frame) == 1 and not bands.arrows  # turnover: a band, no arrowhead
    assert frame["style"][0]["weight"] == encoding.width(33)  # the article's 33 USD bn
    assert frame["style"][0]["opacity"] == encoding.ARTICLE_OPACITY
    assert "quote of r1" in frame["popup"][0] and "A. Writer" in frame["popup"][0]
    assert frame["year"][0] == 2012
    arms = relation_layer(relations, "arms", DOCS, anchors)
    arrows = [part for part in arms.features if part.arrows and not part.frame.empty]
    assert len(arrows) == 1  # arms default to a flow: seller -> buyer
    assert arrows[0].frame["style"][0]["dashArray"] == settings.STATUS_DASH["sought"]
    assert [label for _, label in arms.legend.items] == ["arrow: seller → buyer", "sought"]


def test_a_route_is_coloured_by_commodity_and_dated_by_its_opening():
    routes = gpd.GeoDataFrame(
        [
            {
                "id": "pipe",
                "name": "A pipeline",
                "commodity": "oil",
                "mode": "pipeline",
                "status": "operating",
                "approximate": "true",
                "opened": "2009-12",
                "quote": "",
                "source_doc": "",
                "source_url": "https://example.org/pipe",
                "note": "",
                "waypoints": "A → B",
                "geometry": LineString([(100, 55), (120, 54)]),
            }
        ],
        geometry="geometry",
        crs=CRS,
    )
    layer = energy_layer(routes, DOCS)
    row = layer.features[0].frame.iloc[0]
    assert row["style"]["color"] == settings.COMMODITY_COLORS["oil"]
    assert row["year"] == 2009
    assert 'href="https://example.org/pipe"' in row["popup"]


def test_a_disputed_island_is_a_shape_and_a_labelled_marker():
    disputes = gpd.GeoDataFrame(
        [
            {
                "id": "isle",
                "name": "Isle",
                "other_names": "Île",
                "administered_by_names": "Russia",
                "claimed_by_names": "Japan",
                "since": "1945",
                "quote": "",
                "note": "",
                "source_doc": "",
                "source_url": "https://example.org/isle",
                "basis": "",
                "ref_point": Point(147.9, 45.0),
                "geometry": box(147.5, 44.8, 148.2, 45.3),
            }
        ],
        geometry="geometry",
        crs=CRS,
    )
    shapes, markers = disputes_layer(disputes, DOCS).features
    assert len(shapes.frame) == 1 and len(markers.frame) == 1
    assert markers.frame["label"][0] == "Isle (Île)"
    assert "Claimed by" in markers.frame["tooltip"][0]


def test_capitals_are_named_before_other_places():
    places = gpd.GeoDataFrame(
        {
            "id": ["moscow", "town"],
            "name": ["Moscow", "Town"],
            "role": ["capital", "waypoint"],
            "precision": ["town-centre", "town-centre"],
            "source_url": ["https://example.org/m", "https://example.org/t"],
            "note": ["", ""],
            "lat": ["55.7558", "55.0"],
            "lon": ["37.6173", "100.0"],
        },
        geometry=[Point(37.6173, 55.7558), Point(100, 55)],
        crs=CRS,
    )
    others, capitals = places_layer(places).features
    assert capitals.label_zoom < others.label_zoom
    assert capitals.frame["label"].tolist() == ["Moscow"]
    assert "55.7558, 37.6173" in capitals.frame["popup"][0]


def test_later_events_have_a_layer_of_their_own_off_at_open():
    events = gpd.GeoDataFrame(
        {
            "id": ["e1", "e2"],
            "name": ["A summit", "A later deal"],
            "date": ["2013-11-12", "2014-05-21"],
            "year": [2013, 2014],
            "place": ["moscow", "shanghai"],
            "place_name": ["Moscow", "Shanghai"],
            "relations": ["", ""],
            "later": ["false", "true"],
            "quote": ["", ""],
            "source_doc": ["", ""],
            "source_url": ["https://example.org/1", "https://example.org/2"],
            "note": ["", ""],
        },
        geometry=[Point(37.6, 55.8), Point(121.5, 31.2)],
        crs=CRS,
    )
    layer = later_layer(events, DOCS)
    assert not layer.show
    assert layer.features[0].frame["year"].tolist() == [2014]


def test_the_catalogue_names_each_layer_once():
    slugs = [entry.slug for entry in CATALOGUE]
    assert len(slugs) == len(set(slugs))
    assert spec("trade-flows").unit == "USD bn"
    with pytest.raises(KeyError):
        spec("no-such-layer")


def test_country_names_fit_inside_their_country_and_never_overlap(countries):
    from geo.layers.labels import _box

    layer = country_labels_layer(countries)
    placed = [
        (part.label_zoom, row.label, row.geometry)
        for part in layer.features
        for row in part.frame.itertuples()
    ]
    assert {name for _, name, _ in placed} == {"Russia", "China", "Japan"}
    shapes = dict(zip(countries["name"], countries.geometry, strict=True))
    for zoom, name, spot in placed:
        assert shapes[name].contains(_box(spot, name, zoom))
        others = [_box(p, n, zoom) for z, n, p in placed if z <= zoom and n != name]
        assert not any(_box(spot, name, zoom).intersects(o) for o in others)
    assert all(part.label_only and not part.interactive for part in layer.features)


def test_a_name_too_wide_for_its_country_waits_for_a_closer_zoom():
    narrow = gpd.GeoDataFrame(
        {"iso3": ["XXX"], "name": ["Narrowland"]},
        geometry=[box(100, 10, 104, 12)],
        crs=CRS,
    )
    zooms = [p.label_zoom for p in country_labels_layer(narrow).features if len(p.frame)]
    assert zooms and zooms[0] > settings.ZOOM_START


def test_a_line_with_an_undated_statement_is_never_filtered_by_year(relations, anchors):
    dated = _relation("r3", "RUS", "JPN", year="2013", geometry=relations.geometry[0])
    undated = _relation("r4", "RUS", "JPN", geometry=relations.geometry[0])
    both = gpd.GeoDataFrame([dated, undated], geometry="geometry", crs=CRS)
    frame = relation_layer(both, "trade", DOCS, anchors).features[0].frame
    assert len(frame) == 1 and pd.isna(frame["year"][0])  # one line, both statements
    only_dated = gpd.GeoDataFrame([dated], geometry="geometry", crs=CRS)
    assert relation_layer(only_dated, "trade", DOCS, anchors).features[0].frame["year"][0] == 2013
