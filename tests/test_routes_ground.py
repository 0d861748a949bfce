"""Routes lie on the ground they declare, measured against the map's own basemap.

Each route's legs are measured in Web Mercator (EPSG:3857), where Leaflet draws a segment
between two waypoints as a straight line, against ``data/derived/countries.geojson``:

* a **land** leg may lie outside the countries the route declares in ``routes.csv``
  ``crosses`` (over a third country, or over water) for at most ``TOLERANCE_KM``;
* a **sea** leg (the derived lane, joined to its two port points) may cross land for at most
  ``TOLERANCE_KM`` outside its port approaches: the ``APPROACH_KM`` round each port, widened
  by the port point's own distance from the coast where that point is a town centre inland
  (Pyeongtaek's is ~20 km from the 1:50m coast, its terminal is on it).

Lengths are true kilometres: the pieces are densified in Mercator and measured on the WGS 84
ellipsoid. The 1:50m coastlines are coarse, hence the tolerance.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, Point

from geo.sources import SourceData

#: Kilometres a leg may stray from its declared ground (coarse 1:50m coastlines and borders).
TOLERANCE_KM = 5.0
#: Kilometres at each end of a sea leg where a port approach may cross land.
APPROACH_KM = 10.0

#: Land legs known to leave their declared ground, because no source names a town that
#: would keep them on it; each is capped at the km measured when it was recorded, so the
#: line cannot drift further. Remove an entry once a sourced waypoint fixes the leg.
UNSOURCED: dict[tuple[str, str, str], float] = {
    # The SKV follows the Ussuri valley on the Russian side, but no source found names a
    # town (Vyazemsky, Bikin...) between Khabarovsk and Dalnerechensk: the straight leg
    # cuts ~30 km across the Chinese bank of the Ussuri.
    ("skv_gas", "khabarovsk", "dalnerechensk"): 31.0,
    # No source found names a town between Dalnerechensk and Vladivostok (Spassk-Dalny,
    # Ussuriysk, Artyom...): the leg crosses the head of Amur Bay before Vladivostok.
    ("skv_gas", "dalnerechensk", "vladivostok"): 21.0,
}

_GEOD = Geod(ellps="WGS84")
_TO_LONLAT = Transformer.from_crs(3857, 4326, always_xy=True)
_TO_MERCATOR = Transformer.from_crs(4326, 3857, always_xy=True)


def true_km(geom: shapely.Geometry) -> float:
    """Length of the (multi)line parts of a Mercator geometry, in km on the ellipsoid."""
    total = 0.0
    for part in shapely.get_parts(geom):
        if isinstance(part, LineString) and not part.is_empty:
            dense = shapely.segmentize(part, 1000.0)
            lon, lat = _TO_LONLAT.transform(*np.asarray(dense.coords).T)
            total += _GEOD.line_length(lon, lat) / 1000.0
        elif part.geom_type in ("MultiLineString", "GeometryCollection"):
            total += true_km(part)
    return total


def mercator(lonlat: list[tuple[float, float]]) -> LineString:
    """A line through (lon, lat) vertices, straight between them in Web Mercator."""
    lon = [((x + 180.0) % 360.0) - 180.0 for x, _ in lonlat]
    x, y = _TO_MERCATOR.transform(lon, [y for _, y in lonlat])
    return LineString(np.column_stack([x, y]))


def approach(point: Point, km: float, land: shapely.Geometry) -> shapely.Geometry:
    """The port approach round a Mercator point: a disc of ``km`` true kilometres plus the
    point's distance inland from the coast (scaled by 1/cos(lat) into Mercator metres)."""
    inland = land.boundary.distance(point) if land.contains(point) else 0.0
    lat = _TO_LONLAT.transform(point.x, point.y)[1]
    return point.buffer(km * 1000.0 / np.cos(np.radians(lat)) + inland)


def route_legs(data: SourceData) -> list[dict]:
    """Every leg of every route: route, from, to, kind, declared countries and its line as
    drawn (a straight segment, or port - sea lane - port), in Web Mercator."""
    tables = data.tables
    places = tables["places"].set_index("id")
    declared = dict(zip(tables["routes"]["id"], tables["routes"]["crosses"], strict=True))
    lanes = {
        (a, b): list(g.coords)
        for a, b, g in zip(
            data.sea_lanes["from"], data.sea_lanes["to"], data.sea_lanes.geometry, strict=True
        )
    }
    stops = tables["waypoints"].assign(seq=tables["waypoints"]["seq"].astype(int))
    legs = []
    for route, rows in stops.sort_values(["route", "seq"]).groupby("route", sort=True):
        names, kinds = list(rows["place"]), list(rows["leg"])
        for i in range(len(names) - 1):
            a, b = names[i], names[i + 1]
            ends = [(float(places.at[p, "lon"]), float(places.at[p, "lat"])) for p in (a, b)]
            middle = lanes[(a, b)] if kinds[i] == "sea" else []
            legs.append(
                {
                    "route": route,
                    "from": a,
                    "to": b,
                    "kind": kinds[i],
                    "crosses": declared[route].split(),
                    "line": mercator([ends[0], *middle, ends[1]]),
                }
            )
    return legs


def stray_km(leg: dict, countries: gpd.GeoDataFrame) -> float:
    """Kilometres of ``leg`` off its ground: a land leg outside its declared countries, a
    sea leg on any land beyond its port approaches."""
    line = leg["line"]
    if leg["kind"] == "sea":
        a, b = Point(line.coords[0]), Point(line.coords[-1])
        land = shapely.union_all(countries.geometry.values)
        open_sea = line.difference(approach(a, APPROACH_KM, land)).difference(
            approach(b, APPROACH_KM, land)
        )
        return true_km(open_sea.intersection(land))
    ground = countries[countries["iso3"].isin(leg["crosses"])]
    return true_km(line.difference(shapely.union_all(ground.geometry.values)))


@pytest.fixture(scope="module")
def countries(source_data: SourceData) -> gpd.GeoDataFrame:
    return source_data.countries.to_crs(3857)


@pytest.fixture(scope="module")
def legs(source_data: SourceData, countries: gpd.GeoDataFrame) -> list[dict]:
    out = route_legs(source_data)
    for leg in out:
        leg["stray_km"] = stray_km(leg, countries)
    return out


def test_every_leg_stays_on_its_declared_ground(legs):
    too_far = [
        f"{leg['route']} {leg['from']} → {leg['to']} ({leg['kind']}): "
        f"{leg['stray_km']:.1f} km off its ground"
        for leg in legs
        if leg["stray_km"] > UNSOURCED.get((leg["route"], leg["from"], leg["to"]), TOLERANCE_KM)
    ]
    assert not too_far, "\n".join(too_far)


def test_known_unsourced_legs_are_still_there(legs):
    """An entry of ``UNSOURCED`` that no longer matches a stray leg must be removed."""
    stray = {
        (leg["route"], leg["from"], leg["to"]) for leg in legs if leg["stray_km"] > TOLERANCE_KM
    }
    assert set(UNSOURCED) <= stray, sorted(set(UNSOURCED) - stray)


def test_every_declared_country_is_crossed(legs, countries):
    """``crosses`` lists no country that the route's land legs never enter."""
    for route in {leg["route"] for leg in legs}:
        land = [leg["line"] for leg in legs if leg["route"] == route and leg["kind"] == "land"]
        declared = next(leg["crosses"] for leg in legs if leg["route"] == route)
        for iso in declared:
            shape = shapely.union_all(countries[countries["iso3"] == iso].geometry.values)
            inside = sum(true_km(line.intersection(shape)) for line in land)
            assert inside > 1.0, f"{route} declares {iso} but crosses {inside:.1f} km of it"


def test_a_sea_leg_follows_its_lane_and_a_pure_sea_route_declares_no_land(
    legs, source_data, map_data
):
    routes = source_data.tables["routes"].set_index("id")
    for route in {leg["route"] for leg in legs}:
        kinds = {leg["kind"] for leg in legs if leg["route"] == route}
        if kinds == {"sea"}:
            assert routes.at[route, "crosses"] == "", route
    lane = source_data.sea_lanes.set_index(["from", "to"]).geometry
    drawn = map_data.routes.set_index("id").geometry["sakhalin2_lng_japan"]
    assert (
        drawn.distance(lane[("prigorodnoye", "sodegaura")].interpolate(0.5, normalized=True))
        < 1e-9
    )
