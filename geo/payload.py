"""The layers as one compact payload for the page: what the browser draws, each thing once.

folium's ``GeoJson`` writes every feature's style, tooltip and popup in full, every
coordinate as a decimal number, and a tooltip and popup binder per layer. A map of this
kind repeats itself: partner countries are also basemap countries, many lines share a
style, and one card can sit on several features. Here each distinct style, text and
geometry is stored once, in a table, and features refer to them by index. Coordinates are
written with the Encoded Polyline Algorithm at the precision the data has, at most 5
decimals (about 1 m). ``geo/static/drawing.js`` decodes and draws the payload in the
browser; :mod:`geo.render` puts both into the page.

The payload (``dict``, JSON-ready)::

    pieces: [HTML string, ...]                  tags and the text between them, each once
    width:  digits per piece number in texts
    texts:  [code, ...]                         tooltips, popups, labels (already escaped),
                                                each as its pieces' numbers, ``width``
                                                base-64 digits each (:data:`CODE_DIGITS`)
    styles: [Leaflet path options, ...]
    geoms:  [[type, decimals, data], ...]       "o" point [lat, lng]; "l" line; "L" multi-line;
                                                "p" polygon; "P" multi-polygon; data: polylines;
                                                lines may add their order (encode_lines)
    parts:  [{group, radius, canvas, label_class, label_only, label_zoom, features: [[geom, style,
              tooltip, popup, year, label], ...]}, ...]   indexes into the tables; -1 / null:
                                                none

The page carries it, with the rest of the page's data, in one block (:func:`pack`): the
JSON deflated (raw DEFLATE, RFC 1951, at zlib's level 9) and written in base 64: 54 % of
its plain size on the article's map. ``geo/static/run.js`` unpacks it with the vendored
tiny-inflate, at once, before any behaviour runs; :func:`unpack` reads it back in Python.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Hashable, Iterable, Sequence

import numpy as np
import pandas as pd
import shapely

from geo import settings
from geo.layers import Features, Layer
from geo.layers.base import esc

#: Coordinates are kept to at most this many decimals of a degree (about 1 m).
MAX_DECIMALS = 5
#: The difference orders a line may be written in (see :func:`encode_lines`): the third
#: is near the shortest for great circles (the second and fourth save little more, and
#: trying each costs a build about half a millisecond per line).
LINE_ORDERS = (1, 3)
#: The map pane of base layers: above tiles (200), below overlays (400).
BASE_PANE = "geoBase"
#: Digits of the piece numbers in ``texts`` (URL-safe base 64: nothing JSON or HTML escapes).
CODE_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
#: Where texts are cut into pieces: around each run of tags (``</td></tr><tr><th>`` is one
#: piece), and around the curly quotes and a status word that opens a cell (``reported: ``),
#: so a quote in a card and in a partner's list is one piece.
_CUTS = re.compile(r"((?:<[^>]*>)+|“|”|(?<=>)[a-z]+: )")


class Table:
    """Distinct values in order of first use; ``add`` returns a value's index."""

    def __init__(self) -> None:
        self.values: list[object] = []
        self._index: dict[Hashable, int] = {}

    def add(self, value: object, key: Hashable | None = None) -> int:
        key = value if key is None else key
        if key not in self._index:
            self._index[key] = len(self.values)
            self.values.append(value)
        return self._index[key]


def decimals_of(coords: np.ndarray) -> int:
    """The fewest decimals (at most :data:`MAX_DECIMALS`) that keep ``coords`` exact."""
    for decimals in range(MAX_DECIMALS):
        if np.abs(np.round(coords, decimals) - coords).max(initial=0) < 1e-9:
            return decimals
    return MAX_DECIMALS


def encode_lines(lines: Sequence[np.ndarray], decimals: int, *, order: int = 1) -> list[str]:
    """Each ``(n, 2)`` array of (lng, lat) as an encoded polyline at ``decimals``.

    Google's Encoded Polyline Algorithm, vectorised over all the lines at once (the
    ``polyline`` package, the tests' reference, encodes in pure Python: a fifth of a
    build): each coordinate rounded half away from zero, delta from the previous point of
    its line, zig-zag signed, cut into 5-bit chunks, each written as one character from
    ``?`` (63) on, with 32 added while more chunks follow.

    ``order`` k > 1 writes the k-th difference instead of the delta, from a line's
    (k+1)-th point on (before it, the highest difference there is): a great circle's evenly
    spaced vertices step by nearly the same amount each time, so its second or third
    differences are small and a vertex takes about three characters instead of six.
    """
    sizes = np.array([len(line) for line in lines])
    if not sizes.sum():
        return ["" for _ in lines]
    values, starts = _written(lines, sizes, decimals, order)
    count = _chunk_counts(values)
    shifts = np.arange(7) * 5
    chunks = (values[:, None] >> shifts) & 31
    more = np.arange(7) < (count[:, None] - 1)
    chars = (chunks + 63 + 32 * more).astype(np.uint8)[np.arange(7) < count[:, None]]
    text = chars.tobytes().decode("ascii")
    per_point = count.reshape(-1, 2).sum(axis=1)
    ends = np.cumsum(np.add.reduceat(per_point, starts)) if len(starts) else np.array([])
    pieces = iter(text[a:b] for a, b in zip(np.r_[0, ends[:-1]], ends, strict=True))
    return [next(pieces) if size else "" for size in sizes]


def line_order(lines: Sequence[np.ndarray], decimals: int) -> int:
    """The order of :data:`LINE_ORDERS` that writes ``lines`` in the fewest characters
    (the first of equals), counted without writing them."""
    sizes = np.array([len(line) for line in lines])
    if not sizes.sum():
        return 1
    counts = [
        int(_chunk_counts(_written(lines, sizes, decimals, k)[0]).sum()) for k in LINE_ORDERS
    ]
    return LINE_ORDERS[counts.index(min(counts))]


def _written(
    lines: Sequence[np.ndarray], sizes: np.ndarray, decimals: int, order: int
) -> tuple[np.ndarray, np.ndarray]:
    """The zig-zag signed values :func:`encode_lines` writes, and where each line starts."""
    scaled = np.concatenate(lines)[:, ::-1] * 10**decimals
    ints = (np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)).astype(np.int64)
    deltas = np.diff(ints, axis=0, prepend=np.zeros((1, 2), np.int64))
    starts = np.cumsum(sizes) - sizes
    starts = starts[sizes > 0]
    deltas[starts] = ints[starts]
    if order > 1:
        offset = np.arange(len(ints)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        differences = deltas
        for k in range(2, order + 1):
            differences = np.diff(differences, axis=0, prepend=np.zeros((1, 2), np.int64))
            deltas = np.where((offset >= k)[:, None], differences, deltas)
    values = deltas.ravel()
    return np.where(values < 0, ~(values << 1), values << 1), starts


def _chunk_counts(values: np.ndarray) -> np.ndarray:
    """How many 5-bit chunks (characters) each value takes."""
    return 1 + (values[:, None] >= (np.int64(1) << (np.arange(1, 7) * 5))).sum(axis=1)


def encode_geometry(geom: shapely.Geometry) -> list:
    """``[type, decimals, data]`` for a Point, (Multi)LineString or (Multi)Polygon; a line
    written in a higher difference order (a great circle) adds it: ``[type, decimals, data,
    order]``."""
    kind = geom.geom_type
    decimals = decimals_of(shapely.get_coordinates(geom))
    if kind == "Point":
        return ["o", decimals, [round(geom.y, decimals), round(geom.x, decimals)]]
    parts = list(getattr(geom, "geoms", [geom]))
    if kind.endswith("Polygon"):
        rings = [[p.exterior, *p.interiors] for p in parts]
        flat = encode_lines([shapely.get_coordinates(r) for rs in rings for r in rs], decimals)
        counts = iter(flat)
        data: list = [[next(counts) for _ in rs] for rs in rings]
        return ["p", decimals, data[0]] if kind == "Polygon" else ["P", decimals, data]
    if kind.endswith("LineString"):
        coords = [shapely.get_coordinates(p) for p in parts]
        order = line_order(coords, decimals)
        lines = encode_lines(coords, decimals, order=order)
        record = ["l", decimals, lines[0]] if kind == "LineString" else ["L", decimals, lines]
        return [*record, order] if order > 1 else record
    raise TypeError(f"cannot encode a {kind}")


def page_payload(chosen: Sequence[Layer]) -> dict:
    """The payload for the ``chosen`` layers; ``parts[i]["group"]`` is the index of its
    layer in ``chosen``."""
    styles, texts, geoms = Table(), Table(), Table()
    parts = []
    for group, layer in enumerate(chosen):
        for part in layer.features:
            if part.frame.empty:
                continue
            parts.append(
                {
                    "group": group,
                    "radius": part.radius,
                    "canvas": len(part.frame) >= settings.CANVAS_FROM,
                    "label_class": _label_class(part, layer.slug),
                    "label_only": part.label_only,
                    "label_zoom": part.label_zoom,
                    "features": list(_features(part, layer, styles, texts, geoms)),
                }
            )
    pieces, width, codes = piece_table(texts.values)
    # the pieces first: packed after the relations table (see geo.render.page_data), whose
    # quotes they repeat, they find them within DEFLATE's 32 KB window
    return {
        "pieces": pieces,
        "width": width,
        "texts": codes,
        "styles": styles.values,
        "geoms": geoms.values,
        "parts": parts,
    }


def piece_table(texts: Sequence[object]) -> tuple[list[str], int, list[str]]:
    """``texts`` as a table of pieces (each run of tags, and each run of text between them,
    stored once; see :data:`_CUTS`) and, per text, the numbers of its pieces in order,
    ``width`` base-64 digits each.

    The cards repeat their markup, headings and source lines: a card of the article's map
    is mostly pieces another card has, so the page carries them once. The browser joins
    the pieces back into the very same HTML (``geo/static/drawing.js``).
    """
    index: dict[str, int] = {}
    numbers = [
        [index.setdefault(piece, len(index)) for piece in _CUTS.split(str(text)) if piece]
        for text in texts
    ]
    base = len(CODE_DIGITS)
    width = 1
    while base**width < len(index):
        width += 1
    codes = [
        "".join(CODE_DIGITS[n // base**k % base] for n in number for k in reversed(range(width)))
        for number in numbers
    ]
    return list(index), width, codes


def _features(
    part: Features,
    layer: Layer,
    styles: Table,
    texts: Table,
    geoms: Table,
) -> Iterable[list]:
    frame = part.frame
    years = frame["year"] if "year" in frame.columns else [None] * len(frame)
    labels = frame["label"] if "label" in frame.columns else [None] * len(frame)
    ids = frame["ids"] if "ids" in frame.columns else [""] * len(frame)
    for geom, style, tooltip, popup, year, label, fid in zip(
        frame.geometry,
        frame["style"],
        frame["tooltip"],
        frame["popup"],
        years,
        labels,
        ids,
        strict=True,
    ):
        full = feature_style(part, layer, style)
        encoded = encode_geometry(geom)
        yield [
            geoms.add(encoded, json.dumps(encoded)),
            styles.add(full, json.dumps(full, sort_keys=True)),
            texts.add(tooltip) if part.interactive and tooltip else -1,
            texts.add(popup) if part.interactive and popup else -1,
            None if pd.isna(year) else int(year),
            texts.add(esc(label)) if isinstance(label, str) and label else -1,
            # the ids of the rows the feature draws (relation, route, place … ids, or a
            # country code), separated by spaces: story steps, search and the table find
            # features by them
            fid if isinstance(fid, str) else "",
        ]


def feature_style(part: Features, layer: Layer, style: dict) -> dict:
    """A feature's Leaflet path options: its ``style`` without empty values, plus the CSS
    classes (layer, arrowhead), whether it answers the pointer, and for base layers their
    pane."""
    opts = {k: v for k, v in style.items() if v is not None}
    if layer.base:
        opts["pane"] = BASE_PANE
    classes = f"geo-{layer.slug}"
    if part.arrows:
        classes += f" geo-arrow-{opts['color'][1:]}-{arrow_size(opts['weight'])}"
    return {**opts, "className": classes, "interactive": part.interactive}


def arrow_size(weight: float) -> int:
    """Arrowhead size in multiples of the line width: about 11 px on thin lines, at most
    about 3 widths on wide ones."""
    return max(3, min(6, round(11 / weight)))


def _label_class(part: Features, slug: str) -> str:
    zoom = f" geo-label-z{part.label_zoom}" if part.label_zoom else ""
    # names alone are the layer's features: they carry its class as shapes do
    centred = f" geo-label-centred geo-{slug}" if part.label_only else ""
    return f"geo-label-icon geo-label-{slug}{zoom}{centred}"


def pack(value: object) -> tuple[str, int]:
    """``value`` as the text of the page's data block, and the size in bytes of its JSON:
    compact UTF-8 JSON, deflated (raw DEFLATE, no header: the browser is told the size)
    and written in base 64, which nothing in HTML escapes. The same value gives the same
    text."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = deflate.compress(data) + deflate.flush()
    return base64.b64encode(packed).decode("ascii"), len(data)


def unpack(text: str) -> object:
    """The value :func:`pack` wrote as ``text``."""
    return json.loads(zlib.decompress(base64.b64decode(text), -15).decode("utf-8"))


def script_json(value: object) -> str:
    """``value`` as JSON that is safe inside an HTML ``<script>``: no ``</`` or ``<!--``
    can end the script early; other characters stay as they are (UTF-8)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("</", "<\\/")
        .replace("<!--", "\\u003c!--")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
