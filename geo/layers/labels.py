"""Country names: each placed inside its country, from the first zoom at which it fits there
without touching another name.

A name's box (its width from the number of characters, at the map's label font) is centred
on the country's pole of inaccessibility (the inside point farthest from its outline, on its
largest part). Countries are placed largest first; at each zoom from the opening one, a name
is shown once its box lies wholly inside the country and clear of every name already shown
at that zoom. Web Mercator keeps a box on screen a box in longitude and latitude, and names
keep their pixel size as the map zooms in, so a name placed at one zoom stays clear at the
next. Names that never fit (small islands) are left to their country's tooltip.
"""

from __future__ import annotations

import math

import geopandas as gpd
import shapely
from shapely.geometry import Point, box
from shapely.ops import polylabel

from geo import settings
from geo.layers.base import Layer, features

NAME = "Country names"
#: Zooms at which names may appear: the opening one and this many closer.
EXTRA_ZOOMS = 3
#: Approximate box of the label font (11 px, semi-bold): width per character, height; px.
CHAR_PX, LINE_PX = 6.4, 13.0
#: Clear space kept around each name, px.
PAD_PX = 3.0


def country_labels_layer(countries: gpd.GeoDataFrame) -> Layer:
    """The names of ``countries`` (``iso3``, ``name``, geometry in the map's frame), each
    from the first zoom where it fits (see the module docstring)."""
    first = settings.ZOOM_START
    zooms = range(first, first + EXTRA_ZOOMS + 1)
    placed: list[tuple[int, str, Point]] = []
    # the boxes of the names shown at each zoom, as (west, south, east, north)
    taken: dict[int, list[tuple[float, float, float, float]]] = {z: [] for z in zooms}
    order = countries.assign(_area=shapely.area(countries.geometry.values)).sort_values(
        ["_area", "iso3"], ascending=[False, True]
    )
    for row in order.itertuples():
        if not row.name or row.geometry is None or row.geometry.is_empty:
            continue
        part = max(getattr(row.geometry, "geoms", [row.geometry]), key=lambda p: p.area)
        spot = polylabel(part, tolerance=0.05)
        for zoom in zooms:
            bounds = _bounds(spot, row.name, zoom)
            if any(_overlap(bounds, other) for other in taken[zoom]):
                continue
            if row.geometry.contains(box(*bounds)):
                placed.append((zoom, row.name, spot))
                for later in zooms:
                    if later >= zoom:
                        taken[later].append(_bounds(spot, row.name, later))
                break
    parts = [
        features(
            [
                {"tooltip": "", "popup": "", "style": {}, "label": n, "geometry": p}
                for z, n, p in sorted(placed, key=lambda t: t[1])
                if z == zoom
            ],
            crs=countries.crs,
            interactive=False,
            label_zoom=zoom,
            label_only=True,
        )
        for zoom in zooms
    ]
    return Layer(name=NAME, features=parts, show=True, theme="Reference")


def _box(spot: Point, text: str, zoom: int) -> shapely.Polygon:
    """The name's box (with its padding) in longitude and latitude at ``zoom``."""
    return box(*_bounds(spot, text, zoom))


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _bounds(spot: Point, text: str, zoom: int) -> tuple[float, float, float, float]:
    """West, south, east, north of the name's box (with its padding) at ``zoom``."""
    scale = 256 * 2**zoom
    half_w = (len(text) * CHAR_PX / 2 + PAD_PX) / scale * 360.0
    half_h = (LINE_PX / 2 + PAD_PX) / scale * 2 * math.pi  # in Mercator y (radians)
    y = math.log(math.tan(math.pi / 4 + math.radians(spot.y) / 2))
    south = math.degrees(2 * math.atan(math.exp(y - half_h)) - math.pi / 2)
    north = math.degrees(2 * math.atan(math.exp(y + half_h)) - math.pi / 2)
    return (spot.x - half_w, south, spot.x + half_w, north)
