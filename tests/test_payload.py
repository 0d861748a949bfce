"""The compact page payload: exact coordinates, each thing stored once, safe in a script."""

from __future__ import annotations

import json
import re

import numpy as np
import polyline
import pytest
import shapely
from helpers import DATA_BLOCK, page_texts, set_cell
from hypothesis import given
from hypothesis import strategies as st

from geo.cli import main
from geo.geometry import great_circle, round_coordinates
from geo.model import all_layers
from geo.payload import (
    CODE_DIGITS,
    LINE_ORDERS,
    decimals_of,
    encode_geometry,
    encode_lines,
    pack,
    page_payload,
    piece_table,
    script_json,
    unpack,
)


def _decoded(record: list) -> list:
    """A geometry record back to coordinates, with the reference decoder (lat, lng); a line
    in a higher difference order is summed up from its differences as drawing.js does."""
    kind, decimals, data, *rest = record
    order = rest[0] if rest else 1

    def line(text: str) -> list:
        if order == 1:
            return [list(p) for p in polyline.decode(text, decimals)]
        # the reference decoder sums the written values; take them back apart
        sums = np.rint(np.array(polyline.decode(text, decimals)).reshape(-1, 2) * 10**decimals)
        written = np.diff(sums, axis=0, prepend=np.zeros((1, 2)))
        out, d = [], [np.zeros(2) for _ in range(order + 1)]
        for n, value in enumerate(written):
            m = min(n, order)
            d[m] = value
            for j in range(m - 1, -1, -1):
                d[j] = d[j] + d[j + 1]
            out.append((d[0] / 10**decimals).tolist())
        return out

    return {
        "o": lambda: data,
        "l": lambda: line(data),
        "L": lambda: [line(t) for t in data],
        "p": lambda: [line(t) for t in data],
        "P": lambda: [[line(t) for t in rings] for rings in data],
    }[kind]()


def _latlngs(geom: shapely.Geometry) -> list:
    def line(part: shapely.Geometry) -> list:
        return [[y, x] for x, y in shapely.get_coordinates(part).tolist()]

    def rings(p: shapely.Polygon) -> list:
        return [line(p.exterior), *(line(r) for r in p.interiors)]

    return {
        "Point": lambda: [geom.y, geom.x],
        "LineString": lambda: line(geom),
        "MultiLineString": lambda: [line(g) for g in geom.geoms],
        "Polygon": lambda: rings(geom),
        "MultiPolygon": lambda: [rings(g) for g in geom.geoms],
    }[geom.geom_type]()


def _close(a: object, b: object, tol: float = 1e-9) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y, tol) for x, y in zip(a, b, strict=True))
    return abs(float(a) - float(b)) < tol  # type: ignore[arg-type]


coordinate = st.tuples(
    st.integers(-3000000, 33000000), st.integers(-8900000, 8900000)
)  # lon -30..330, lat -89..89 at 5 decimals


@given(
    points=st.lists(coordinate, min_size=2, max_size=40),
    decimals=st.integers(0, 5),
)
def test_lines_round_trip_exactly_at_the_precision_they_have(points, decimals):
    scale = 10 ** (5 - decimals)
    coords = [
        (round(x // scale * scale / 1e5, 5), round(y // scale * scale / 1e5, 5)) for x, y in points
    ]
    line = shapely.LineString(coords)
    record = encode_geometry(line)
    assert record[1] <= decimals
    assert _close(_decoded(record), _latlngs(line))


@given(
    lines=st.lists(
        st.lists(st.tuples(st.floats(-30, 330), st.floats(-89.9, 89.9)), min_size=0, max_size=12),
        min_size=1,
        max_size=5,
    ),
    decimals=st.integers(0, 5),
)
def test_the_vectorised_encoder_writes_what_the_reference_writes(lines, decimals):
    arrays = [np.array(line, dtype=float).reshape(-1, 2) for line in lines]
    expected = [polyline.encode(line, decimals, geojson=True) if line else "" for line in lines]
    assert encode_lines(arrays, decimals) == expected


def test_every_geometry_of_the_map_round_trips_to_a_metre(map_data):
    half_unit = 0.5e-5 + 1e-9  # coordinates keep at most 5 decimals
    for layer in all_layers(map_data):
        for part in layer.features:
            for geom in part.frame.geometry:
                record = encode_geometry(geom)
                assert _close(_decoded(record), _latlngs(geom), half_unit), layer.name


def test_great_circles_are_written_in_a_higher_order_and_round_trip():
    arc = round_coordinates(great_circle((37.62, 55.75), (-77.04, 38.9)))  # Moscow-Washington
    record = encode_geometry(arc)
    first = encode_lines([shapely.get_coordinates(arc)], record[1])[0]
    assert record[0] == "l" and record[3] > 1 and len(record[2]) < len(first) * 0.7
    assert _close(_decoded(record), _latlngs(arc))
    wiggle = shapely.LineString([(0, 0), (3, 1), (0, 2), (3, 3), (0, 4)])
    assert len(encode_geometry(wiggle)) == 3  # first order, the shortest here


@given(
    points=st.lists(coordinate, min_size=1, max_size=30),
    order=st.sampled_from(LINE_ORDERS),
)
def test_lines_round_trip_in_every_order(points, order):
    coords = np.array(points, dtype=float) / 1e5
    record = ["l", 5, encode_lines([coords], 5, order=order)[0], order]
    assert _close(_decoded(record), coords[:, ::-1].tolist(), 1e-9)


def test_decimals_stop_at_about_a_metre():
    assert decimals_of(shapely.get_coordinates(shapely.Point(131.9, 43.1))) == 1
    assert decimals_of(shapely.get_coordinates(shapely.Point(1 / 3, 0))) == 5


def test_partner_countries_reuse_the_basemap_geometry(map_data):
    chosen = all_layers(map_data)
    payload = page_payload(chosen)
    drawn = sum(len(part["features"]) for part in payload["parts"])
    assert len(payload["geoms"]) < drawn
    basemap = {f[0] for part in payload["parts"] if part["group"] == 0 for f in part["features"]}
    partners = {f[0] for part in payload["parts"] if part["group"] == 1 for f in part["features"]}
    assert chosen[1].name == "Partners" and partners <= basemap
    assert len(payload["texts"]) == len(set(payload["texts"]))
    assert len(payload["styles"]) < drawn / 5


def _joined(pieces: list[str], width: int, code: str) -> str:
    """What drawing.js does: each ``width`` digits are a piece's number."""
    out = ""
    for i in range(0, len(code), width):
        n = 0
        for digit in code[i : i + width]:
            n = n * len(CODE_DIGITS) + CODE_DIGITS.index(digit)
        out += pieces[n]
    return out


def test_texts_are_pieces_stored_once_that_join_back_to_the_same_html(map_data):
    payload = page_payload(all_layers(map_data))
    pieces, width, codes = payload["pieces"], payload["width"], payload["texts"]
    assert len(pieces) == len(set(pieces)) and width == 2
    texts = [_joined(pieces, width, code) for code in codes]
    assert any(t.startswith('<div class="geo-card">') for t in texts)
    # the cards share their markup and source lines: the pieces are far fewer bytes
    assert sum(map(len, pieces)) < sum(map(len, texts)) / 2


def test_piece_numbers_widen_past_64_pieces():
    texts = [f"<b>{i}</b>" for i in range(70)] + ["", "plain"]
    pieces, width, codes = piece_table(texts)
    assert width == 2 and len(pieces) == 73  # <b>, </b>, 70 numbers, "plain"
    assert [_joined(pieces, width, c) for c in codes] == texts


@pytest.mark.parametrize(
    "text", ["</script><script>alert(1)</script>", "<!-- <script>", "{{ 7*7 }} {% if %}", "\u2028"]
)
def test_script_json_cannot_end_the_script_and_reads_back(text):
    encoded = script_json({"texts": [text]})
    assert "</" not in encoded and "<!--" not in encoded and "\u2028" not in encoded
    assert json.loads(encoded) == {"texts": [text]}


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_pack_reads_back_and_holds_nothing_html_parses(value):
    text, size = pack(value)
    assert re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", text)  # base 64: no <, &, quotes or spaces
    assert unpack(text) == value
    assert size == len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())
    assert pack(value) == (text, size)  # the same value, the same bytes


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!-- <script>"])
def test_packed_text_cannot_end_the_script(text):
    packed, _ = pack({"texts": [text] * 50})
    assert "<" not in packed and unpack(packed) == {"texts": [text] * 50}


def test_the_page_data_is_packed_to_under_three_fifths_of_its_json(built_html):
    block = DATA_BLOCK.search(built_html.read_text(encoding="utf-8"))
    assert block
    assert len(block.group(2)) < int(block.group(1)) * 0.6


def test_template_syntax_in_data_reaches_the_page_as_text(data_copy, tmp_path):
    set_cell(data_copy / "places.csv", "aldan", "name", "Aldan {{ 7*7 }} {% raw %}")
    out = tmp_path / "map.html"
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == 0
    texts = page_texts(out.read_text(encoding="utf-8"))
    assert any("Aldan {{ 7*7 }} {% raw %}" in text for text in texts)  # its card, label
