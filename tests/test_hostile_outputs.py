"""What goes into outputs stays what it was: CSV cells, GeoPackage columns, figure text,
links; and figure sizes over budget are refused before any data is read."""

from __future__ import annotations

import csv
import html
import io
import re

import pandas as pd
import pyogrio
import pytest
from helpers import readable, set_cell

import geo.export
from geo.cli import main
from geo.layers.base import link
from geo.tables import neutralise, table_csv

# --- CSV ---------------------------------------------------------------------------------


def test_csv_cells_with_line_breaks_round_trip_through_csv_and_pandas():
    frame = pd.DataFrame(
        {
            "text": ["a\rb", "c\nd", "e\r\nf", "=cmd", "\tx", "\rx", 'say "hi"\r'],
            "lat": [-8.8, 1.5, -0.25, 3.0, 4.0, 5.0, 6.0],
            "=sum": ["-8.8", "+3", "-2+3", "@x", "ok", "1e-5", ""],
        }
    )
    text = table_csv(frame)
    assert "\r\n" not in text.replace('"e\r\nf"', "")  # rows end in "\n" only
    rows = list(csv.reader(io.StringIO(text, newline="")))
    read = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert rows[0] == ["text", "lat", "'=sum"]  # a column name is guarded too
    assert list(read.columns) == rows[0]
    assert [r[0] for r in rows[1:]] == [
        "a\rb",
        "c\nd",
        "e\r\nf",
        "'=cmd",
        "'\tx",
        "'\rx",
        'say "hi"\r',
    ]
    assert read["text"].tolist() == [r[0] for r in rows[1:]]
    assert [r[1] for r in rows[1:]] == ["-8.8", "1.5", "-0.25", "3.0", "4.0", "5.0", "6.0"]
    assert read["lat"].tolist() == [r[1] for r in rows[1:]]
    # text that is a plain number stays a number; a formula does not
    assert read["'=sum"].tolist() == ["-8.8", "+3", "'-2+3", "'@x", "ok", "1e-5", ""]


@pytest.mark.parametrize("value", [-8.8, 3, "-8.8", "+12", "1e-5"])
def test_numbers_are_never_prefixed(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("cell", ["\rx", "\tx", "-x", "=1", "-1-1"])
def test_text_starting_like_a_formula_is_prefixed(cell):
    assert neutralise(cell) == "'" + cell


def _add_columns(path, names):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[0] += names
    for row in rows[1:]:
        row += [f"v-{n}" for n in names]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_unknown_columns_are_not_exported_and_latitudes_stay_numbers(data_copy, tmp_path):
    extra = ["=evil", "fid", "NAME"]
    _add_columns(data_copy / "relations.csv", extra)
    _add_columns(data_copy / "places.csv", extra)
    out = tmp_path / "layers.csv"
    assert main(["export", "--data", str(data_copy), "--format", "csv", "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert not {"=evil", "'=evil", "fid", "NAME"} & set(table.columns)
    assert "v-fid" not in out.read_text(encoding="utf-8")
    assert "-8.8005" in table["lat"].tolist()  # Bali's latitude, not "'-8.8005"
    assert not any(v.startswith("'-") and v[2:3].isdigit() for v in table["lat"])
    gpkg = tmp_path / "layers.gpkg"
    assert main(["export", "--data", str(data_copy), "--format", "gpkg", "--out", str(gpkg)]) == 0


# --- GeoPackage --------------------------------------------------------------------------


def test_gpkg_takes_fid_and_a_case_twin_of_name(tmp_path, monkeypatch):
    real = geo.export.export_records

    def with_columns(data):
        layers = real(data)
        for frame in layers.values():
            frame["fid"] = range(1000, 1000 + len(frame))
            frame["NAME"] = "upper"
            frame["Fid"] = "twice"
        return layers

    monkeypatch.setattr(geo.export, "export_records", with_columns)
    out = tmp_path / "layers.gpkg"
    assert main(["export", "--format", "gpkg", "--out", str(out)]) == 0
    partners = pyogrio.read_dataframe(out, layer="partners")
    assert {"name", "fid_2", "NAME_2", "Fid_3"} <= set(partners.columns)
    assert partners["fid_2"].tolist() == list(range(1000, 1000 + len(partners)))
    assert set(partners["NAME_2"]) == {"upper"} and partners["name"].iloc[0] != "upper"
    first = pyogrio.list_layers(out)
    out2 = tmp_path / "again.gpkg"
    assert main(["export", "--format", "gpkg", "--out", str(out2)]) == 0
    assert (pyogrio.list_layers(out2) == first).all()  # deterministic


# --- figure options and text -------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "option", "allowed"),
    [
        (["--dpi", "100000"], "--dpi 100000", "20 to 1200"),
        (["--dpi", "4000", "--width", "40"], "--dpi 4000", "20 to 1200"),
        (["--dpi", "1200", "--width", "40", "--height", "40"], "megapixels", "limit is 100"),
        (["--width", "nan"], "--width nan", "1 to 40"),
        (["--height", "inf"], "--height inf", "1 to 40"),
        (["--width", "0"], "--width 0", "1 to 40"),
        (["--dpi", "5"], "--dpi 5", "20 to 1200"),
    ],
)
def test_figure_sizes_over_budget_are_refused_before_reading_data(
    tmp_path, capsys, args, option, allowed
):
    out = tmp_path / "map.png"
    out.write_bytes(b"before")
    # the data folder does not exist: the option must be refused first
    code = main(
        ["build", "--format", "png", "--data", str(tmp_path / "none"), "--out", str(out), *args]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert option in err and allowed in err
    assert out.read_bytes() == b"before"


def test_dollars_and_tex_in_a_title_print_as_written(tmp_path):
    out = tmp_path / "map.svg"
    title = r"Deals worth $33bn and $10bn $x^$ \frac{"
    assert main(["build", "--format", "svg", "--out", str(out), "--title", title]) == 0
    svg = out.read_text(encoding="utf-8")
    # each drawn text is an SVG <text> element as drawn; mathtext would draw italics
    drawn = [html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]
    assert any(t.startswith(title) for t in drawn)
    assert "Oblique" not in svg


def test_figure_text_is_never_mathematics(map_data):
    from geo.figure import figure_from_layers
    from geo.model import Options, all_layers, select_layers

    layers = select_layers(all_layers(map_data), Options())
    fig = figure_from_layers(layers, title="$a$ and $b$")
    texts = fig.texts + [t for ax in fig.axes for t in ax.texts]
    legend = fig.legends[0]
    texts += legend.get_texts()
    assert texts
    for text in texts:
        assert not text.get_usetex()
        _shown, ismath = text._preprocess_math(text.get_text())
        assert not ismath
    assert fig.texts[0]._preprocess_math(fig.texts[0].get_text())[0].startswith("$a$ and $b$")


# --- links -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "is_link"),
    [
        ("https://example.org/a?b=1", True),
        ("HTTP://example.org", True),
        ("javascript:alert(1)", False),
        ("https:alert(1)", False),  # no host
        ("data:text/html,x", False),
        ("http://[::1", False),  # unparseable
        ("//example.org", False),
    ],
)
def test_only_http_urls_with_a_host_become_links(url, is_link):
    out = link(url)
    assert out.startswith("<a href=") is is_link
    assert html.escape(url) in out


def test_a_javascript_url_in_the_data_is_never_a_link(data_copy, tmp_path):
    evil = "https://a;javascript:alert(1)"
    set_cell(data_copy / "places.csv", "aldan", "source_url", evil)
    routes = pd.read_csv(data_copy / "routes.csv", dtype=str)
    set_cell(data_copy / "routes.csv", routes.iloc[0, 0], "source_url", evil)
    out = tmp_path / "map.html"
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == 0
    page = readable(out.read_text(encoding="utf-8"))  # the cards' HTML too
    assert "javascript:alert(1)" in page.replace("\\", "")  # shown, as text
    assert not re.search(r"href=\\*[\"']?\s*javascript:", page, re.I)
