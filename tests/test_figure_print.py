"""Print-grade static output: editable text, embedded TrueType fonts, no CJK tofu, extents
with a locator, and a layout whose blocks never overlap at a column's or a page's width."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess

import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from geo import pipeline
from geo.cli import main
from geo.export import save_figure
from geo.figure import CJK_FAMILY, INSET_BELOW, MIN_MAP_SHARE, figure_from_model, font_family
from geo.model import Options, extent_from

CM = 1 / 2.54


def _build(tmp_path, fmt: str, *args: str, name: str = "map"):
    out = tmp_path / f"{name}.{fmt}"
    assert main(["build", "--format", fmt, "--out", str(out), *args]) == 0
    return out


def test_svg_has_text_elements_with_country_names(tmp_path):
    svg = _build(tmp_path, "svg").read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert {"Russia", "China", "Mongolia"} <= set(texts)
    assert any("Sea of Okhotsk" in t for t in texts)


def test_pdf_embeds_truetype_fonts_and_no_type3(tmp_path):
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.fail("pdffonts is missing: `make test` installs Debian's poppler-utils")
    pdf = _build(tmp_path, "pdf", "--extent", "korea", "--labels", "both")
    listing = subprocess.run(
        [pdffonts, str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = listing.splitlines()[2:]
    assert rows, listing
    assert not any("Type 3" in row for row in rows), listing
    kinds = [row[37:55].strip() for row in rows]  # pdffonts' "type" column
    assert set(kinds) <= {"TrueType", "CID TrueType"}, listing  # not CID Type 0C (CFF)
    assert any("DejaVuSans" in row for row in rows), listing
    assert any("WenQuanYiZenHei" in row for row in rows), listing  # the Hangul and Kanji
    assert all(" yes " in row for row in rows), listing  # every font embedded


def test_the_cjk_font_has_the_glyphs_the_names_need():
    assert font_family()[-1] == CJK_FAMILY
    path = font_manager.findfont(CJK_FAMILY, fallback_to_default=False)
    font = FT2Font(path)
    for char in "서울독도평양東京竹島択捉島钓鱼岛中国":
        assert font.get_char_index(ord(char)) != 0, char


@pytest.fixture(scope="module")
def korea():
    return pipeline.model_from_dir(None, Options(extent="korea", labels="both"))


def test_a_pdf_rebuild_is_byte_identical(tmp_path):
    args = ("--extent", "korea", "--labels", "both")
    first = _build(tmp_path, "pdf", *args, name="a").read_bytes()
    assert _build(tmp_path, "pdf", *args, name="b").read_bytes() == first


# (PDF: test_a_pdf_rebuild_is_byte_identical above checks it through two whole `geo build`s)
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_figures_drawn_twice_write_the_same_bytes(tmp_path, korea, fmt):
    paths = [save_figure(figure_from_model(korea), tmp_path / f"{name}.{fmt}") for name in "ab"]
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_korea_figure_shows_hangul_and_kanji_names_and_an_inset(korea):
    model = korea
    fig = figure_from_model(model)
    drawn = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_visible()]
    assert any("서울" in t for t in drawn) and any("東京" in t for t in drawn)
    assert any(ax.get_gid() == "geo-inset" for ax in fig.axes)
    wide = figure_from_model(pipeline.model_from_dir(None, Options()))
    assert not any(ax.get_gid() == "geo-inset" for ax in wide.axes)
    assert model.options.extent[2] - model.options.extent[0] < INSET_BELOW


@pytest.mark.parametrize(
    ("width_cm", "height_cm", "extent"),
    [(8, 10, "korea"), (8, 12, "northeast-asia"), (17, 12, "pacific"), (17, 14, "kurils")],
)
def test_title_legend_credit_and_inset_never_overlap(korea, width_cm, height_cm, extent):
    fig = figure_from_model(
        korea, width=width_cm * CM, height=height_cm * CM, extent=extent_from(extent)
    )
    fig.set_dpi(300)
    renderer = fig.canvas.get_renderer()
    blocks = {f"text {i}": t.get_window_extent(renderer) for i, t in enumerate(fig.texts)}
    blocks["legend"] = fig.legends[0].get_window_extent(renderer)
    inset = [ax for ax in fig.axes if ax.get_gid() == "geo-inset"]
    page = fig.bbox
    for name, box in blocks.items():
        assert box.x0 >= page.x0 - 0.5 and box.x1 <= page.x1 + 0.5, name
        assert box.y0 >= page.y0 - 0.5 and box.y1 <= page.y1 + 0.5, name
    for (a, box_a), (b, box_b) in itertools.combinations(blocks.items(), 2):
        assert not box_a.overlaps(box_b), f"{a} overlaps {b}"
    map_box = fig.axes[0].get_window_extent(renderer)
    assert map_box.height > page.height * MIN_MAP_SHARE  # the page grows rather than this
    assert fig.get_figheight() >= height_cm * CM - 1e-9
    for name, box in blocks.items():
        assert not map_box.overlaps(box), f"the map overlaps {name}"
    for ax in inset:
        box = ax.get_window_extent(renderer)
        assert map_box.x0 <= box.x0 and box.x1 <= map_box.x1 and box.y1 <= map_box.y1


def test_a_column_figure_grows_taller_rather_than_squeeze_the_map(korea):
    """8 cm by 10 cm cannot hold the title, every legend and a readable map: the page grows
    (the map keeps its share); a page-wide figure keeps the height it was asked for."""
    column = figure_from_model(korea, width=8 * CM, height=10 * CM)
    assert column.get_figheight() > 10 * CM
    assert column.axes[0].get_position().height >= MIN_MAP_SHARE
    page = figure_from_model(korea, width=17 * CM, height=14 * CM)
    assert page.get_figheight() == pytest.approx(14 * CM)
