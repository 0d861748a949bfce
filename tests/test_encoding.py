"""The encoding conventions (``geo/layers/encoding.py``) as a reader meets them: the partners'
shading does not count rows, the legend's rows stay distinct in grayscale in the static
figure, and the README states the same conventions as the code."""

from __future__ import annotations

import csv
import io
import itertools
import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.offsetbox import DrawingArea, HPacker, TextArea

from geo import pipeline, settings
from geo.figure import figure_from_model
from geo.layers import encoding
from geo.layers.catalogue import spec
from geo.layers.partners import tie_kinds
from geo.model import Options


def _shades(data_dir: Path | None) -> dict[str, str]:
    data = pipeline.map_data(data_dir)
    layer = spec("partners").build(data)
    frame = layer.features[0].frame
    return dict(zip(data.partners["iso3"], (s["fillColor"] for s in frame["style"]), strict=True))


def _split_row(path: Path, row_id: str, cut: int) -> None:
    """Split the row ``row_id`` into two rows, its quote cut in two at word ``cut``: what
    an editor does when a sentence turns out to state two things."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = list(rows[0])
    out = []
    for row in rows:
        if row["id"] != row_id:
            out.append(row)
            continue
        words = row["quote"].split(" ")
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        out += [{**row, "quote": first}, {**row, "id": row_id + "b", "quote": second}]
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(out)
    path.write_text(text.getvalue(), encoding="utf-8")


def test_splitting_a_sentence_into_more_rows_does_not_change_the_shading(data_copy):
    before = _shades(None)
    _split_row(data_copy / "relations.csv", "r051", 5)  # Japan's investment, now two rows
    _split_row(data_copy / "relations.csv", "r013", 8)  # Russia-South Korea trade
    relations = (data_copy / "relations.csv").read_text(encoding="utf-8")
    assert "\nr051b," in relations and "\nr013b," in relations
    assert _shades(data_copy) == before


def test_the_shading_counts_kinds_of_ties_not_rows_nor_stances(map_data):
    by_id = map_data.relations.set_index("id")
    partners = map_data.partners.set_index("iso3")
    jpn = tie_kinds(partners.at["JPN", "ids"], by_id)
    assert len(jpn) < len(partners.at["JPN", "ids"])  # many rows, few kinds
    # the USA: a failed reset and an objection to missile defence; no tie
    assert tie_kinds(partners.at["USA", "ids"], by_id) == []
    # China's wishes about Russia's arms and energy deals are stances, not ties
    chn = tie_kinds(partners.at["CHN", "ids"], by_id)
    assert "arms" not in chn
    # North Korea counts the energy and trade that would pass through it
    assert {"energy", "trade"} <= set(tie_kinds(partners.at["PRK", "ids"], by_id))
    assert set(partners.at["PRK", "transit_ids"]) == {"r055", "r056"}


def _legend_rows_in_grayscale() -> list[tuple[str, str, np.ndarray]]:
    """The static figure with every layer on, rendered and turned to grayscale (ITU-R 601
    luma); for each legend row: its layer, its label and the pixels of its swatch."""
    overlays = [s.slug for s in pipeline_layers() if not s.base]
    model = pipeline.model_from_dir(options=Options(on=tuple(overlays)))
    fig = figure_from_model(model, height=16.0)  # tall enough for every legend row
    canvas = FigureCanvasAgg(fig)
    fig.legends[0].get_frame().set_alpha(1.0)  # measure swatches, not the map
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba(), dtype=float) / 255.0
    gray = rgba[..., 0] * 0.299 + rgba[..., 1] * 0.587 + rgba[..., 2] * 0.114
    legend = fig.legends[0]
    renderer = canvas.get_renderer()
    height = gray.shape[0]
    rows, layer = [], ""
    for pack in legend.findobj(HPacker):
        swatch, text = [*pack.get_children(), None, None][:2]
        if not (isinstance(swatch, DrawingArea) and isinstance(text, TextArea)):
            continue
        label = " ".join(text.get_text().split())  # labels are wrapped to their column
        if text.get_children()[0].get_fontweight() == "bold":
            layer = label
            continue
        box = swatch.get_window_extent(renderer)
        x0, x1 = int(box.x0), int(box.x1) + 1
        y0, y1 = int(height - box.y1) - 2, int(height - box.y0) + 2
        rows.append((layer, label, gray[y0:y1, x0:x1].copy()))
    return rows


def pipeline_layers():
    from geo.layers.catalogue import CATALOGUE

    return CATALOGUE


def _alike(a: np.ndarray, b: np.ndarray) -> float:
    """How alike two swatches look in grayscale: the mean absolute difference of their
    pixels (0 identical, 1 black against white), after trimming to a common size."""
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    return float(np.abs(a[:h, :w] - b[:h, :w]).mean())


@pytest.fixture(scope="module")
def gray_rows():
    return _legend_rows_in_grayscale()


def test_the_figure_has_a_legend_row_for_each_encoding(gray_rows):
    labels = [label for _, label, _ in gray_rows]
    assert any("the article's figure" in label for label in labels)
    assert any("another source's figure" in label for label in labels)
    assert any("no figure for this pair" in label for label in labels)
    assert any(label.startswith("arrow:") for label in labels)
    assert any(label.startswith("stance") for label in labels)


def test_legend_rows_stay_distinct_in_grayscale(gray_rows):
    """Within each layer's legend, no two swatches look the same once colour is gone: they
    differ by luminance, dash, width, arrowhead or an open core."""
    found = []
    for (layer_a, a, pa), (layer_b, b, pb) in itertools.combinations(gray_rows, 2):
        if layer_a == layer_b and _alike(pa, pb) < 0.01:
            found.append(f"{layer_a}: '{a}' and '{b}' ({_alike(pa, pb):.4f})")
    assert found == []


def test_the_grayscale_check_catches_rows_drawn_alike(monkeypatch):
    """The check above can fail: with the outside figures as opaque and as wide as the
    article's, their two legend rows are one look, in grayscale too."""
    monkeypatch.setattr(encoding, "OUTSIDE_OPACITY", encoding.ARTICLE_OPACITY)
    monkeypatch.setattr(encoding, "WIDTH_PER_UNIT", 0.0)
    rows = {label: pixels for layer, label, pixels in _legend_rows_in_grayscale()}
    article = next(p for label, p in rows.items() if "the article's figure" in label)
    outside = next(p for label, p in rows.items() if "another source's figure" in label)
    assert _alike(article, outside) < 0.01


def test_the_readme_states_the_conventions_of_the_code():
    readme = (settings.PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    for kind, undirected, arrow, width in encoding.conventions_table():
        row = f"| {kind} | {undirected} | {arrow or '—'} | {width} |"
        assert row in readme, row
    assert encoding.width_note() in readme
    assert re.search(r"open double line", readme)
