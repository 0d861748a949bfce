"""``geo audit``: the map checks itself against its own basemap, legends and sources.

:func:`audit` runs small pure checks over a :class:`~geo.model.MapModel` and returns
:class:`Finding` records, one per problem, each with the measure that failed::

    routes.csv, espo2: 152 km inside CHN (declared RUS)

An ``error`` is something the map must not show (``geo build`` stops on one); a
``warning`` is a known, stated weakness. The checks:

* :func:`route_ground` - a land leg outside the countries its route declares (``crosses``)
  or a sea leg over land beyond its port approaches, measured in Web Mercator (where Leaflet
  draws a segment as a straight line) against the map's own basemap, in true kilometres;
* :func:`group_markers` - a schematic group marker (ASIA, ASEAN...) inside a country: a
  non-member, or a member it would be read as;
* :func:`relation_encoding` - a relation drawn against its kind's convention
  (:mod:`geo.layers.encoding`): an arrow on an undirected row or a stance, a directed row
  without one, an arrow that starts at the partner, a claim that starts at the
  administrator of a territory its target claims, a form the kind does not have;
* :func:`legend_rows` - two legend rows drawn identically, in one layer or across layers;
* :func:`source_hosts` - a source URL on a host of ``settings.DISALLOWED_HOSTS`` (or a raw
  IP, a mirror's port, a kiwix path), and, as a safety net behind validation, a quote not
  verbatim in its document;
* :func:`opening_view` - a feature a legend lists that lies wholly outside the view the page
  opens on at one of the sizes it is published at (:data:`OPENING_WINDOWS`).
"""

from __future__ import annotations

import functools
import html
import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, box

from geo import settings
from geo.join import MapData
from geo.layers import encoding
from geo.layers.relations import RELATION_LAYERS
from geo.model import MapModel
from geo.model import opening_view as opening_bounds

Severity = Literal["error", "warning"]

#: Kilometres a leg may stray from its declared ground (coarse 1:50m coastlines, borders).
TOLERANCE_KM = 5.0
#: Kilometres at each end of a sea leg where a port approach may cross land.
APPROACH_KM = 10.0

#: Land legs known to leave their declared ground, with the km measured when each was
#: recorded and the reason. Within its cap such a leg is a *warning*; beyond it, an error.
#:
#: Why a reviewed mapping here and not a rule on the route's ``note`` (or a ``tolerance_km``
#: column): a note is free text, so a rule matching "crosses ... China" would excuse any
#: route whose note happens to use those words, and would let the line drift any distance.
#: An entry here names the exact leg, caps it at what was measured, and is changed only in
#: a reviewed code change; the route's note tells the reader the same thing in words.
#: Remove an entry once a sourced waypoint brings the leg back on its ground.
KNOWN_DEVIATIONS: dict[tuple[str, str, str], tuple[float, str]] = {
    ("skv_gas", "khabarovsk", "dalnerechensk"): (
        31.0,
        "no source names a town (Vyazemsky, Bikin...) between Khabarovsk and "
        "Dalnerechensk: the straight leg cuts across the Chinese bank of the Ussuri",
    ),
    ("skv_gas", "dalnerechensk", "vladivostok"): (
        21.0,
        "no source names a town (Spassk-Dalny, Ussuriysk, Artyom...) between Dalnerechensk "
        "and Vladivostok: the straight leg crosses the head of Amur Bay",
    ),
}

#: The default window of :func:`view_bounds`, in CSS pixels (width, height).
VIEW_PIXELS: tuple[int, int] = (1400, 900)
#: The sizes the map is published at (issue 13: desktop windows, a laptop browser, a news
#: column's iframe, two phones), CSS px, each with the part of the map its panels leave
#: free at open (left, top, right, bottom, px): the box ``geo/static/layout.js`` fits the
#: opening view into. Measured in Chromium; ``tests/test_layout_browser.py`` fails when
#: the page's own differs by more than a few pixels, and checks the page opens on the view
#: :func:`fitted_view` computes from it.
OPENING_WINDOWS: dict[tuple[int, int], tuple[float, float, float, float]] = {
    (1400, 900): (266, 109, 1120, 855),
    (1280, 720): (266, 109, 1000, 675),
    (1366, 657): (266, 109, 1086, 612),
    (640, 450): (42, 64, 640, 336),
    (390, 844): (0, 115, 390, 742),
    (320, 568): (0, 115, 320, 466),
}
#: The layout's clear space around the opening view (``GAP`` in layout.js), px, and the
#: map's zoom step (``zoom_snap`` in geo.render).
FIT_GAP = 8.0
ZOOM_SNAP = 0.5
_MAX_LAT = 85.0511287798  # Web Mercator's (Leaflet's) latitude limit

_EARTH_M = 6378137.0
_GEOD = Geod(ellps="WGS84")
_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
_KIWIX = re.compile(r"/wikipedia_[a-z]{2,3}_[^/]*/A/")
_URL = re.compile(r"https?://[^\s;\"'<>]+")


@dataclass(frozen=True)
class Finding:
    """One thing the audit found: how bad, where, which check, and the measure."""

    severity: Severity
    file: str
    row: str
    check: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, {self.row}" if self.row else self.file
        return f"{where}: {self.message}"


def audit(model: MapModel) -> list[Finding]:
    """Every finding of every check on ``model``, errors first, then by file and row."""
    found = [
        *route_ground(model),
        *group_markers(model),
        *relation_encoding(model),
        *legend_rows(model),
        *source_hosts(model),
        *opening_view(model),
    ]
    return sorted(found, key=lambda f: (f.severity != "error", f.file, f.row, f.message))


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding is an error."""
    return any(f.severity == "error" for f in findings)


# --- 1. routes on their declared ground ---------------------------------------------


def mercator(geom: shapely.Geometry) -> shapely.Geometry:
    """A lon/lat geometry in Web Mercator metres, without wrapping at 180° (the Pacific
    frame's longitudes up to 330° stay continuous)."""

    def forward(xy: np.ndarray) -> np.ndarray:
        lat = np.clip(xy[:, 1], -85.05, 85.05)
        return np.column_stack(
            [
                _EARTH_M * np.radians(xy[:, 0]),
                _EARTH_M * np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)),
            ]
        )

    return shapely.transform(geom, forward)


def _lonlat(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.degrees(x / _EARTH_M), np.degrees(2 * np.arctan(np.exp(y / _EARTH_M)) - np.pi / 2)


def true_km(geom: shapely.Geometry) -> float:
    """Length of the line parts of a Mercator geometry, in km on the WGS 84 ellipsoid."""
    total = 0.0
    for part in shapely.get_parts(geom):
        if isinstance(part, LineString) and not part.is_empty:
            dense = shapely.segmentize(part, 1000.0)
            lon, lat = _lonlat(*np.asarray(dense.coords).T)
            total += _GEOD.line_length(lon, lat) / 1000.0
        elif part.geom_type in ("MultiLineString", "GeometryCollection"):
            total += true_km(part)
    return total


def approach(point: Point, km: float, land: shapely.Geometry) -> shapely.Geometry:
    """The port approach round a Mercator point: a disc of ``km`` true kilometres plus the
    point's distance inland from the coast (a town-centre point inland of its terminal)."""
    inland = land.boundary.distance(point) if land.contains(point) else 0.0
    lat = _lonlat(np.array(point.x), np.array(point.y))[1]
    return point.buffer(km * 1000.0 / math.cos(math.radians(float(lat))) + inland)


def stray_km(
    kind: str, line: shapely.Geometry, ground: shapely.Geometry, land: shapely.Geometry
) -> float:
    """Kilometres of a Mercator leg off its ground: a land leg outside ``ground`` (its
    declared countries), a sea leg on ``land`` beyond its port approaches."""
    if kind == "sea":
        ends = (Point(line.coords[0]), Point(line.coords[-1]))
        open_sea = line.difference(approach(ends[0], APPROACH_KM, land))
        open_sea = open_sea.difference(approach(ends[1], APPROACH_KM, land))
        return true_km(open_sea.intersection(land))
    return true_km(line.difference(ground))


def leg_strays(data: MapData) -> list[dict]:
    """Every leg of every route with ``stray_km`` (see :func:`stray_km`) and ``outside``,
    the ISO codes of the countries the stray part crosses."""
    legs = data.legs
    if not len(legs):
        return []
    # only the countries near the routes, each merged and projected once
    west, south, east, north = legs.total_bounds
    nearby = data.countries[data.countries["iso3"] != ""].cx[
        west - 6 : east + 6, max(south - 5, -85) : min(north + 5, 85)
    ]
    near = {
        iso: mercator(shapely.union_all(rows.geometry.values))
        for iso, rows in nearby.groupby("iso3")
    }
    # land near the sea legs only: countries clipped to the legs' box, then merged
    sea = legs[legs["kind"] == "sea"]
    land = shapely.Polygon()
    if len(sea):
        w, s_, e, n = sea.total_bounds
        clip = mercator(box(w - 3, max(s_ - 3, -85), e + 3, min(n + 3, 85)))
        land = shapely.union_all([shapely.clip_by_rect(g, *clip.bounds) for g in near.values()])
    grounds: dict[tuple[str, ...], shapely.Geometry] = {}
    out = []
    columns = ("route", "from", "to", "kind", "crosses")
    for values, geom in zip(
        legs[list(columns)].itertuples(index=False), legs.geometry, strict=True
    ):
        leg = dict(zip(columns, values, strict=True))
        line = mercator(geom)
        key = tuple(leg["crosses"])
        if key not in grounds:
            grounds[key] = shapely.union_all([near[c] for c in key if c in near])
        ground = grounds[key]
        km = stray_km(leg["kind"], line, ground, land)
        off = line.difference(ground) if leg["kind"] == "land" else line
        leg["outside"] = sorted(
            iso
            for iso, g in near.items()
            if (iso not in leg["crosses"] or leg["kind"] == "sea")
            and true_km(off.intersection(g)) > 1.0
        )
        out.append({**leg, "crosses": list(leg["crosses"]), "stray_km": km})
    return out


def route_ground(model: MapModel) -> list[Finding]:
    """Legs off their declared ground beyond ``TOLERANCE_KM`` (see :data:`KNOWN_DEVIATIONS`)."""
    found = []
    for leg in leg_strays(model.data):
        km = leg["stray_km"]
        known = KNOWN_DEVIATIONS.get((leg["route"], leg["from"], leg["to"]))
        if km <= TOLERANCE_KM:
            continue
        where = "/".join(leg["outside"]) or "open water"
        declared = " ".join(leg["crosses"]) or "no land"
        if leg["kind"] == "sea":
            message = f"sea leg {leg['from']} → {leg['to']} crosses {km:.0f} km of land ({where})"
            message += f" beyond its {APPROACH_KM:g} km port approaches"
        else:
            inside = f"inside {where}" if leg["outside"] else "over water"
            message = (
                f"{km:.0f} km {inside} (declared {declared}), leg {leg['from']} → {leg['to']}"
            )
        severity: Severity = "error"
        if known and km <= known[0]:
            severity = "warning"
            message += f"; known, at most {known[0]:g} km: {known[1]}"
        elif known:
            message += f"; more than the {known[0]:g} km known"
        found.append(Finding(severity, "routes.csv", leg["route"], "route-ground", message))
    return found


# --- 2. group markers among their members ---------------------------------------------


def group_markers(model: MapModel) -> list[Finding]:
    """A schematic group marker (a relation endpoint) inside a country: a non-member, or
    a member (the marker would read as that one country)."""
    anchors = model.data.anchors
    countries = model.data.countries[model.data.countries["iso3"] != ""]
    found = []
    for code, members in sorted(model.data.groups.items()):
        if code not in anchors.index:
            continue
        spot = anchors.geometry[code]
        for iso in sorted(set(countries.loc[countries.contains(spot), "iso3"])):
            what = "a member it would be read as" if iso in members else "not a member"
            message = (
                f"{code} marker at {spot.y:.1f}°N {spot.x:.1f}°E lies inside {iso}, "
                f"{what} of {code}"
            )
            found.append(Finding("error", "group_members.csv", code, "group-marker", message))
    return found


# --- 2b. relations drawn as their kind's convention says --------------------------------


def relation_encoding(model: MapModel) -> list[Finding]:
    """Every relation layer's features held to :data:`~geo.layers.encoding.CONVENTIONS`:
    arrows only on directed forms and every directed line with one, arrows that start at
    the actor, claims that start at the claimant, forms the kind allows, claims that
    reach a territory."""
    rel = model.data.relations.set_index("id")
    forms = rel["form"] if "form" in rel.columns else pd.Series("", index=rel.index)
    resolved = {
        i: encoding.form_of(k, f) for i, k, f in zip(rel.index, rel["kind"], forms, strict=True)
    }
    kinds = {name: kind for kind, (name, _) in RELATION_LAYERS.items()}
    found = [*_forms_allowed(rel, resolved), *_claims_reach(model, rel, resolved)]
    for layer in model.overlays:
        if layer.name not in kinds:
            continue
        for part in layer.features:
            frame = part.frame
            if frame.empty or "ends" not in frame.columns:  # group markers end nothing
                continue
            for ids, ends, geom in zip(frame["ids"], frame["ends"], frame.geometry, strict=True):
                lines = geom is not None and geom.geom_type.endswith("LineString")
                for rid in ids.split():
                    found += _arrow_findings(
                        rid, rel.at[rid, "kind"], resolved[rid], part.arrows and lines, lines
                    )
                if part.arrows and lines:
                    found += _direction(model, rel, ids.split()[0], ends, geom)
    return found


def _finding(rid: str, message: str) -> Finding:
    return Finding("error", "relations.csv", rid, "encoding", message)


def _arrow_findings(rid: str, kind: str, form: str, arrow: bool, line: bool) -> list[Finding]:
    """An arrow on an undirected row or a stance; a directed row drawn without one."""
    if arrow and form == "mutual":
        return [
            _finding(rid, f"directed arrow on undirected kind {encoding.undirected_label(kind)}")
        ]
    if arrow and form == "stance":
        return [
            _finding(rid, f"directed arrow on a stance ({kind}): a stance is a badge on its actor")
        ]
    if line and not arrow and form in encoding.DIRECTED:
        conv = encoding.CONVENTIONS[kind]
        return [_finding(rid, f"{form} drawn without an arrow ({kind}: {conv.arrow})")]
    return []


def _forms_allowed(rel: pd.DataFrame, resolved: dict[str, str]) -> list[Finding]:
    found = []
    for rid, kind in rel["kind"].items():
        allowed = encoding.CONVENTIONS[kind].forms
        if resolved[rid] not in allowed:
            message = f"form {resolved[rid]} is not a form of kind {kind} ({', '.join(allowed)})"
            found.append(_finding(str(rid), message))
    return found


def _direction(model: MapModel, rel: pd.DataFrame, rid: str, ends: str, geom) -> list[Finding]:
    """The arrow must start at its actor (the row's source): its first vertex nearer the
    source's anchor than its last vertex is."""
    source = ends.split(">")[0]
    anchors = model.data.anchors
    if source not in anchors.index:
        return []
    parts = list(getattr(geom, "geoms", [geom]))
    first, last = Point(parts[0].coords[0]), Point(parts[-1].coords[-1])
    at = anchors.geometry[source]
    if first.distance(at) <= last.distance(at):
        return []
    kind = rel.at[rid, "kind"]
    conv = encoding.CONVENTIONS[kind]
    message = (
        f"arrow ends at {source}, the {conv.actor}: {kind} arrows start at the {conv.actor} "
        f"({conv.arrow})"
    )
    return [_finding(rid, message)]


def _claims_reach(model: MapModel, rel: pd.DataFrame, resolved: dict[str, str]) -> list[Finding]:
    """A claim must reach a disputed territory, and start at its claimant: where a
    territory has one administrator and every claimant is the row's target (or a member
    of it), an arrow from the administrator would draw the administrator as the claimant."""
    disputes = [
        (r, _parties(r))
        for r in model.data.disputes[["id", "administered_by", "claimed_by"]].to_dict("records")
    ]
    found = []
    claims = rel[[resolved[i] == "claim" for i in rel.index]]
    for rid, source, target in zip(claims.index, claims["source"], claims["target"], strict=True):
        others = set(model.data.groups.get(target, [target]))
        territories = [
            r for r, parties in disputes if source in parties and (parties & others) - {source}
        ]
        if not territories:
            message = f"claim by {source} against {target} reaches no territory in disputes.csv"
            found.append(_finding(str(rid), message))
        for r in territories:
            held = r["administered_by"].split(";")
            claimants = set(r["claimed_by"].split(";"))
            if held == [source] and claimants and claimants <= others:
                message = (
                    f"claim arrow starts at {source}, which administers {r['id']}; "
                    f"{'/'.join(sorted(claimants))} claims it (claimant → territory)"
                )
                found.append(_finding(str(rid), message))
    return found


def _parties(dispute: dict) -> set[str]:
    return set(dispute["administered_by"].split(";")) | set(dispute["claimed_by"].split(";"))


# --- 3. legend rows drawn alike -------------------------------------------------------


def legend_rows(model: MapModel) -> list[Finding]:
    """Two legend rows with the same shape, colour, dash and width: within one layer's
    legend, or across the legends of any two overlays (a reader can switch both on)."""
    rows = [
        (layer.name, label, s.look())
        for layer in model.overlays
        if layer.legend
        for s, label in layer.legend.items
    ]
    found = []
    for (la, a, sa), (lb, b, sb) in itertools.combinations(rows, 2):
        if sa != sb:
            continue
        shape, color, dash, width, opacity, hollow, arrow, fill = sa
        look = f"{shape} {color}, {'dash ' + dash if dash else 'solid'}, width {width:g}"
        look += "".join(
            part
            for part, on in (
                (f", opacity {opacity:g}", opacity != 0.9),
                (f", open (core {hollow:g})", bool(hollow)),
                (", arrow", arrow),
                (f", fill {fill}", bool(fill)),
            )
            if on
        )
        where = f"'{a}' and '{b}'" if la == lb else f"'{a}' and {lb} '{b}'"
        message = f"{where} are drawn alike ({look})"
        found.append(Finding("error", "legend", la, "legend-rows", message))
    return found


# --- 4. sources -----------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)  # the same few source pages cited by many rows
def disallowed(url: str) -> str:
    """Why ``url`` may not be cited (empty if it may): its host, a raw IP, a port, a kiwix
    path."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    for rule in settings.DISALLOWED_HOSTS:
        bare = rule.removeprefix("*.")
        if host == bare or (rule.startswith("*.") and host.endswith("." + bare)):
            return f"disallowed host {host}"
    if _IPV4.match(host):
        return f"raw IP host {host}"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None:
        return f"explicit port {host}:{port}"
    if _KIWIX.search(parts.path):
        return f"kiwix mirror path on {host}"
    return ""


def _urls(text: str) -> list[str]:
    """The URLs in ``text``, without trailing punctuation or an unmatched ``)``."""
    urls = []
    for url in _URL.findall(text):
        url = url.rstrip(".,")
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        urls.append(url)
    return urls


_EVIDENCE = {
    "relations.csv": "relations",
    "places.csv": "places",
    "routes.csv": "routes",
    "disputes.csv": "disputes",
    "events.csv": "events",
    "trade_figures.csv": "figures",
}
_URL_COLUMNS = ("source_url", "other_source_url", "note")


def source_hosts(model: MapModel) -> list[Finding]:
    """Disallowed source URLs and, behind validation, quotes not verbatim in their
    document."""
    found = []
    for file, attr in _EVIDENCE.items():
        frame = pd.DataFrame(getattr(model.data, attr))
        columns = [c for c in ("id", "a", "b", "year", *_URL_COLUMNS, "quote", "source_doc")
                   if c in frame.columns]  # fmt: skip
        for row in frame[columns].to_dict("records"):
            rid = str(row.get("id", "")) if "id" in row else f"{row['a']}-{row['b']} {row['year']}"
            for column in _URL_COLUMNS:
                for url in _urls(str(row.get(column) or "")):
                    why = disallowed(url)
                    if why:
                        message = f"{column}: {why} ({url})"
                        found.append(Finding("error", file, rid, "source-host", message))
            quote, doc = str(row.get("quote") or ""), str(row.get("source_doc") or "")
            if quote and doc in model.data.texts and quote not in model.data.texts[doc]:
                message = f"quote not verbatim in {doc}: “{quote[:60]}”"
                found.append(Finding("error", file, rid, "quote", message))
    return found


# --- 5. the opening view ----------------------------------------------------------------


def view_bounds(
    center: tuple[float, float] | None = None,
    zoom: float | None = None,
    pixels: tuple[int, int] = VIEW_PIXELS,
) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees, in the Pacific frame, of what a window of
    ``pixels`` shows centred on ``center`` (lat, lon) at ``zoom`` (by default
    ``settings.CENTER``, ``settings.ZOOM_START``), computed in Web Mercator as Leaflet does
    (256-pixel tiles)."""
    lat, lon = center or settings.CENTER
    zoom = settings.ZOOM_START if zoom is None else zoom
    metres = 2 * math.pi * _EARTH_M / (256 * 2**zoom)
    x = _EARTH_M * math.radians(lon)
    y = _EARTH_M * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    half_w, half_h = pixels[0] / 2 * metres, pixels[1] / 2 * metres
    west, south = _lonlat(np.array(x - half_w), np.array(y - half_h))
    east, north = _lonlat(np.array(x + half_w), np.array(y + half_h))
    return float(west), float(south), float(east), float(north)


def fitted_view(
    view: dict[str, list[list[float]]],
    pixels: tuple[int, int],
    free: tuple[float, float, float, float],
) -> tuple[tuple[float, float], float]:
    """The centre (lat, lon) and zoom the page opens on in a map box of ``pixels``, given
    the part of it no panel covers (``free``: left, top, right, bottom, px) and the model's
    opening bounds (``view``, :func:`geo.model.opening_view`): ``fitView`` of
    ``geo/static/layout.js`` step by step (``wide`` at the nearest whole zoom that fits it,
    closer only while ``core`` fits, centred in the free box and moved as little as keeps
    ``core`` in it), then Leaflet's own zoom snap and limit to the map's bounds."""
    wide, core = _pixel_box(view["wide"], 0), _pixel_box(view["core"], 0)
    left, top, right, bottom = free
    inner = (pixels[0] - 2 * FIT_GAP - (pixels[0] - right) - left,
             pixels[1] - 2 * FIT_GAP - (pixels[1] - bottom) - top)  # fmt: skip
    scale = min(inner[0] / (wide[2] - wide[0]), inner[1] / (wide[3] - wide[1]))
    zoom = math.floor(round(math.log2(scale) / 0.005) * 0.005 / ZOOM_SNAP) * ZOOM_SNAP
    zoom = max(_js_round(min(max(zoom, settings.MIN_ZOOM), settings.MAX_ZOOM)), settings.MIN_ZOOM)
    while zoom > 0 and not _fits(core, zoom, free):
        zoom -= ZOOM_SNAP
    zoom = _js_round(zoom / ZOOM_SNAP) * ZOOM_SNAP
    zoom = min(max(zoom, settings.MIN_ZOOM), settings.MAX_ZOOM)
    k, m = 2**zoom, 2.5 * FIT_GAP
    w, c = [v * k for v in wide], [v * k for v in core]
    lo_x, lo_y, hi_x, hi_y = left + m, top + m, right - m, bottom - m
    x = min(max((w[0] + w[2] - lo_x - hi_x) / 2, c[2] - hi_x), c[0] - lo_x)
    y = min(max((w[1] + w[3] - lo_y - hi_y) / 2, c[3] - hi_y), c[1] - lo_y)
    cx, cy = _limited(x + pixels[0] / 2, y + pixels[1] / 2, zoom, pixels)
    lon = cx / (256 * k) * 360 - 180
    lat = math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * cy / (256 * k)))) - math.pi / 2)
    return (lat, lon), zoom


def opening_views(model: MapModel) -> dict[tuple[int, int], tuple[float, float, float, float]]:
    """(west, south, east, north) of what the page shows at open at each size of
    :data:`OPENING_WINDOWS`, fitted as the page fits it (:func:`fitted_view`)."""
    view = opening_bounds(model)
    out = {}
    for pixels, free in OPENING_WINDOWS.items():
        center, zoom = fitted_view(view, pixels, free)
        out[pixels] = view_bounds(center, zoom, pixels)
    return out


def opening_view(model: MapModel) -> list[Finding]:
    """Features of a layer with a legend lying wholly outside the view the page opens on at
    one of the sizes it is published at (warning: the reader must pan to find them), one
    finding per layer and set of sizes, naming the features by their card titles."""
    if model.options.fit:
        return []
    views = {f"{w}x{h}": box(*bounds) for (w, h), bounds in opening_views(model).items()}
    found = []
    for layer in model.overlays:
        if not layer.legend:
            continue
        outside: dict[tuple[str, ...], list[str]] = {}
        for features in layer.features:
            frame = features.frame
            for tip, geom in zip(frame["tooltip"], frame.geometry, strict=True):
                if geom is None or geom.is_empty:
                    continue
                sizes = tuple(size for size, view in views.items() if not geom.intersects(view))
                names = outside.setdefault(sizes, []) if sizes else []
                if sizes and _card_title(tip) not in names:
                    names.append(_card_title(tip))
        for sizes, names in outside.items():
            listed = ", ".join(f"'{n}'" for n in names)
            verb = "lies" if len(names) == 1 else "lie"
            message = f"{listed} {verb} wholly outside the opening view at {', '.join(sizes)}"
            found.append(Finding("warning", "view", layer.name, "opening-view", message))
    return found


def _card_title(tooltip: object) -> str:
    """A feature's name: its card's title, else the tooltip's first words, as plain text."""
    text = str(tooltip)
    title = re.search(r'class="geo-card-title">(.*?)</div>', text)
    plain = html.unescape(re.sub(r"<[^>]+>", " ", title.group(1) if title else text))
    return " ".join(plain.split())[:60]


def _pixel_box(bounds: list[list[float]], zoom: float) -> tuple[float, float, float, float]:
    """Leaflet bounds ``[[south, west], [north, east]]`` in world pixels at ``zoom``: left,
    top, right, bottom (Leaflet's projection: latitudes clamped to Web Mercator's)."""
    (south, west), (north, east) = bounds
    x0, y0 = _world_px(north, west, zoom)
    x1, y1 = _world_px(south, east, zoom)
    return x0, y0, x1, y1


def _world_px(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    lat = max(min(lat, _MAX_LAT), -_MAX_LAT)
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    size = 256 * 2**zoom
    return size * (0.5 + lon / 360), size * (0.5 - y / (2 * math.pi))


def _fits(core: tuple[float, ...], zoom: float, free: tuple[float, ...]) -> bool:
    k = 2**zoom
    return ((core[2] - core[0]) * k <= free[2] - free[0] - 2 * FIT_GAP
            and (core[3] - core[1]) * k <= free[3] - free[1] - 2 * FIT_GAP)  # fmt: skip


def _limited(x: float, y: float, zoom: float, pixels: tuple[int, int]) -> tuple[float, float]:
    """The view's centre (world px) moved back inside the map's bounds, as Leaflet's
    ``_limitCenter`` does (the bounds centred when the view is larger than they are)."""
    west = settings.WEST_EDGE
    bx0, by0 = _world_px(settings.MAX_LAT, west, zoom)
    bx1, by1 = _world_px(settings.MIN_LAT, west + 360, zoom)

    def rebound(low: float, high: float) -> float:
        if low + high > 0:
            return _js_round(low - high) / 2
        return max(0, math.ceil(low)) - max(0, math.floor(high))

    half_w, half_h = pixels[0] / 2, pixels[1] / 2
    dx = rebound(bx0 - (x - half_w), -(bx1 - (x + half_w)))
    dy = rebound(by0 - (y - half_h), -(by1 - (y + half_h)))
    if abs(dx) <= 1 and abs(dy) <= 1:
        return x, y
    return x + dx, y + dy


def _js_round(value: float) -> int:
    """``Math.round``: halves round up (Python's ``round`` rounds them to even)."""
    return math.floor(value + 0.5)
