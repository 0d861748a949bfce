"""Join the validated tables to geometries: everything the layers draw, in the Pacific frame.

Relations, places, routes and disputes are matched to Natural Earth countries on ISO 3166-1
alpha-3 codes; group codes expand to their members. A code that does not join raises
:class:`~geo.errors.JoinError` naming it: nothing is silently dropped.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import shapely
from shapely.geometry import LineString, Point

from geo import geometry, settings
from geo.errors import JoinError
from geo.sources import SourceData

CRS = settings.CRS
#: Group markers stand at least this far apart (degrees), so their labels stay readable.
GROUP_GAP_DEG = 3.0
#: The country the article is about, when there are no relations to tell.
FOCAL = "RUS"


@dataclass
class MapData:
    """The joined, drawable inputs of a map; every frame is in the Pacific frame."""

    countries: gpd.GeoDataFrame
    partners: gpd.GeoDataFrame
    relations: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    routes: gpd.GeoDataFrame
    disputes: gpd.GeoDataFrame
    events: gpd.GeoDataFrame
    anchors: gpd.GeoDataFrame
    groups: dict[str, list[str]]
    documents: pd.DataFrame
    digest: str = ""
    #: One row per route leg as drawn (see :func:`route_legs`), for :mod:`geo.audit`.
    legs: gpd.GeoDataFrame = field(default_factory=lambda: gpd.GeoDataFrame(geometry=[]))
    #: ``{document id: its text}``, for the audit's verbatim-quote safety net.
    texts: dict[str, str] = field(default_factory=dict)
    #: labels.csv as read: sea, disputed-feature and city names (see geo.layers.labels).
    labels: pd.DataFrame = field(default_factory=pd.DataFrame)


def join(data: SourceData) -> MapData:
    """Join validated ``data`` into the frames the layers draw.

    Parameters
    ----------
    data
        Inputs that passed :func:`geo.validate.validate`.

    Returns
    -------
    Relations as lines, places as points, routes as lines, disputes as polygons, and
    countries with their relation counts, all shifted into the Pacific-centred frame.
    """
    t = data.tables
    countries = countries_in_frame(data.countries)
    groups = groups_from_members(t["group_members"])
    _require_join(_codes_used(t, groups), countries, t)
    places = places_from_table(t["places"])
    names = country_names(countries)
    anchors = anchors_from(countries, places, groups, t["groups"], names)
    relations = relations_to_lines(t["relations"], anchors)
    return MapData(
        countries=countries,
        partners=partners_from(countries, relations),
        relations=relations,
        places=places,
        routes=routes_to_lines(t["routes"], t["waypoints"], places, data.sea_lanes),
        disputes=disputes_from(t["disputes"], data.disputed, names),
        events=events_from(t["events"], places),
        anchors=anchors,
        groups=groups,
        documents=t["documents"],
        digest=data.digest,
        legs=route_legs(t["routes"], t["waypoints"], places, data.sea_lanes),
        texts={k: str(v) for k, v in data.texts.items()},
        labels=t["labels"],
    )


def country_names(countries: gpd.GeoDataFrame) -> dict[str, str]:
    """``{ISO alpha-3: short English name}``: Natural Earth's name ("Russia", "Vietnam"),
    else pycountry's common name, else its official name."""
    names = {}
    for country in pycountry.countries:
        names[country.alpha_3] = getattr(country, "common_name", None) or country.name
    coded = countries[countries["iso3"] != ""]
    names.update(zip(coded["iso3"], coded["name"], strict=True))
    return names


def countries_in_frame(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Natural Earth countries moved into the Pacific frame, one row per feature."""
    out = countries[["iso3", "name", "geometry"]].copy()
    out["iso3"] = out["iso3"].fillna("")
    out["geometry"] = [geometry.shift_geometry(g) for g in out.geometry]
    return out.set_crs(CRS, allow_override=True)


def groups_from_members(members: pd.DataFrame) -> dict[str, list[str]]:
    """``{group code: sorted member codes}`` from the long-format membership table."""
    return {g: sorted(rows["member"]) for g, rows in members.groupby("group", sort=True)}


def places_from_table(places: pd.DataFrame) -> gpd.GeoDataFrame:
    """Named points, shifted into the frame."""
    lon = pd.to_numeric(places["lon"]).map(geometry.wrap_longitude)
    lat = pd.to_numeric(places["lat"])
    return gpd.GeoDataFrame(places.copy(), geometry=gpd.points_from_xy(lon, lat), crs=CRS)


def anchors_from(
    countries: gpd.GeoDataFrame,
    places: gpd.GeoDataFrame,
    groups: dict[str, list[str]],
    group_table: pd.DataFrame,
    names: dict[str, str],
) -> gpd.GeoDataFrame:
    """One point per country or group code, where relation lines start and end.

    A country is anchored at its capital when ``places.csv`` has one, else at a point inside
    its largest polygon. A group is anchored at the mean of its members' anchors, a
    schematic position only.
    """
    capitals = places[places["role"] == "capital"].drop_duplicates("country")
    rows = [
        {"code": r.country, "label": r.name, "basis": "capital", "geometry": r.geometry}
        for r in capitals.itertuples()
    ]
    have = {r["code"] for r in rows}
    for r in countries[countries["iso3"] != ""].itertuples():
        if r.iso3 not in have:
            rows.append(
                {
                    "code": r.iso3,
                    "label": names[r.iso3],
                    "basis": "inside the country",
                    "geometry": _largest_part_point(r.geometry),
                }
            )
            have.add(r.iso3)
    by_code = {r["code"]: r["geometry"] for r in rows}
    group_names = dict(zip(group_table["code"], group_table["name"], strict=True))
    placed: list[Point] = []
    for code, members in groups.items():
        pts = [by_code[m] for m in members if m in by_code]
        spot = _apart(Point(np.mean([p.x for p in pts]), np.mean([p.y for p in pts])), placed)
        placed.append(spot)
        label = f"{group_names.get(code, code)} ({code}, a group of {len(members)})"
        rows.append(
            {
                "code": code,
                "label": label,
                "members": ", ".join(sorted(names.get(m, m) for m in members)),
                "basis": "schematic: mean position of the members, moved apart from "
                "other groups' markers",
                "geometry": spot,
            }
        )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS).set_index("code", drop=False)
    frame["members"] = frame["members"].fillna("")
    frame["name"] = [
        names.get(c, label) for c, label in zip(frame["code"], frame["label"], strict=True)
    ]
    return frame


def relations_to_lines(relations: pd.DataFrame, anchors: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Each relation as a great-circle line from its source anchor to its target anchor,
    through its ``via`` anchor when it has one."""
    out = relations.copy()
    out["value_num"] = pd.to_numeric(out["value"].replace("", np.nan))
    out["source_name"] = out["source"].map(anchors["name"])
    out["target_name"] = out["target"].map(anchors["name"])
    out["via_name"] = out["via"].map(anchors["name"]).fillna("")
    points = dict(zip(anchors.index, anchors.geometry, strict=True))
    lines = [
        _relation_line(points, s, v, t)
        for s, v, t in zip(out["source"], out["via"], out["target"], strict=True)
    ]
    return gpd.GeoDataFrame(out, geometry=lines, crs=CRS)


def focal_country(relations: pd.DataFrame) -> str:
    """The country the relations are about: the one named most often (Russia here)."""
    counts = pd.concat([relations["source"], relations["target"]]).value_counts()
    return str(counts.index[0]) if len(counts) else FOCAL


def partners_from(countries: gpd.GeoDataFrame, relations: pd.DataFrame) -> gpd.GeoDataFrame:
    """The focal country and the countries related directly to it, with how many relations
    and of which kinds; ``focal`` marks the focal country itself."""
    focal = focal_country(relations)
    with_russia = relations[(relations["source"] == focal) | (relations["target"] == focal)]
    partner = np.where(
        with_russia["source"] == focal, with_russia["target"], with_russia["source"]
    )
    links = pd.DataFrame(
        {
            "iso3": partner,
            "kind": with_russia["kind"].to_numpy(),
            "id": with_russia["id"].to_numpy(),
        }
    )
    links = pd.concat([links, links.assign(iso3=focal)])
    counts = links.groupby("iso3", sort=True).agg(
        relations=("id", "nunique"),
        kinds=("kind", lambda k: sorted(set(k))),
        ids=("id", lambda i: sorted(set(i))),
    )
    joined = countries.merge(counts, left_on="iso3", right_index=True, how="inner")
    joined["focal"] = joined["iso3"] == focal
    return joined.sort_values("iso3").reset_index(drop=True)


def events_from(events: pd.DataFrame, places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Dated events at their places, with the place's name and the event's year."""
    where = places.set_index("id")
    out = events.copy()
    out["place_name"] = out["place"].map(where["name"])
    out["year"] = out["date"].str[:4].astype(int)
    return gpd.GeoDataFrame(out, geometry=list(where.geometry[out["place"]]), crs=CRS)


def routes_to_lines(
    routes: pd.DataFrame,
    waypoints: pd.DataFrame,
    places: gpd.GeoDataFrame,
    lanes: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Each route as one line through its ordered waypoints.

    A waypoint's ``leg`` says how the stretch to the next waypoint is drawn: ``land`` (or
    empty) as a straight segment, ``sea`` along the derived sea lane from that place to the
    next (``lanes``, from ``derived/sea_lanes.geojson``), joined to the two port points at
    its ends. A sea leg with no lane raises :class:`~geo.errors.JoinError` naming the route
    and the two places.
    """
    where = places.set_index("id").geometry
    ordered = waypoints.assign(seq=pd.to_numeric(waypoints["seq"])).sort_values(["route", "seq"])
    by_pair = _lanes_by_pair(lanes)
    lines, missing_lanes = {}, []
    for route, rows in ordered.groupby("route", sort=True):
        stops = list(rows["place"])
        legs = list(rows["leg"]) if "leg" in rows.columns else [""] * len(stops)
        pts: list[tuple[float, float]] = [(where[stops[0]].x, where[stops[0]].y)]
        for i in range(len(stops) - 1):
            a, b = stops[i], stops[i + 1]
            if legs[i] == "sea":
                lane = by_pair.get((a, b))
                if lane is None:
                    missing_lanes.append(f"{route} ({a} → {b})")
                else:
                    pts.extend(lane)
            pts.append((where[b].x, where[b].y))
        lines[route] = geometry.path_through(pts) if len(stops) > 1 else None
    if missing_lanes:
        path = waypoints.attrs.get("path", "route_waypoints.csv")
        raise JoinError(
            f"{path}: sea leg(s) with no lane in data/derived/sea_lanes.geojson: "
            f"{', '.join(missing_lanes)}; run `make data` (data/derive_sea_lanes.py) after "
            "adding a sea leg"
        )
    missing = sorted(set(routes["id"]) - {k for k, v in lines.items() if v is not None})
    if missing:
        raise JoinError(
            f"route(s) with fewer than two waypoints: {', '.join(missing)}; add "
            "rows to route_waypoints.csv"
        )
    out = routes.copy()
    out["waypoints"] = [
        " → ".join(places.set_index("id").loc[ordered[ordered["route"] == r]["place"], "name"])
        for r in out["id"]
    ]
    return gpd.GeoDataFrame(out, geometry=[lines[r] for r in out["id"]], crs=CRS)


def route_legs(
    routes: pd.DataFrame,
    waypoints: pd.DataFrame,
    places: gpd.GeoDataFrame,
    lanes: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Every leg of every route as :func:`routes_to_lines` draws it: ``route``, ``from``,
    ``to``, ``kind`` (``land`` or ``sea``), the route's declared ``crosses`` (a list of
    ISO codes) and the leg's vertices (port - sea lane - port for a sea leg), in the frame.
    Call after :func:`routes_to_lines`, which reports missing lanes and places."""
    where = places.set_index("id").geometry
    by_pair = _lanes_by_pair(lanes)
    declared = dict(zip(routes["id"], routes["crosses"], strict=True))
    ordered = waypoints.assign(seq=pd.to_numeric(waypoints["seq"])).sort_values(["route", "seq"])
    rows = []
    for route, stops in ordered.groupby("route", sort=True):
        names = list(stops["place"])
        kinds = list(stops["leg"]) if "leg" in stops.columns else [""] * len(names)
        for i, (a, b) in enumerate(itertools.pairwise(names)):
            kind = "sea" if kinds[i] == "sea" else "land"
            middle = by_pair.get((a, b), []) if kind == "sea" else []
            ends = [(where[p].x, where[p].y) for p in (a, b)]
            rows.append(
                {
                    "route": route,
                    "from": a,
                    "to": b,
                    "kind": kind,
                    "crosses": str(declared.get(route, "")).split(),
                    "geometry": LineString([ends[0], *middle, ends[1]]),
                }
            )
    columns = ["route", "from", "to", "kind", "crosses", "geometry"]
    return gpd.GeoDataFrame(rows or None, columns=columns, geometry="geometry", crs=CRS)


def _lanes_by_pair(
    lanes: gpd.GeoDataFrame | None,
) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """``{(from place, to place): lane vertices}`` from the derived sea lanes."""
    if lanes is None or not len(lanes) or "from" not in lanes.columns:
        return {}
    return {
        (a, b): [(float(x), float(y)) for x, y in g.coords]
        for a, b, g in zip(lanes["from"], lanes["to"], lanes.geometry, strict=True)
    }


def disputes_from(
    disputes: pd.DataFrame, polygons: gpd.GeoDataFrame, names: dict[str, str]
) -> gpd.GeoDataFrame:
    """Disputed territories: their derived polygons joined on ``id``, plus reference points
    and the names of who administers and who claims each."""
    shapes = polygons.set_index("id").geometry
    missing = sorted(set(disputes["id"]) - set(shapes.index))
    if missing:
        raise JoinError(
            f"no derived polygon for dispute(s) {', '.join(missing)}; run "
            "`make data` after editing disputes.csv"
        )
    out = disputes.copy()
    out["geometry"] = [geometry.shift_geometry(shapes[i]) for i in out["id"]]
    out["basis"] = [polygons.set_index("id").at[i, "basis"] for i in out["id"]]
    lat = pd.to_numeric(out["ref_lat"].replace("", np.nan))
    lon = pd.to_numeric(out["ref_lon"].replace("", np.nan))
    ref = [
        Point(geometry.wrap_longitude(x), y) if pd.notna(x) else shapely.point_on_surface(g)
        for x, y, g in zip(lon, lat, out.geometry, strict=True)
    ]
    out["ref_point"] = gpd.GeoSeries(ref, crs=CRS)
    for col in ("administered_by", "claimed_by"):
        out[f"{col}_names"] = [", ".join(names[c] for c in v.split(";")) for v in out[col]]
    return gpd.GeoDataFrame(out, geometry="geometry", crs=CRS)


def _codes_used(tables: dict[str, pd.DataFrame], groups: dict[str, list[str]]) -> set[str]:
    rel = tables["relations"]
    codes = set(rel["source"]) | set(rel["target"]) | (set(rel["via"]) - {""})
    for col in ("administered_by", "claimed_by"):
        codes |= {c for v in tables["disputes"][col] for c in v.split(";") if c}
    codes |= set(tables["places"]["country"])
    expanded = set()
    for code in codes:
        expanded |= set(groups.get(code, [code]))
    return expanded | {m for members in groups.values() for m in members}


def _require_join(
    codes: set[str], countries: gpd.GeoDataFrame, tables: dict[str, pd.DataFrame]
) -> None:
    """Every code must have a country geometry; a missing one is named with the file, line
    and column where it is first used, and the geometry file that lacks it."""
    missing = sorted(codes - set(countries["iso3"]))
    if not missing:
        return
    where = countries.attrs.get("path", "the derived countries")
    found = [f"{_first_use(code, tables)}: {code!r} has no country geometry" for code in missing]
    raise JoinError(
        f"{len(missing)} code(s) with no country geometry in {where}:\n"
        + "\n".join(f"  - {line}" for line in found)
    )


def _first_use(code: str, tables: dict[str, pd.DataFrame]) -> str:
    """``file, line N, column 'c'`` of the first cell that uses ``code`` (a group member's
    code points at group_members.csv)."""
    columns = {
        "relations": ("source", "target", "via"),
        "group_members": ("member",),
        "disputes": ("administered_by", "claimed_by"),
        "places": ("country",),
    }
    for name, cols in columns.items():
        frame = tables.get(name)
        if frame is None:
            continue
        lines = frame.attrs.get("lines")
        for col in cols:
            if col not in frame.columns:
                continue
            for i, value in enumerate(frame[col].tolist()):
                if code in str(value).split(";"):
                    line = f", line {lines[i]}" if lines is not None else ""
                    return f"{frame.attrs.get('path', name)}{line}, column '{col}'"
    return "the data"


def _apart(spot: Point, taken: list[Point], *, gap: float = GROUP_GAP_DEG) -> Point:
    """``spot``, moved south in steps of ``gap`` degrees until no marker in ``taken`` is
    closer than ``gap``: group markers are schematic, their labels must not overlap."""
    while any(spot.distance(t) < gap for t in taken):
        spot = Point(spot.x, spot.y - gap)
    return spot


def _largest_part_point(geom: shapely.Geometry) -> Point:
    parts = list(getattr(geom, "geoms", [geom]))
    return max(parts, key=lambda p: p.area).representative_point()


@functools.cache
def _arc(start: tuple[float, float], end: tuple[float, float]) -> tuple[tuple[float, float], ...]:
    """The great-circle arc's vertices (many relations share a pair of anchors)."""
    return tuple(geometry.great_circle(start, end).coords)


def _relation_line(points: dict[str, Point], source: str, via: str, target: str) -> LineString:
    stops = [points[c] for c in (source, via, target) if c]
    coords: list[tuple[float, float]] = []
    for a, b in itertools.pairwise(stops):
        xy = list(_arc((a.x, a.y), (b.x, b.y)))
        if coords:  # continue from where the previous leg ended, in the same frame
            shift = coords[-1][0] - xy[0][0]
            xy = [(x + shift, y) for x, y in xy[1:]]
        coords.extend(xy)
    return LineString(coords)
