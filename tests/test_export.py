"""Outputs for reports: static figures, fragments, GIS data, manifest, byte-stable files."""

from __future__ import annotations

import hashlib
import json
import re

import folium
import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from helpers import page_data

import geo
from geo.cli import main
from geo.layers.catalogue import export_records
from geo.model import Options, all_layers, select_layers
from geo.tables import neutralise


def _table(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _manifest(html: str) -> dict:
    match = re.search(r'<script type="application/json" class="geo-manifest">(.*?)</script>', html)
    assert match
    return json.loads(match.group(1))


@pytest.mark.parametrize(
    ("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")]
)
def test_static_figures_in_every_format(tmp_path, fmt, magic):
    out = tmp_path / f"map.{fmt}"
    assert main(["build", "--format", fmt, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(magic)


def test_png_at_print_resolution(tmp_path):
    from matplotlib.image import imread

    out = tmp_path / "map.png"
    assert (
        main(
            [
                "build",
                "--format",
                "png",
                "--dpi",
                "300",
                "--width",
                "8",
                "--height",
                "5",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    height, width = imread(out).shape[:2]
    assert (width, height) == (2400, 1500)


def test_svg_is_vector_with_the_same_legend_and_title(tmp_path):
    out = tmp_path / "map.svg"
    assert main(["build", "--format", "svg", "--out", str(out), "--title", "A test title"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "<path" in svg and "<image" not in svg  # drawn as vectors, not a bitmap
    for text in (
        "A test title",
        "Trade flows",
        "Disputed territories",
        "33 USD bn",
        "Natural Earth",
        "November 2013",
    ):
        assert text in svg
    assert "Taishet" not in svg  # place labels wait for a closer zoom, as in the HTML


def test_static_figure_draws_only_the_layers_that_are_on(map_data):
    from geo.figure import figure_from_layers

    options = Options(layers=("partners", "trade-flows"), on=("trade-flows",))
    chosen = select_layers(all_layers(map_data), options)
    fig = figure_from_layers(chosen)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Trade flows" in labels and "Partners" not in labels


def test_layer_selection_and_default_visibility(tmp_path):
    out = tmp_path / "map.html"
    assert (
        main(
            ["build", "--layers", "partners,trade-flows", "--on", "trade-flows", "--out", str(out)]
        )
        == 0
    )
    html = out.read_text(encoding="utf-8")
    assert _manifest(html)["layers"] == ["Natural Earth countries", "Partners", "Trade flows"]
    assert 'data-layer="Partners" hidden' in html
    assert 'data-layer="Trade flows">' in html


def test_unknown_layer_is_a_clear_error(tmp_path, capsys):
    assert main(["build", "--layers", "trade", "--out", str(tmp_path / "m.html")]) == 2
    assert "unknown layer(s) trade; choose from" in capsys.readouterr().err


def test_fragment_is_one_div_and_self_contained(tmp_path):
    out = tmp_path / "fragment.html"
    assert main(["build", "--fragment", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith('<div class="geo-embed"') and text.rstrip().endswith("</div>")
    assert "<html" not in text and "<body" not in text and "html, body" not in text
    assert not re.search(r"<(script|link)[^>]+(src|href)=", text)
    assert "L.map(" in text


def test_build_map_returns_a_folium_map_for_notebooks():
    m = geo.build_map(layers=["trade-flows"])
    assert isinstance(m, folium.Map)
    assert "Trade flows" in m._repr_html_()


def test_manifest_records_tool_inputs_and_date(built_html, source_data):
    manifest = _manifest(built_html.read_text(encoding="utf-8"))
    assert manifest["tool"] == f"geo {geo.__version__}"
    assert manifest["inputs_sha256"] == source_data.digest
    assert manifest["as_of"] == "November 2013"


def test_relations_download_link_carries_the_table(built_html, source_data):
    html = built_html.read_text(encoding="utf-8")
    # the link is there, its table in the page's data block (the browser gives it the file)
    assert re.search(r'<a download="russia-asia-pacific-relations.csv">', html)
    table = page_data(html)["csv"]
    assert table.splitlines()[0].startswith("id,kind,source,target")
    assert len(table.splitlines()) == len(source_data.tables["relations"]) + 1


#: The layers every export holds, with their feature counts in the project's data.
EXTRA_LAYERS = {"Dated events": 7, "Later developments": 3, "Group markers": 5}

#: The field types a GIS reads back (pyogrio's dtype of each field), by field name.
FIELD_DTYPES = {
    "year": "int",
    "since": "int",
    "relations": "int",
    "value": "float64",
    "lat": "float64",
    "lon": "float64",
    "ref_lat": "float64",
    "origin_lon": "float64",
    "destination_lat": "float64",
    "focal": "bool",
    "approximate": "bool",
    "later": "bool",
    "date_day": "datetime64[D]",
    "opened_day": "datetime64[D]",
    "quote": "object",
    "date": "object",
}


def _expected_counts(map_data) -> dict[str, int]:
    counts = {name: len(frame) for name, frame in export_records(map_data).items()}
    return {**counts, **EXTRA_LAYERS}


def _check_field_types(info: dict, where: str) -> None:
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    for field, dtype in FIELD_DTYPES.items():
        if field in types:
            assert types[field].startswith(dtype), (where, field, types[field])


def _gpkg_layers(path) -> dict[str, gpd.GeoDataFrame]:
    return {
        name: pyogrio.read_dataframe(path, layer=name) for name, _ in pyogrio.list_layers(path)
    }


def test_gpkg_export_reads_back_typed_whole_and_in_range(tmp_path, map_data):
    out = tmp_path / "layers.gpkg"
    assert main(["export", "--format", "gpkg", "--out", str(out)]) == 0
    expected = {_table(name): n for name, n in _expected_counts(map_data).items()}
    tables = _gpkg_layers(out)
    assert {name: len(frame) for name, frame in tables.items()} == expected
    for name, frame in tables.items():
        west, south, east, north = frame.total_bounds
        assert -180 <= west <= east <= 180 and -90 <= south <= north <= 90, name
        _check_field_types(pyogrio.read_info(out, layer=name), name)
    trade = tables["trade_flows"]
    assert {"quote", "source_doc", "source_url", "value", "unit", "year"} <= set(trade)
    assert 33.0 in set(trade["value"])  # "a record $33 billion": a number, not "33"
    assert (tables["places"]["source_url"].str.startswith("http")).all()
    assert tables["places"].set_index("id").at["nusa_dua", "lat"] == pytest.approx(-8.8005)
    events = tables["dated_events"].set_index("id")
    assert str(events.at["abe_moscow_2013", "date_day"])[:10] == "2013-04-29"
    # a flow's ends: the line from Russia starts at Moscow, in -180..180
    first = tables["security"].set_index("id").loc["r010"]
    assert (first["origin"], first["destination"]) == ("Russia", "China")
    assert first["origin_lon"] == pytest.approx(37.6, abs=0.1)


def test_gpkg_is_version_1_3_so_gdal_3_6_opens_it_quietly(tmp_path):
    """GDAL before 3.7 (QGIS on Debian 12) warns about the 1.4 format: the version lives
    in SQLite's ``user_version`` (10300 for 1.3)."""
    import sqlite3

    out = tmp_path / "layers.gpkg"
    assert main(["export", "--format", "gpkg", "--out", str(out)]) == 0
    with sqlite3.connect(out) as db:
        assert db.execute("PRAGMA application_id").fetchone() == (0x47504B47,)  # "GPKG"
        assert db.execute("PRAGMA user_version").fetchone() == (10300,)
        declared = db.execute("SELECT sql FROM sqlite_master WHERE name='dated_events'")
        assert '"date_day" DATE' in declared.fetchone()[0]


def test_geojson_export_reads_back_typed_whole_and_in_range(tmp_path, map_data):
    out = tmp_path / "layers.geojson"
    assert main(["export", "--format", "geojson", "--out", str(out)]) == 0
    frame = pyogrio.read_dataframe(out)
    assert frame["layer"].value_counts().to_dict() == _expected_counts(map_data)
    west, _, east, _ = frame.total_bounds
    assert west >= -180 and east <= 180
    _check_field_types(pyogrio.read_info(out), "geojson")
    rel = frame[frame["layer"] == "Trade flows"]
    assert "with turnover reaching a record $33 billion last year" in set(rel["quote"])
    doc = json.loads(out.read_text(encoding="utf-8"))
    props = [f["properties"] for f in doc["features"]]
    assert {type(p["value"]) for p in props if p.get("value") is not None} == {float}
    assert {type(p["focal"]) for p in props if "focal" in p} == {bool}
    assert "crs" not in doc  # RFC 7946: WGS 84 longitude, latitude, always


def test_export_crosses_the_antimeridian_as_rfc_7946_asks(tmp_path):
    """Russia and the flows to the USA reach past 180 deg in the map's frame; the default
    export cuts them there, and ``--frame pacific`` keeps them whole."""
    default, pacific = tmp_path / "a.gpkg", tmp_path / "p.gpkg"
    assert main(["export", "--format", "gpkg", "--out", str(default)]) == 0
    args = ["export", "--format", "gpkg", "--frame", "pacific", "--out", str(pacific)]
    assert main(args) == 0
    cut = pyogrio.read_dataframe(default, layer="security")
    whole = pyogrio.read_dataframe(pacific, layer="security")
    assert whole.total_bounds[2] > 180  # a line ends in the USA at about 261 deg
    assert cut.total_bounds[2] <= 180 and cut.total_bounds[0] >= -180
    touching = cut[cut.geometry.geom_type == "MultiLineString"]
    assert len(touching), "a line across the Pacific comes back in two pieces"
    lons = {round(x, 6) for g in touching.geometry for x in g.bounds[::2]}
    assert {-180.0, 180.0} <= lons
    assert len(cut) == len(whole)
    partners = pyogrio.read_dataframe(default, layer="partners").set_index("iso3")
    assert partners.total_bounds[2] <= 180
    assert partners.geometry["RUS"].bounds[0] < 30 and partners.geometry["RUS"].bounds[2] == 180


def test_csv_export_has_typed_values_and_no_guard_on_numbers(tmp_path, map_data):
    out = tmp_path / "layers.csv"
    assert main(["export", "--format", "csv", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert table["layer"].value_counts().to_dict() == _expected_counts(map_data)
    assert table["lat"].dtype == float and -8.8005 in set(table["lat"])
    assert table["value"].dtype == float and table["year"].dropna().astype(int).min() > 1900
    text = out.read_text(encoding="utf-8")
    assert not re.search(r"(^|,)'[-+]?\d", text, flags=re.M)  # no guarded number


def test_geojson_export_is_byte_identical(tmp_path):
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    assert main(["export", "--format", "geojson", "--out", str(a)]) == 0
    assert main(["export", "--format", "geojson", "--out", str(b)]) == 0
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", "-x"])
def test_csv_cells_cannot_become_formulas(cell):
    assert neutralise(cell) == "'" + cell
    assert neutralise("Moscow") == "Moscow"


@pytest.mark.parametrize("number", [-8.8005, -2, 0.0, float("-inf")])
def test_numbers_are_never_guarded(number):
    assert neutralise(number) == number


def test_exported_csv_neutralises_formulas(data_copy, tmp_path):
    rel = data_copy / "relations.csv"
    text = rel.read_text(encoding="utf-8")
    rel.write_text(text.replace("Oil and gas exports.", "=HYPERLINK(evil)", 1), encoding="utf-8")
    out = tmp_path / "layers.csv"
    assert main(["export", "--data", str(data_copy), "--format", "csv", "--out", str(out)]) == 0
    exported = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK(evil)" in exported and ",=HYPERLINK" not in exported


def test_rfc7946_cuts_lines_at_180_and_moves_points():
    from shapely.geometry import LineString, Point

    from geo.geometry import to_rfc7946

    line = to_rfc7946(LineString([(170, 60), (190, 60), (261, 40)]))
    assert line.geom_type == "MultiLineString"
    assert sorted(round(g.bounds[0]) for g in line.geoms) == [-180, 170]
    assert to_rfc7946(Point(261, 40)).equals(Point(-99, 40))
    inside = LineString([(30, 0), (40, 1)])
    assert to_rfc7946(inside) is inside
