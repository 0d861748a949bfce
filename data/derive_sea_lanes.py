"""Derive ``data/derived/sea_lanes.geojson``: the sea lanes of the routes' sea legs.

Run once at data-build time, from the project root::

    .venv/bin/python -m pip install -e '.[data]'   # brings in searoute
    .venv/bin/python data/derive_sea_lanes.py       # or: make data

For every waypoint row of ``route_waypoints.csv`` whose ``leg`` is ``sea``, the shortest lane
from that place to the route's next place is computed with the ``searoute`` package, which
ships the Eurostat/ORNL global marine network. searoute snaps each port to the nearest node
of the network, so a lane starts and ends near, not at, its ports: the build
(``geo.join.routes_to_lines``) joins the port points to the lane ends.

Output: one GeoJSON LineString per (from place, to place) sea leg, sorted by ``from`` then
``to``, with properties ``from``, ``to`` (place ids) and ``km`` (searoute's length of the
lane, one decimal). Coordinates are rounded to 0.01 degree; longitudes are written in
[-180, 180], the frame of ``derived/countries.geojson`` (the build shifts both into its
Pacific frame). The map never imports searoute: it reads the committed file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parent
sys.path.insert(0, str(DATA.parent))  # run as a script from a checkout: `geo` is one level up

from geo.sources import table_from_csv  # noqa: E402

#: Lane coordinates are rounded to this many decimals (0.01 degree is about 1 km).
DECIMALS = 2


def sea_legs(data_dir: Path) -> list[tuple[str, str]]:
    """The distinct (from place, to place) pairs of the waypoint rows whose ``leg`` is sea."""
    stops = table_from_csv(data_dir / "route_waypoints.csv")
    stops = stops.assign(seq=stops["seq"].astype(int)).sort_values(["route", "seq"])
    legs = set()
    for _, rows in stops.groupby("route", sort=True):
        places, kinds = list(rows["place"]), list(rows["leg"])
        for i in range(len(places) - 1):
            if kinds[i] == "sea":
                legs.add((places[i], places[i + 1]))
    return sorted(legs)


def lane(start: tuple[float, float], end: tuple[float, float]) -> tuple[list, float]:
    """The searoute lane between two (lon, lat) points: its coordinates and length in km."""
    import searoute

    route = searoute.searoute(list(start), list(end), units="km")
    coords = [
        [round(_wrap(x), DECIMALS), round(y, DECIMALS)]
        for x, y in route["geometry"]["coordinates"]
    ]
    deduped = [c for i, c in enumerate(coords) if i == 0 or c != coords[i - 1]]
    return deduped, round(float(route["properties"]["length"]), 1)


def feature_collection(data_dir: Path) -> dict:
    """Every sea leg's lane as a GeoJSON FeatureCollection."""
    places = table_from_csv(data_dir / "places.csv").set_index("id")
    features = []
    for a, b in sea_legs(data_dir):
        start = (float(places.at[a, "lon"]), float(places.at[a, "lat"]))
        end = (float(places.at[b, "lon"]), float(places.at[b, "lat"]))
        coords, km = lane(start, end)
        features.append(
            {
                "type": "Feature",
                "properties": {"from": a, "to": b, "km": km},
                "geometry": {"type": "LineString", "coordinates": coords},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="data folder (default: data/)")
    args = parser.parse_args(argv)
    doc = feature_collection(args.data)
    text = json.dumps(doc, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"
    out = args.data / "derived" / "sea_lanes.geojson"
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".sea_lanes.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, out)
    print(f"{out}: {len(doc['features'])} sea lane(s)")
    return 0


def _wrap(lon: float) -> float:
    """``lon`` in [-180, 180), as ``derived/countries.geojson`` stores longitudes."""
    return (lon + 180.0) % 360.0 - 180.0


if __name__ == "__main__":
    sys.exit(main())
