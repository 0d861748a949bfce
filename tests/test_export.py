"""Outputs for reports: static figures, fragments, GIS data, manifest, byte-stable files."""

from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import unquote

import folium
import geopandas as gpd
import pyogrio
import pytest

import geo
from geo.cli import main
from geo.layers.catalogue import export_records
from geo.model import Options, all_layers, select_layers
from geo.tables import neutralise


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
    match = re.search(
        r'download="russia-asia-pacific-relations.csv" '
        r'href="data:text/csv;charset=utf-8,([^"]+)"',
        html,
    )
    assert match
    table = unquote(match.group(1))
    assert table.splitlines()[0].startswith("id,kind,source,target")
    assert len(table.splitlines()) == len(source_data.tables["relations"]) + 1


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv"])
def test_gis_export_reads_back_with_gdal(tmp_path, map_data, fmt):
    out = tmp_path / f"layers.{fmt}"
    assert main(["export", "--format", fmt, "--out", str(out)]) == 0
    expected = {name: len(frame) for name, frame in export_records(map_data).items()}
    if fmt == "gpkg":
        tables = [name for name, _ in pyogrio.list_layers(out)]
        assert len(tables) == len(expected)
        trade = pyogrio.read_dataframe(out, layer="trade_flows")
        assert len(trade) == expected["Trade flows"]
        assert {"quote", "source_doc", "source_url", "value", "unit", "year"} <= set(trade)
        places = pyogrio.read_dataframe(out, layer="places")
        assert (
            len(places) == expected["Places"] and places["source_url"].str.startswith("http").all()
        )
    else:
        frame = pyogrio.read_dataframe(out) if fmt == "geojson" else gpd.read_file(out)
        assert frame["layer"].value_counts().to_dict() == expected
        rel = frame[frame["layer"] == "Trade flows"]
        assert "with turnover reaching a record $33 billion last year" in set(rel["quote"])


def test_geojson_export_is_byte_identical(tmp_path):
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    assert main(["export", "--format", "geojson", "--out", str(a)]) == 0
    assert main(["export", "--format", "geojson", "--out", str(b)]) == 0
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x"])
def test_csv_cells_cannot_become_formulas(cell):
    assert neutralise(cell) == "'" + cell
    assert neutralise("Moscow") == "Moscow"


def test_exported_csv_neutralises_formulas(data_copy, tmp_path):
    rel = data_copy / "relations.csv"
    text = rel.read_text(encoding="utf-8")
    rel.write_text(text.replace("Oil and gas exports.", "=HYPERLINK(evil)", 1), encoding="utf-8")
    out = tmp_path / "layers.csv"
    assert main(["export", "--data", str(data_copy), "--format", "csv", "--out", str(out)]) == 0
    exported = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK(evil)" in exported and ",=HYPERLINK" not in exported
