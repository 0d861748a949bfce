"""Pure geometry helpers: the Pacific-centred longitude frame and great-circle arcs.

Leaflet draws longitudes outside [-180, 180] where they are, so moving everything into one
360-degree window that starts in the Atlantic (``settings.WEST_EDGE``) puts the Pacific in
the middle and keeps Russia, Fiji and every trans-Pacific arc in one piece.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geo import settings

_GEOD = Geod(ellps="WGS84")


def _west(west: float | None) -> float:
    """The frame's western edge: ``west``, or ``settings.WEST_EDGE`` read at call time."""
    return settings.WEST_EDGE if west is None else west


_WORLD = shapely.box(-180.0, -90.0, 180.0, 90.0)


def wrap_longitude(lon: float, *, west: float | None = None) -> float:
    """Return ``lon`` moved by a whole multiple of 360 into ``[west, west + 360)``; a
    longitude already inside comes back unchanged, bit for bit."""
    west = _west(west)
    return lon - 360.0 * math.floor((lon - west) / 360.0)


def unwrap_longitudes(lons: Sequence[float] | np.ndarray) -> np.ndarray:
    """Make a sequence of longitudes continuous: no step between neighbours over 180 deg."""
    values = np.asarray(lons, dtype=float)
    if values.size == 0:
        return values
    return np.rad2deg(np.unwrap(np.deg2rad(values)))


def shift_geometry(geom: BaseGeometry, *, west: float | None = None) -> BaseGeometry:
    """Move a (multi)polygon or point into the Pacific-centred frame.

    Each polygon part moves by a multiple of 360 deg so that its centroid lies in
    ``[west, west + 360)``; parts that then touch (Russia's pieces either side of 180 deg,
    once :func:`split_at_antimeridian` has cut them) are merged.
    """
    if geom is None or geom.is_empty:
        return geom
    west = _west(west)
    if isinstance(geom, Point):
        return Point(wrap_longitude(geom.x, west=west), geom.y)
    if isinstance(geom, Polygon | MultiPolygon):
        parts = list(getattr(geom, "geoms", [geom]))
        offsets = [-360.0 * math.floor((p.centroid.x - west) / 360.0) for p in parts]
        if not any(offsets):
            return geom
        moved = [
            shapely.transform(p, lambda xy, o=o: xy + np.array([o, 0.0]))
            for p, o in zip(parts, offsets, strict=True)
        ]
        merged = shapely.union_all(moved)
        return merged if merged.is_valid else shapely.make_valid(merged)
    return shapely.transform(geom, lambda xy: _wrap_xy(xy, west))


def split_at_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Cut polygons whose rings jump across the 180th meridian into pieces on either side.

    Some sources store a polygon that crosses 180 deg as one ring whose longitudes jump from
    +180 to -180. Each such ring is made continuous, then clipped back into [-180, 180]:
    the result is valid GeoJSON (RFC 7946) that :func:`shift_geometry` can re-join.
    """
    if not isinstance(geom, Polygon | MultiPolygon):
        return geom
    pieces: list[Polygon] = []
    for part in getattr(geom, "geoms", [geom]):
        if not _crosses_antimeridian(part):
            pieces.append(part)
            continue
        whole = shapely.make_valid(_unwrap_polygon(part))
        for offset in (-360.0, 0.0, 360.0):
            moved = shapely.transform(whole, lambda xy, o=offset: xy + np.array([o, 0.0]))
            clipped = moved.intersection(_WORLD)
            pieces.extend(
                p
                for p in getattr(clipped, "geoms", [clipped])
                if isinstance(p, Polygon) and not p.is_empty
            )
    return MultiPolygon(pieces) if len(pieces) > 1 else pieces[0]


def great_circle(
    start: tuple[float, float],
    end: tuple[float, float],
    *,
    points: int | None = None,
    west: float | None = None,
) -> LineString:
    """The shortest path on the WGS 84 ellipsoid from ``start`` to ``end`` (lon, lat).

    The result starts exactly at ``start`` (moved into the frame), ends at ``end`` (or the
    same place 360 deg away), and never steps more than 180 deg between vertices. It has
    ``points`` vertices; by default one per ``settings.ARC_KM_PER_POINT`` km, from 8 up to
    ``settings.ARC_POINTS``.
    """
    (lon1, lat1), (lon2, lat2) = start, end
    west = _west(west)
    if points is None:
        km = _GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0
        points = int(min(settings.ARC_POINTS, max(8, km // settings.ARC_KM_PER_POINT)))
    inner = _GEOD.npts(lon1, lat1, lon2, lat2, max(points - 2, 0))
    lons = [lon1, *(p[0] for p in inner), lon2]
    lats = [lat1, *(p[1] for p in inner), lat2]
    return _continuous_line(lons, lats, west)


def path_through(
    points: Sequence[tuple[float, float]], *, west: float | None = None
) -> LineString:
    """A line through ordered (lon, lat) waypoints, continuous in the Pacific frame."""
    lons, lats = zip(*points, strict=True)
    return _continuous_line(list(lons), list(lats), _west(west))


def split_at_frame(line: LineString, *, west: float | None = None) -> LineString | MultiLineString:
    """Cut a continuous line where it leaves the ``[west, west + 360)`` frame and move each
    piece inside, in travel order: a flow from Brazil to China over the Atlantic leaves the
    map at its eastern edge and re-enters at its western edge, as on any cut world map."""
    x0, _, x1, _ = line.bounds
    west = _west(west)
    first, last = int(np.floor((x0 - west) / 360.0)), int(np.floor((x1 - west) / 360.0))
    if first == last:
        return shapely.transform(line, lambda xy: xy - np.array([360.0 * first, 0.0]))
    pieces = []
    for k in range(first, last + 1):
        strip = shapely.box(west + 360.0 * k, -90.0, west + 360.0 * (k + 1), 90.0)
        part = line.intersection(strip)
        for piece in getattr(part, "geoms", [part]):
            if isinstance(piece, LineString) and not piece.is_empty and piece.length > 0:
                order = line.project(Point(piece.coords[0]))
                moved = shapely.transform(piece, lambda xy, k=k: xy - np.array([360.0 * k, 0]))
                pieces.append((order, moved))
    return MultiLineString([p for _, p in sorted(pieces, key=lambda item: item[0])])


def to_rfc7946(geom: shapely.Geometry) -> shapely.Geometry:
    """Move a geometry of the Pacific frame into longitudes -180..180 (RFC 7946, 3.1.9).

    A point moves by 360 deg; a line or polygon is cut where it crosses the 180th meridian
    (or any other multiple of 180 outside the range) and each piece moves into the range,
    so a line from Russia to the USA comes back as two lines meeting at 180 and -180. A
    geometry already inside comes back unchanged, the same object.
    """
    if geom is None or geom.is_empty:
        return geom
    west, _, east, _ = geom.bounds
    if west >= -180.0 and east <= 180.0:
        return geom
    if isinstance(geom, Point):
        return Point(wrap_longitude(geom.x, west=-180.0), geom.y)
    dim = shapely.get_dimensions(geom)
    pieces: list[BaseGeometry] = []
    for shift in (-360.0, 0.0, 360.0):
        window = shapely.box(-180.0 - shift, -90.0, 180.0 - shift, 90.0)
        clipped = shapely.intersection(geom, window)
        moved = shapely.transform(clipped, lambda xy, d=shift: xy + np.array([d, 0.0]))
        pieces += [
            p
            for p in shapely.get_parts(moved)
            if shapely.get_dimensions(p) == dim and not p.is_empty
        ]
    if dim == 0:
        return shapely.MultiPoint(pieces) if len(pieces) > 1 else pieces[0]
    if dim == 1:
        return MultiLineString(pieces) if len(pieces) > 1 else pieces[0]
    return MultiPolygon(pieces) if len(pieces) > 1 else pieces[0]


def bow(line: LineString, offset: float) -> LineString:
    """Bend ``line`` sideways: interior vertices move ``offset`` times the line's length to
    the right of the direction of travel, most at the middle, none at the ends.

    Two lines between the same places in opposite directions, both bowed by the same
    positive ``offset``, no longer overlap.
    """
    xy = np.asarray(line.coords, dtype=float)
    if offset == 0 or len(xy) < 3:
        return line
    step = np.gradient(xy, axis=0)
    normal = np.column_stack([step[:, 1], -step[:, 0]])  # right-hand normal
    normal /= np.maximum(np.hypot(normal[:, 0], normal[:, 1]), 1e-12)[:, None]
    t = np.linspace(0.0, 1.0, len(xy))
    length = float(np.hypot(*(xy[-1] - xy[0])))
    moved = xy + normal * (offset * length * np.sin(np.pi * t))[:, None]
    return LineString(moved)


def trim_end(line: LineString, fraction: float) -> LineString:
    """``line`` without its last ``fraction`` of vertices (at least one kept pair), so an
    arrowhead at the end stops short of the point marker there."""
    coords = list(line.coords)
    keep = max(2, len(coords) - round(len(coords) * fraction))
    return LineString(coords[:keep])


def round_coordinates(geom: BaseGeometry, decimals: int = 4) -> BaseGeometry:
    """``geom`` with coordinates rounded (4 decimals is about 10 m)."""
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def _continuous_line(lons: list[float], lats: list[float], west: float) -> LineString:
    unwrapped = unwrap_longitudes(lons)
    offset = wrap_longitude(unwrapped[0], west=west) - unwrapped[0]
    return LineString(np.column_stack([unwrapped + offset, lats]))


def _crosses_antimeridian(part: Polygon) -> bool:
    return any(
        np.abs(np.diff(np.asarray(ring.coords)[:, 0])).max(initial=0) > 180.0
        for ring in (part.exterior, *part.interiors)
    )


def _unwrap_polygon(part: Polygon) -> Polygon:
    def ring(coords: np.ndarray) -> np.ndarray:
        return np.column_stack([unwrap_longitudes(coords[:, 0]), coords[:, 1]])

    shell = ring(np.asarray(part.exterior.coords))
    holes = []
    for interior in part.interiors:
        hole = ring(np.asarray(interior.coords))
        hole[:, 0] += 360.0 * np.round((shell[:, 0].mean() - hole[:, 0].mean()) / 360.0)
        holes.append(hole)
    return Polygon(shell, holes)


def _wrap_xy(xy: np.ndarray, west: float) -> np.ndarray:
    out = xy.copy()
    out[:, 0] = (out[:, 0] - west) % 360.0 + west
    return out
