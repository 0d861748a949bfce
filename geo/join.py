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
#: A group marker stands at sea at least this far (degrees) from any coast, so it never
#: looks like one of the countries (or a non-member) it stands for.
GROUP_SEA_CLEARANCE_DEG = 3.0
#: The columns of ``trade_figures.csv``.
FIGURE_COLUMNS = ("a", "b", "year", "value", "unit", "publisher", "source_url", "note")


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
    #: The steps of the article's argument (see :func:`story_steps`); empty without a story.
    story: tuple[StoryStep, ...] = ()
    #: Two-way trade figures from outside the article (``trade_figures.csv``), one row per
    #: pair and year, ``a`` < ``b``; ``value_num`` is the figure as a number.
    figures: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FIGURE_COLUMNS))
    #: labels.csv as read: sea, disputed-feature and city names (see geo.layers.labels).
    labels: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass(frozen=True)
class StoryStep:
    """One step of the story: what the map shows while the reader is on it.

    ``layers``: slugs of the overlays on (the others off); ``highlight``: ids of the
    features to highlight; ``fit``: ids of the features the view fits (default: the
    highlighted ones), unless ``bbox`` (west, south, east, north) gives the view; ``path``
    and ``line``: the step's file and line, for messages.
    """

    title: str
    quote: str
    source_doc: str
    layers: tuple[str, ...]
    highlight: tuple[str, ...]
    fit: tuple[str, ...]
    bbox: tuple[float, float, float, float] | None
    note: str = ""
    path: str = ""
    line: int = 0


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
    anchors = anchors_from(
        countries, places, groups, t["groups"], names, _dispute_points(t["disputes"])
    )
    routes = routes_to_lines(t["routes"], t["waypoints"], places, data.sea_lanes)
    relations = relations_to_lines(t["relations"], anchors, routes)
    return MapData(
        countries=countries,
        partners=partners_from(countries, relations),
        relations=relations,
        places=places,
        routes=routes,
        disputes=disputes_from(t["disputes"], data.disputed, names),
        events=events_from(t["events"], places),
        anchors=anchors,
        groups=groups,
        documents=t["documents"],
        digest=data.digest,
        legs=route_legs(t["routes"], t["waypoints"], places, data.sea_lanes),
        texts={k: str(v) for k, v in data.texts.items()},
        story=story_steps(t.get("story")),
        figures=figures_from(t.get("trade_figures")),
        labels=t["labels"],
    )


def story_steps(story: pd.DataFrame | None) -> tuple[StoryStep, ...]:
    """The validated ``story.csv`` table as steps, in order (none for no table)."""
    if story is None:
        return ()
    lines = story.attrs.get("lines") or [i + 2 for i in range(len(story))]
    return tuple(
        StoryStep(
            title=r["title"],
            quote=r["quote"],
            source_doc=r["source_doc"],
            layers=tuple(r["layers"].split()),
            highlight=tuple(r["highlight"].split()),
            fit=tuple(r["fit"].split()) or tuple(r["highlight"].split()),
            bbox=tuple(float(v) for v in r["bbox"].split()) if r["bbox"] else None,  # type: ignore[arg-type]
            note=r.get("note", ""),
            path=str(story.attrs.get("path", "story.csv")),
            line=int(line),
        )
        for r, line in zip(story.to_dict("records"), lines, strict=True)
    )


def figures_from(table: pd.DataFrame | None) -> pd.DataFrame:
    """The outside trade figures with ``value_num``; an empty table when there are none."""
    out = table.copy() if table is not None else pd.DataFrame(columns=FIGURE_COLUMNS, dtype=str)
    out["value_num"] = pd.to_numeric(out["value"])
    return out.sort_values(["a", "b", "year"]).reset_index(drop=True)


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
    disputed_points: list[Point] | None = None,
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
    # apart from the disputed territories' markers too, so no group reads as one of them
    placed: list[Point] = list(disputed_points or [])
    land = shapely.STRtree(shapely.get_parts(countries.geometry.values))
    for code, members in groups.items():
        pts = [by_code[m] for m in members if m in by_code]
        mean = Point(np.mean([p.x for p in pts]), np.mean([p.y for p in pts]))
        spot = at_sea(mean, land, placed)
        placed.append(spot)
        label = f"{group_names.get(code, code)} ({code}, a group of {len(members)})"
        rows.append(
            {
                "code": code,
                "label": label,
                "members": ", ".join(sorted(names.get(m, m) for m in members)),
                "basis": "schematic: at sea, the nearest open water to the mean position "
                "of the members, apart from other groups' markers; it stands for no "
                "one country",
                "geometry": spot,
            }
        )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS).set_index("code", drop=False)
    frame["members"] = frame["members"].fillna("")
    frame["name"] = [
        names.get(c, label) for c, label in zip(frame["code"], frame["label"], strict=True)
    ]
    return frame


def relations_to_lines(
    relations: pd.DataFrame,
    anchors: gpd.GeoDataFrame,
    routes: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Each relation as a great-circle line from its source anchor to its target anchor,
    through its ``via`` anchor when it has one; a transit relation with a ``corridor``
    runs along those routes instead (the same ground as the route layer), from the source
    anchor to the corridor's start, then to the target anchor if the corridor ends short
    of it. Missing optional columns (``form``, ``corridor``) are added empty."""
    out = relations.copy()
    for column in ("form", "corridor"):
        if column not in out.columns:
            out[column] = ""
    out["value_num"] = pd.to_numeric(out["value"].replace("", np.nan))
    out["source_name"] = out["source"].map(anchors["name"])
    out["target_name"] = out["target"].map(anchors["name"])
    out["via_name"] = out["via"].map(anchors["name"]).fillna("")
    points = dict(zip(anchors.index, anchors.geometry, strict=True))
    paths = {} if routes is None else dict(zip(routes["id"], routes.geometry, strict=True))
    lines = [
        _corridor_line(points, s, t, [paths[r] for r in c.split()])
        if c
        else _relation_line(points, s, v, t)
        for s, v, t, c in zip(
            out["source"], out["via"], out["target"], out["corridor"], strict=True
        )
    ]
    return gpd.GeoDataFrame(out, geometry=lines, crs=CRS)


def _corridor_line(
    points: dict[str, Point], source: str, target: str, corridor: list[LineString]
) -> LineString:
    """Source anchor -> the corridor's routes end to end -> target anchor (legs of zero
    length left out)."""
    coords: list[tuple[float, float]] = []
    for route in corridor:
        xy = [(float(x), float(y)) for x, y in route.coords]
        coords.extend(xy[1:] if coords and coords[-1] == xy[0] else xy)
    start, end = points[source], points[target]
    head = (
        list(_arc((start.x, start.y), coords[0]))[:-1] if (start.x, start.y) != coords[0] else []
    )
    tail = list(_arc(coords[-1], (end.x, end.y)))[1:] if (end.x, end.y) != coords[-1] else []
    return LineString([*head, *coords, *tail])


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
            "transit": False,
        }
    )
    # a transit country (via) is linked to the relations that would pass through it
    through = with_russia[with_russia["via"] != ""]
    transit = pd.DataFrame(
        {
            "iso3": through["via"].to_numpy(),
            "kind": through["kind"].to_numpy(),
            "id": through["id"].to_numpy(),
            "transit": True,
        }
    )
    links = pd.concat([links, transit, links.assign(iso3=focal)])
    counts = links.groupby("iso3", sort=True).agg(
        relations=("id", "nunique"),
        kinds=("kind", lambda k: sorted(set(k))),
        ids=("id", lambda i: sorted(set(i))),
    )
    counts["transit_ids"] = [
        sorted(set(links.loc[(links["iso3"] == iso) & links["transit"], "id"]))
        for iso in counts.index
    ]
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


def at_sea(
    spot: Point,
    countries: gpd.GeoDataFrame | shapely.STRtree,
    taken: list[Point],
    *,
    clearance: float = GROUP_SEA_CLEARANCE_DEG,
    gap: float = GROUP_GAP_DEG,
) -> Point:
    """The point nearest ``spot``, on a 0.5° grid, that lies at least ``clearance``
    degrees from any country and ``gap`` degrees from every marker in ``taken``: a group's
    marker is schematic and must not stand inside one country (member or not).
    ``countries`` may be given as an ``STRtree`` of their parts, built once for many calls."""
    step, reach = 0.5, 15.0
    offsets = np.arange(-reach, reach + step, step)
    dx, dy = (a.ravel() for a in np.meshgrid(offsets, offsets))
    order = np.lexsort((dx, dy, np.hypot(dx, dy)))
    xs = np.round(spot.x + dx[order], 2)
    ys = np.round(np.clip(spot.y + dy[order], -80, 84), 2)
    if taken:
        tx, ty = np.array([t.x for t in taken]), np.array([t.y for t in taken])
        free = np.hypot(xs[:, None] - tx, ys[:, None] - ty).min(axis=1) >= gap
        xs, ys = xs[free], ys[free]
    tree = (
        countries
        if isinstance(countries, shapely.STRtree)
        else shapely.STRtree(shapely.get_parts(countries.geometry.values))
    )
    for start in range(0, len(xs), 512):  # nearest first: stop at the first clear batch
        points = shapely.points(xs[start : start + 512], ys[start : start + 512])
        hit = tree.query(points, predicate="dwithin", distance=clearance)[0]
        clear = np.setdiff1d(np.arange(len(points)), hit)
        if len(clear):
            return Point(float(points[clear[0]].x), float(points[clear[0]].y))
    return spot


def _dispute_points(disputes: pd.DataFrame) -> list[Point]:
    """The disputes' reference points, in the frame (those that give one)."""
    given = disputes[(disputes["ref_lat"] != "") & (disputes["ref_lon"] != "")]
    return [
        Point(geometry.wrap_longitude(float(x)), float(y))
        for x, y in zip(given["ref_lon"], given["ref_lat"], strict=True)
    ]


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
