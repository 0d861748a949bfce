"""Routes lie on the ground they declare, measured against the map's own basemap.

Each route's legs are measured in Web Mercator (EPSG:3857), where Leaflet draws a segment
between two waypoints as a straight line, against ``data/derived/countries.geojson``:

* a **land** leg may lie outside the countries the route declares in ``routes.csv``
  ``crosses`` (over a third country, or over water) for at most ``TOLERANCE_KM``;
* a **sea** leg (the derived lane, joined to its two port points) may cross land for at most
  ``TOLERANCE_KM`` outside its port approaches: the ``APPROACH_KM`` round each port, widened
  by the port point's own distance from the coast where that point is a town centre inland
  (Pyeongtaek's is ~20 km from the 1:50m coast, its terminal is on it).

The measuring is :mod:`geo.audit`'s (``geo audit`` reports the same legs).
Lengths are true kilometres: the pieces are densified in Mercator and measured on the WGS 84
ellipsoid. The 1:50m coastlines are coarse, hence the tolerance.
"""

from __future__ import annotations

import shapely

from geo.audit import KNOWN_DEVIATIONS, TOLERANCE_KM, leg_strays, mercator, true_km


def _cap(leg: dict) -> float:
    known = KNOWN_DEVIATIONS.get((leg["route"], leg["from"], leg["to"]))
    return known[0] if known else TOLERANCE_KM


def test_every_leg_stays_on_its_declared_ground(map_data):
    too_far = [
        f"{leg['route']} {leg['from']} → {leg['to']} ({leg['kind']}): "
        f"{leg['stray_km']:.1f} km off its ground"
        for leg in leg_strays(map_data)
        if leg["stray_km"] > _cap(leg)
    ]
    assert not too_far, "\n".join(too_far)


def test_known_unsourced_legs_are_still_there(map_data):
    """An entry of ``KNOWN_DEVIATIONS`` that no longer matches a stray leg must be removed."""
    stray = {
        (leg["route"], leg["from"], leg["to"])
        for leg in leg_strays(map_data)
        if leg["stray_km"] > TOLERANCE_KM
    }
    assert set(KNOWN_DEVIATIONS) <= stray, sorted(set(KNOWN_DEVIATIONS) - stray)


def test_every_declared_country_is_crossed(map_data):
    """``crosses`` lists no country that the route's land legs never enter."""
    legs, countries = map_data.legs, map_data.countries
    for route, rows in legs.groupby("route"):
        land = [
            mercator(g) for g, k in zip(rows.geometry, rows["kind"], strict=True) if k == "land"
        ]
        for iso in rows["crosses"].iloc[0]:
            shape = mercator(
                shapely.union_all(countries[countries["iso3"] == iso].geometry.values)
            )
            inside = sum(true_km(line.intersection(shape)) for line in land)
            assert inside > 1.0, f"{route} declares {iso} but crosses {inside:.1f} km of it"


def test_a_sea_leg_follows_its_lane_and_a_pure_sea_route_declares_no_land(source_data, map_data):
    routes = source_data.tables["routes"].set_index("id")
    for route, rows in map_data.legs.groupby("route"):
        if set(rows["kind"]) == {"sea"}:
            assert routes.at[route, "crosses"] == "", route
    lane = source_data.sea_lanes.set_index(["from", "to"]).geometry
    drawn = map_data.routes.set_index("id").geometry["sakhalin2_lng_japan"]
    assert (
        drawn.distance(lane[("prigorodnoye", "sodegaura")].interpolate(0.5, normalized=True))
        < 1e-9
    )
