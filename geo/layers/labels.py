"""Names on the map: countries, seas and disputed features, each placed clear of the others.

A name's box (its width from its characters, wide East Asian ones counted as a full em, at
the map's label font; one line per line of text) is centred on its spot: a country's pole of
inaccessibility (the inside point farthest from its outline, on its largest part), a sea's
label anchor, a disputed feature's reference point. Countries are placed first, largest
first, then seas, then disputed features; at each zoom from the furthest the map opens at
(``settings.MIN_ZOOM``, a small map's), a name is shown
once its box is clear of every name already shown at that zoom (and, for a country, lies
wholly inside it). Web Mercator keeps a box on screen a box in longitude and latitude, and
names keep their pixel size as the map zooms in, so a name placed at one zoom stays clear at
the next. Names that never fit (small islands) are left to their feature's tooltip.

``mode`` chooses the script: ``en`` (the English or Latin-script names; a disputed feature
by each party's form, "Dokdo / Takeshima"), ``local`` (the names in the partners' own
scripts where the tables have them, else the English one) or ``both`` (English, then the
local name on a second line). Country names in other scripts come from Unicode CLDR (the
``babel`` package), in the country's official language when that is Russian, Japanese,
Korean, Chinese or Vietnamese; sea, feature and city names from ``data/labels.csv``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import shapely
from shapely.geometry import Point, box
from shapely.ops import polylabel

from geo import settings
from geo.geometry import wrap_longitude
from geo.layers.base import Layer, features

if TYPE_CHECKING:
    from geo.join import MapData

NAME = "Country names"
SEA_NAME = "Sea names"
#: What ``--labels`` may be.
MODES = ("en", "local", "both")
#: The partners' languages whose names ``local`` and ``both`` add (CLDR language codes).
LOCAL_LANGS = ("ru", "ja", "ko", "zh", "vi")
#: Zooms at which names may appear: from the furthest out the map opens at
#: (``settings.MIN_ZOOM``: a phone or a news column's iframe fits the view at zoom 2) to
#: this many closer than the usual opening zoom (``settings.ZOOM_START``).
EXTRA_ZOOMS = 3
#: Those zooms.
ZOOMS = range(settings.MIN_ZOOM, settings.ZOOM_START + EXTRA_ZOOMS + 1)
#: Approximate box of the label font (11 px, semi-bold): width per Latin character, per
#: wide East Asian character, and line height; px.
CHAR_PX, WIDE_PX, LINE_PX = 6.4, 11.5, 13.0
#: Clear space kept around each name, px.
PAD_PX = 3.0
#: How close to the true pole of inaccessibility a country's name is centred, degrees.
POLE_TOLERANCE = 0.05
#: A place's name starts this far east of its dot (the page's and the figure's offset), px.
BESIDE_PX = 9.0

Bounds = tuple[float, float, float, float]


class _Placer:
    """The boxes of the names shown so far, per zoom, and the rule that places a new one."""

    def __init__(self) -> None:
        self.zooms = ZOOMS
        self.taken: dict[int, list[Bounds]] = {z: [] for z in self.zooms}

    def place(
        self,
        spot: Point,
        text: str,
        inside: shapely.Geometry | None = None,
        *,
        beside: bool = False,
        start: int = settings.MIN_ZOOM,
    ) -> int | None:
        """The first zoom from ``start`` at which ``text`` at ``spot`` is clear of the names
        already placed (and within ``inside``, if given); its box is then taken at that zoom
        and closer."""
        zoom = self.fits(spot, text, inside, beside=beside, start=start)
        if zoom is not None:
            self.take(spot, text, zoom, beside=beside)
        return zoom

    def take(self, spot: Point, text: str, zoom: int, *, beside: bool = False) -> None:
        """Take the box of ``text`` at ``spot`` at ``zoom`` and closer."""
        for later in self.zooms:
            if later >= zoom:
                self.taken[later].append(text_bounds(spot, text, later, beside=beside))

    def fits(
        self,
        spot: Point,
        text: str,
        inside: shapely.Geometry | None = None,
        *,
        beside: bool = False,
        start: int = settings.MIN_ZOOM,
    ) -> int | None:
        """The zoom :meth:`place` would place ``text`` at, taking nothing."""
        for zoom in (z for z in self.zooms if z >= start):
            bounds = text_bounds(spot, text, zoom, beside=beside)
            if any(_overlap(bounds, other) for other in self.taken[zoom]):
                continue
            if inside is not None and not inside.contains(box(*bounds)):
                continue
            return zoom
        return None


def country_labels_layer(
    countries: gpd.GeoDataFrame,
    *,
    mode: str = "en",
    offshore: Sequence[tuple[int, str, Point]] = (),
) -> Layer:
    """The names of ``countries`` (``iso3``, ``name``, geometry in the map's frame), each
    from the first zoom where it fits (see the module docstring), and the ``offshore`` names
    (zoom, text, spot: see :func:`_offshore_names`) of countries whose name fits inside only
    closer in (from there, a close view and a figure of a small extent name them inside)."""
    placer = _Placer()
    placed = [*_place_countries(countries, placer, mode), *offshore]
    return Layer(
        name=NAME,
        features=_parts(placed, placer.zooms, countries.crs),
        show=True,
        theme="Reference",
    )


def sea_labels_layer(
    countries: gpd.GeoDataFrame, labels: pd.DataFrame, *, mode: str = "en"
) -> Layer:
    """Seas named from ``labels`` (labels.csv), placed clear of the country names (placed
    first, as :func:`country_labels_layer` does) and of each other."""
    placer = _Placer()
    placed = _place_seas(countries, labels, mode, placer)
    return Layer(
        name=SEA_NAME,
        features=_parts(placed, placer.zooms, countries.crs),
        show=True,
        theme="Reference",
    )


def relabel(layers: Sequence[Layer], data: MapData, mode: str) -> list[Layer]:
    """``layers`` with their names in ``mode`` (``data`` is the :class:`~geo.join.MapData`
    they were built from): the name layers rebuilt in ``mode``; the story's cities (the
    capitals and the cities of labels.csv) named beside their dots, then the disputed
    features of labels.csv in each party's form beside their markers, each from the first
    zoom where its name fits clear of every other name."""
    if mode not in MODES:
        raise ValueError(f"labels mode {mode!r} is not one of {', '.join(MODES)}")
    countries, table = data.countries, data.labels
    placer = _Placer()
    _place_seas(countries, table, mode, placer)
    cities = _beside(placer, _city_names(data.places, table, mode))
    disputed = _beside(placer, _feature_names(table, data.disputes, mode))
    offshore = _offshore_names(data, placer, mode)
    ref_ids = {
        p.wkb: i for i, p in zip(data.disputes["id"], data.disputes["ref_point"], strict=True)
    }
    place_ids = dict(zip(data.places["name"], data.places["id"], strict=True))
    rebuilt = {
        NAME: lambda: country_labels_layer(countries, mode=mode, offshore=offshore),
        SEA_NAME: lambda: sea_labels_layer(countries, table, mode=mode),
    }
    out = []
    for layer in layers:
        if layer.name in rebuilt and (mode != "en" or (layer.name == NAME and offshore)):
            out.append(dataclasses.replace(rebuilt[layer.name](), show=layer.show))
        elif layer.slug == "disputed-territories":
            out.append(
                _named(layer, lambda f: f.geometry.map(lambda g: ref_ids.get(g.wkb)), disputed)
            )
        elif layer.slug == "places":
            out.append(_named(layer, lambda f: f["label"].map(place_ids), cities))
        else:
            out.append(layer)
    return out


def story_cities(places: pd.DataFrame, labels: pd.DataFrame) -> list[str]:
    """Ids of the places named from the opening zoom: the capitals, then the cities that
    labels.csv names, in file order."""
    capitals = places.loc[places["role"] == "capital", "id"].tolist()
    listed = labels.loc[labels["kind"] == "city", "ref"].tolist() if not labels.empty else []
    return list(dict.fromkeys([*capitals, *listed]))


@functools.cache
def local_country_name(iso3: str) -> str:
    """The country's name in its (first) official language, from Unicode CLDR, when that
    language is one of :data:`LOCAL_LANGS` ("Россия", "日本", "대한민국", "台灣"); else ``""``
    (Kyrgyzstan's first official language in CLDR is Kyrgyz, so it keeps its English name)."""
    from babel import Locale, UnknownLocaleError
    from babel.languages import get_official_languages

    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return ""
    langs = get_official_languages(country.alpha_2)
    if not langs or langs[0].split("_")[0] not in LOCAL_LANGS:
        return ""
    try:
        return str(Locale.parse(langs[0]).territories.get(country.alpha_2, ""))
    except (UnknownLocaleError, ValueError):
        return ""


def label_text(english: Iterable[str], local: Iterable[str], mode: str, sep: str = " / ") -> str:
    """A name as ``mode`` shows it: the English (Latin-script) forms joined by ``sep``, the
    local ones, or both on two lines (the local line only where it says something else)."""
    en, loc = sep.join(english), sep.join(local)
    if mode == "local":
        return loc or en
    if mode == "both" and loc and loc != en:
        return f"{en}\n{loc}"
    return en


def text_bounds(spot: Point, text: str, zoom: int, *, beside: bool = False) -> Bounds:
    """West, south, east, north of the box of ``text`` centred on ``spot`` at ``zoom`` (with
    its padding), in degrees; ``beside``: starting :data:`BESIDE_PX` east of ``spot``, as a
    place's name beside its dot."""
    width, half_w, half_h = _text_size(text, zoom)
    if beside:
        spot = Point(spot.x + (BESIDE_PX + width / 2) / (256 * 2**zoom) * 360.0, spot.y)
    y = math.log(math.tan(math.pi / 4 + math.radians(spot.y) / 2))
    south = math.degrees(2 * math.atan(math.exp(y - half_h)) - math.pi / 2)
    north = math.degrees(2 * math.atan(math.exp(y + half_h)) - math.pi / 2)
    return (spot.x - half_w, south, spot.x + half_w, north)


def _text_bounds_array(
    x: np.ndarray, y: np.ndarray, text: str, zoom: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`text_bounds` of ``text`` centred on each of the points ``x``, ``y``."""
    _, half_w, half_h = _text_size(text, zoom)
    merc = np.log(np.tan(math.pi / 4 + np.radians(y) / 2))
    south = np.degrees(2 * np.arctan(np.exp(merc - half_h)) - math.pi / 2)
    north = np.degrees(2 * np.arctan(np.exp(merc + half_h)) - math.pi / 2)
    return x - half_w, south, x + half_w, north


def _text_size(text: str, zoom: int) -> tuple[float, float, float]:
    """The width of ``text`` (px), and the half width (degrees of longitude) and half height
    (Mercator y, radians) of its box with its padding at ``zoom``."""
    lines = text.split("\n")
    width = max(sum(WIDE_PX if _wide(c) else CHAR_PX for c in line) for line in lines)
    scale = 256 * 2**zoom
    half_w = (width / 2 + PAD_PX) / scale * 360.0
    half_h = (LINE_PX * len(lines) / 2 + PAD_PX) / scale * 2 * math.pi
    return width, half_w, half_h


def _box(spot: Point, text: str, zoom: int) -> shapely.Polygon:
    """The name's box (with its padding) in longitude and latitude at ``zoom``."""
    return box(*text_bounds(spot, text, zoom))


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


#: Country names placed ahead of time by ``make data`` (``data/derive_names.py``): per mode,
#: the :func:`placement_key` of the countries and rules they were placed with, and the names
#: (zoom, text, longitude, latitude) in the order placed. A build whose countries, names or
#: rules differ (another ``--data``, a changed font box) gets a different key and places its
#: names itself; ``tests/test_labels.py`` checks the file against a fresh placement.
PREPARED = settings.DATA_DIR / "derived" / "country_names.json"


def country_placement(countries: gpd.GeoDataFrame, mode: str) -> list[tuple[int, str, Point]]:
    """The country names of ``countries`` in ``mode`` placed on an empty map, largest country
    first: (zoom, text, spot) of each name placed; read from :data:`PREPARED` when its key
    matches, else placed here."""
    prepared = _prepared().get(mode)
    if prepared is not None and prepared["key"] == placement_key(countries, mode):
        return [(zoom, text, Point(x, y)) for zoom, text, x, y in prepared["names"]]
    return _placed_countries(countries, _Placer(), mode)


def placement_key(countries: gpd.GeoDataFrame, mode: str) -> str:
    """SHA-256 of what the country names' placement depends on: the zooms, the font box,
    and each country's code, name in ``mode`` and outline (WKB)."""
    digest = hashlib.sha256()
    rules = [mode, list(ZOOMS), CHAR_PX, WIDE_PX, LINE_PX, PAD_PX, POLE_TOLERANCE]
    digest.update(json.dumps(rules).encode())
    for iso3, text, wkb in zip(
        countries["iso3"],
        _country_texts(countries, mode),
        shapely.to_wkb(countries.geometry.values),
        strict=True,
    ):
        digest.update(json.dumps([iso3, text]).encode())
        digest.update(wkb or b"")
    return digest.hexdigest()


def prepared_placements(countries: gpd.GeoDataFrame) -> dict:
    """The content of :data:`PREPARED` for ``countries``: per mode, its key and names."""
    return {
        mode: {
            "key": placement_key(countries, mode),
            "names": [
                [zoom, text, spot.x, spot.y]
                for zoom, text, spot in _placed_countries(countries, _Placer(), mode)
            ],
        }
        for mode in MODES
    }


@functools.cache  # read once: it never changes while geo runs
def _prepared() -> dict:
    try:
        return json.loads(PREPARED.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _country_texts(countries: gpd.GeoDataFrame, mode: str) -> list[str]:
    return [
        label_text([name], [local_country_name(iso3)] if iso3 and mode != "en" else [], mode)
        for iso3, name in zip(countries["iso3"], countries["name"], strict=True)
    ]


def _place_countries(
    countries: gpd.GeoDataFrame, placer: _Placer, mode: str
) -> list[tuple[int, str, Point]]:
    """Country names on ``placer``, largest country first; the names placed."""
    if any(placer.taken.values()):
        return _placed_countries(countries, placer, mode)
    placed = country_placement(countries, mode)
    for zoom, text, spot in placed:
        placer.take(spot, text, zoom)
    return placed


def _placed_countries(
    countries: gpd.GeoDataFrame, placer: _Placer, mode: str
) -> list[tuple[int, str, Point]]:
    placed = []
    order = countries.assign(_area=shapely.area(countries.geometry.values)).sort_values(
        ["_area", "iso3"], ascending=[False, True]
    )
    for row in order.itertuples():
        if not row.name or row.geometry is None or row.geometry.is_empty:
            continue
        text = label_text([row.name], [local_country_name(row.iso3)] if row.iso3 else [], mode)
        part = max(getattr(row.geometry, "geoms", [row.geometry]), key=lambda p: p.area)
        spot = polylabel(part, tolerance=POLE_TOLERANCE)
        zoom = placer.place(spot, text, inside=row.geometry)
        if zoom is not None:
            placed.append((zoom, text, spot))
    return placed


#: Directions tried for a name beside its country, east first (the open Pacific for Japan),
#: as (x, y) steps; an offshore name's box is at most this many px from the coast.
OFFSHORE_DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))
OFFSHORE_MAX_PX = 12.0
#: Web Mercator's edge, degrees of latitude: no name is placed beyond it.
MERCATOR_MAX_LAT = 85.0511


def _offshore_names(data: MapData, placer: _Placer, mode: str) -> list[tuple[int, str, Point]]:
    """Partners too narrow for their names inside them at the usual opening zoom (Japan),
    named beside their coast instead: placed last on ``placer`` (after the country, sea,
    city and disputed names), each box clear of land and of the disputed territories (a name
    in their waters would seem to claim them); (zoom, text, spot) of those placed."""
    countries = data.countries
    inside = {text: zoom for zoom, text, _ in country_placement(countries, mode)}
    partners = countries[countries["iso3"].isin(data.partners["iso3"])]
    land = shapely.STRtree(
        [*shapely.get_parts(countries.geometry.values), *data.disputes.geometry]
    )
    placed = []
    for row in partners.sort_values("iso3").itertuples():
        text = label_text([row.name], [local_country_name(row.iso3)], mode)
        if (inside.get(text) or 99) <= settings.ZOOM_START:
            continue
        part = max(getattr(row.geometry, "geoms", [row.geometry]), key=lambda p: p.area)
        found = _offshore(part, text, land, placer)
        if found is not None and placer.place(found[0], text, start=found[1]) is not None:
            placed.append((found[1], text, found[0]))
    return placed


def _offshore(
    part: shapely.Geometry, text: str, land: shapely.STRtree, placer: _Placer
) -> tuple[Point, int] | None:
    """A spot for ``text`` in open water beside ``part`` (a country's largest part) and the
    first zoom, up to the usual opening zoom, where its box touches no ``land`` and no name
    already placed and lies within :data:`OFFSHORE_MAX_PX` of ``part`` (the nearest such
    spot over :data:`OFFSHORE_DIRECTIONS`); ``None`` if there is none. A box clear of land
    at one zoom stays clear closer in, where it is smaller around the same spot."""
    centre = part.centroid
    for zoom in (z for z in placer.zooms if z <= settings.ZOOM_START):
        px = 360.0 / (256 * 2**zoom)  # degrees of longitude per pixel
        found = []
        for dx, dy in OFFSHORE_DIRECTIONS:
            step = _first_clear_step(centre, part, text, zoom, (dx, dy), land)
            if step is None:
                continue
            spot = Point(centre.x + dx * step * 2 * px, centre.y + dy * step * 2 * px)
            gap = box(*text_bounds(spot, text, zoom)).distance(part) / px
            if gap <= OFFSHORE_MAX_PX and placer.fits(spot, text, start=zoom) == zoom:
                found.append((gap, spot))
        if found:
            return min(found, key=lambda f: f[0])[1], zoom
    return None


def _first_clear_step(
    centre: Point,
    part: shapely.Geometry,
    text: str,
    zoom: int,
    direction: tuple[int, int],
    land: shapely.STRtree,
) -> int | None:
    """The first step (of 2 px at ``zoom``) from ``centre`` along ``direction`` at which the
    box of ``text`` touches no ``land``, among the steps whose box can still lie within
    :data:`OFFSHORE_MAX_PX` of ``part`` (beyond them no spot would do); ``None`` if none.
    All the steps' boxes are queried at once."""
    px = 360.0 / (256 * 2**zoom)
    probe = text_bounds(centre, text, zoom)
    reach = (max(probe[2] - probe[0], probe[3] - probe[1]) / 2) / px + OFFSHORE_MAX_PX
    west, south, east, north = part.bounds
    span = max(east - centre.x, centre.x - west, north - centre.y, centre.y - south) / px
    steps = np.arange(1, min(int((span + reach) / 2) + 2, 200))
    x = centre.x + direction[0] * steps * 2 * px
    y = centre.y + direction[1] * steps * 2 * px
    on_map = np.abs(y) < MERCATOR_MAX_LAT  # y runs one way: the steps up to the map's edge
    steps, x, y = steps[on_map], x[on_map], y[on_map]
    boxes = shapely.box(*_text_bounds_array(x, y, text, zoom))
    hit = np.zeros(len(steps), dtype=bool)
    hit[land.query(boxes, predicate="intersects")[0]] = True
    clear = np.flatnonzero(~hit)
    return int(steps[clear[0]]) if len(clear) else None


def _place_seas(
    countries: gpd.GeoDataFrame, labels: pd.DataFrame, mode: str, placer: _Placer
) -> list[tuple[int, str, Point]]:
    """Country names, then seas on ``placer``; the seas placed."""
    _place_countries(countries, placer, mode)
    placed = []
    seas = labels[labels["kind"] == "sea"] if not labels.empty else labels
    for _id, names in seas.groupby("id", sort=False):
        first = names.iloc[0]
        spot = Point(wrap_longitude(float(first["lon"])), float(first["lat"]))
        text = _named_text(names, mode, "\n")
        zoom = placer.place(spot, text)
        if zoom is not None:
            placed.append((zoom, text, spot))
    return placed


def _named_text(names: pd.DataFrame, mode: str, sep: str) -> str:
    english = names.loc[names["lang"] == "en", "name"].tolist()
    local = names.loc[names["lang"] != "en", "name"].tolist()
    return label_text(english, local, mode, sep)


def _feature_names(
    labels: pd.DataFrame, disputes: gpd.GeoDataFrame, mode: str
) -> list[tuple[str, Point, str]]:
    """(dispute id, its reference point, its name in ``mode``) of the features labels.csv
    names, in file order."""
    features_ = labels[labels["kind"] == "feature"] if not labels.empty else labels
    refs = dict(zip(disputes["id"], disputes["ref_point"], strict=True))
    out = []
    for ref, names in features_.groupby("ref", sort=False):
        spot = refs.get(ref)
        if spot is not None and not spot.is_empty:
            out.append((str(ref), spot, _named_text(names, mode, " / ")))
    return out


def _city_names(
    places: gpd.GeoDataFrame, labels: pd.DataFrame, mode: str
) -> list[tuple[str, Point, str]]:
    """(place id, its point, its name in ``mode``) of the story's cities."""
    cities = labels[labels["kind"] == "city"] if not labels.empty else labels
    local = {ref: rows["name"].tolist() for ref, rows in cities.groupby("ref")}
    rows = places.set_index("id", drop=False)
    return [
        (
            pid,
            rows.at[pid, "geometry"],
            label_text([rows.at[pid, "name"]], local.get(pid, []), mode),
        )
        for pid in story_cities(places, labels)
    ]


def _beside(
    placer: _Placer, named: list[tuple[str, Point, str]]
) -> dict[str, tuple[str, int | None]]:
    """``{key: (text, zoom)}``: each name placed beside its point (zoom ``None``: never
    fits)."""
    return {key: (text, placer.place(spot, text, beside=True)) for key, spot, text in named}


def _named(
    layer: Layer,
    keys: Callable[[gpd.GeoDataFrame], pd.Series],
    names: dict[str, tuple[str, int | None]],
) -> Layer:
    """``layer`` with the labels of the features ``keys`` finds in ``names`` replaced by
    those names, each in a part of its own zoom; a name that never fits takes the zoom of the
    layer's closest labels. Parts without labels stay as they are."""
    last = max(p.label_zoom for p in layer.features)
    parts = []
    for part in layer.features:
        frame = part.frame
        if "label" not in frame.columns or frame.empty:
            parts.append(part)
            continue
        key = keys(frame)
        texts = [
            names[k][0] if k in names else t for k, t in zip(key, frame["label"], strict=True)
        ]
        zooms = pd.Series(
            [(names[k][1] or last) if k in names else part.label_zoom for k in key],
            index=frame.index,
        )
        frame = frame.assign(label=texts)
        for zoom in sorted(set(zooms)):
            rows = frame[(zooms == zoom).to_numpy()].reset_index(drop=True)
            parts.append(dataclasses.replace(part, frame=rows, label_zoom=int(zoom)))
    return dataclasses.replace(layer, features=parts)


def _parts(placed: list[tuple[int, str, Point]], zooms: range, crs: object) -> list:
    return [
        features(
            [
                {"tooltip": "", "popup": "", "style": {}, "label": n, "geometry": p}
                for z, n, p in sorted(placed, key=lambda t: t[1])
                if z == zoom
            ],
            crs=crs,
            interactive=False,
            label_zoom=zoom,
            label_only=True,
        )
        for zoom in zooms
    ]


def _overlap(a: Bounds, b: Bounds) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
