"""The tools an analyst would pick instead of ``geo``, each building the same map as one process.

    python tests/benchmarks/peers.py TOOL --out FILE [--data DIR] [--anchors anchors.csv]
    TOOL: plotly | pydeck | kepler | lonboard

Every peer draws the same four things from the same data folder as ``geo build``:

- the relations of ``relations.csv``: one line each, source -> transit country (if any) ->
  target, between the project's anchor points (``--anchors``, written once by
  :func:`baseline.anchors_csv`; without it they are computed here with :mod:`geo.join`);
- the partner countries: the polygons (``derived/countries.geojson``) of every country a
  relation names, groups (``group_members.csv``) counted by their members;
- the routes: ``route_waypoints.csv`` through the points of ``places.csv``, in order;
- the disputes: the polygons of ``derived/disputed.geojson``.

Lines are straight between their stops (the peers draw what they are given; ``geo`` draws
great circles and sea lanes). There is no validation, no evidence card and no text
version: that is what these tools really do, so the comparison is generous to them. The
inputs are read with the standard library into GeoJSON (:func:`features`); each ``build_*``
function is the short part that is specific to the tool, written as its documentation shows.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("plotly", "pydeck", "kepler", "lonboard")
LAYERS = ("partners", "disputes", "routes", "relations")
COLOURS = {  # RGB per layer, the same for every tool
    "partners": (224, 200, 160),
    "disputes": (200, 40, 40),
    "routes": (40, 90, 200),
    "relations": (90, 90, 90),
}
CENTRE = (115.0, 40.0)  # lon, lat: the Asia-Pacific view every peer opens on
ZOOM = 2.2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tool", choices=TOOLS)
    parser.add_argument("--out", type=Path, required=True, help="HTML file to write")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder")
    parser.add_argument("--anchors", type=Path, help="CSV code,lon,lat (baseline.anchors_csv)")
    args = parser.parse_args(argv)
    anchors = read_anchors(args.anchors) if args.anchors else project_anchors(args.data)
    BUILDERS[args.tool](features(args.data, anchors), args.out)
    return 0


# --- the shared inputs ---------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def read_anchors(path: Path) -> dict[str, tuple[float, float]]:
    """``{code: (lon, lat)}`` from a CSV written by :func:`baseline.anchors_csv`."""
    return {r["code"]: (float(r["lon"]), float(r["lat"])) for r in read_csv(path)}


def project_anchors(data: Path) -> dict[str, tuple[float, float]]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import baseline

    return baseline.project_anchors(data)


def _line(coords: list[tuple[float, float]], **props: str) -> dict:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "LineString", "coordinates": [list(c) for c in coords]},
    }


def features(data: Path, anchors: dict[str, tuple[float, float]]) -> dict[str, dict]:
    """The four layers as GeoJSON FeatureCollections (no checks: rows are taken as they are)."""
    relations = read_csv(data / "relations.csv")
    members: dict[str, list[str]] = {}
    for row in read_csv(data / "group_members.csv"):
        members.setdefault(row["group"], []).append(row["member"])
    named = set()
    lines = []
    for r in relations:
        stops = [c for c in (r["source"], r["via"], r["target"]) if c]
        for code in stops:
            named.update(members.get(code, [code]))
        lines.append(
            _line(
                [anchors[c] for c in stops],
                id=r["id"],
                kind=r["kind"],
                status=r["status"],
                text=f"{r['kind']}: {r['source']} → {r['target']}",
            )
        )
    countries = json.loads((data / "derived" / "countries.geojson").read_text("utf-8"))
    partners = [f for f in countries["features"] if f["properties"]["iso3"] in named]
    places = {p["id"]: (float(p["lon"]), float(p["lat"])) for p in read_csv(data / "places.csv")}
    stops_of: dict[str, list[tuple[int, str]]] = {}
    for w in read_csv(data / "route_waypoints.csv"):
        stops_of.setdefault(w["route"], []).append((int(w["seq"]), w["place"]))
    routes = [
        _line([places[p] for _, p in sorted(stops_of[r["id"]])], id=r["id"], text=r["name"])
        for r in read_csv(data / "routes.csv")
        if r["id"] in stops_of
    ]
    disputed = json.loads((data / "derived" / "disputed.geojson").read_text("utf-8"))
    layers = {
        "partners": partners,
        "disputes": disputed["features"],
        "routes": routes,
        "relations": lines,
    }
    return {name: {"type": "FeatureCollection", "features": fs} for name, fs in layers.items()}


def counts(layers: dict[str, dict]) -> dict[str, int]:
    """Features per layer: what every peer's page must hold."""
    return {name: len(fc["features"]) for name, fc in layers.items()}


def _rgb(name: str, alpha: float = 1.0) -> str:
    r, g, b = COLOURS[name]
    return f"rgba({r},{g},{b},{alpha})"


def _line_xy(fc: dict) -> tuple[list, list, list]:
    """Lon, lat and hover text of every line, separated by ``None`` (one trace per layer)."""
    lon: list = []
    lat: list = []
    text: list = []
    for f in fc["features"]:
        for x, y in f["geometry"]["coordinates"]:
            lon.append(x)
            lat.append(y)
            text.append(f["properties"]["text"])
        lon.append(None)
        lat.append(None)
        text.append(None)
    return lon, lat, text


# --- the tools -----------------------------------------------------------------------------


def build_plotly(layers: dict[str, dict], out: Path) -> None:
    """plotly: geo traces (GeoJSON choropleths, lines), plotly.js inlined by ``write_html``.

    plotly.js fetches its base-map TopoJSON from its CDN when a geo subplot draws, even with
    every base layer off, and its MapLibre traces load a worker script from beside the
    bundle: a self-contained file of either kind draws nothing without the network.
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    for name in ("partners", "disputes"):
        fc = layers[name]
        fig.add_trace(
            go.Choropleth(
                geojson=fc,
                locations=list(range(len(fc["features"]))),
                z=[1] * len(fc["features"]),
                colorscale=[[0, _rgb(name, 0.6)], [1, _rgb(name, 0.6)]],
                showscale=False,
                name=name,
            )
        )
    for name in ("routes", "relations"):
        lon, lat, text = _line_xy(layers[name])
        fig.add_trace(
            go.Scattergeo(
                lon=lon, lat=lat, text=text, mode="lines", name=name, line={"color": _rgb(name)}
            )
        )
    fig.update_geos(
        projection_type="natural earth",
        center={"lon": CENTRE[0], "lat": CENTRE[1]},
        lonaxis_range=[40, 190],
        lataxis_range=[-15, 75],
        showland=False,
        showcoastlines=False,
        showframe=False,
    )
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0})
    fig.write_html(out, include_plotlyjs=True, full_html=True, default_height="100vh")


def _with_ids(fc: dict) -> dict:
    """The same collection with each feature's position as its ``id`` (plotly matches on it)."""
    return {
        "type": "FeatureCollection",
        "features": [{**f, "id": i} for i, f in enumerate(fc["features"])],
    }


def build_pydeck(layers: dict[str, dict], out: Path) -> None:
    """pydeck: one GeoJsonLayer per layer, no basemap, deck.gl inlined (``offline=True``)."""
    import pydeck as pdk

    deck_layers = [
        pdk.Layer(
            "GeoJsonLayer",
            layers[name],
            id=name,
            pickable=True,
            stroked=True,
            filled=name in ("partners", "disputes"),
            get_fill_color=[*COLOURS[name], 150],
            get_line_color=[*COLOURS[name], 255],
            line_width_min_pixels=1,
        )
        for name in LAYERS
    ]
    view = pdk.ViewState(longitude=CENTRE[0], latitude=CENTRE[1], zoom=ZOOM)
    deck = pdk.Deck(layers=deck_layers, initial_view_state=view, map_style=None)
    deck.to_html(str(out), offline=True, open_browser=False, notebook_display=False)


def build_kepler(layers: dict[str, dict], out: Path) -> None:
    """kepler.gl: one dataset per layer (it makes a GeoJSON layer of each), ``save_to_html``."""
    from keplergl import KeplerGl

    m = KeplerGl(data={name: layers[name] for name in LAYERS})
    m.save_to_html(file_name=str(out), center_map=True, read_only=True)


def build_lonboard(layers: dict[str, dict], out: Path) -> None:
    """lonboard: GeoDataFrames as PolygonLayer/PathLayer, no basemap, ``Map.to_html``."""
    import geopandas as gpd
    from lonboard import Map, PathLayer, PolygonLayer

    board = []
    for name in LAYERS:
        gdf = gpd.GeoDataFrame.from_features(layers[name]["features"], crs="EPSG:4326")
        if name in ("partners", "disputes"):
            layer = PolygonLayer.from_geopandas(
                gdf, get_fill_color=[*COLOURS[name], 150], get_line_color=[*COLOURS[name], 255]
            )
        else:
            layer = PathLayer.from_geopandas(
                gdf, get_color=[*COLOURS[name], 255], width_min_pixels=1
            )
        board.append(layer)
    Map(board, basemap=None).to_html(out)


BUILDERS = {
    "plotly": lambda layers, out: build_plotly(
        {k: _with_ids(v) if k in ("partners", "disputes") else v for k, v in layers.items()},
        out,
    ),
    "pydeck": build_pydeck,
    "kepler": build_kepler,
    "lonboard": build_lonboard,
}


if __name__ == "__main__":
    sys.exit(main())
