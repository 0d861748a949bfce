"""The rendered HTML: self-contained, every layer present, deterministic, text escaped."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from helpers import page_data, page_texts

from geo.cli import main
from geo.layers import RELATION_LAYERS

LAYERS = [
    "Partners",
    "Energy routes",
    "Disputed territories",
    "Places",
    "Later developments",
    "Country names",
    "Sea names",
    *(name for name, _ in RELATION_LAYERS.values()),
]


@pytest.fixture(scope="module")
def html(built_html) -> str:
    return built_html.read_text(encoding="utf-8")


def test_no_external_scripts_or_styles(html):
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    assert "cdn." not in html and "googleapis" not in html


def test_leaflet_is_inlined(html):
    assert "Leaflet 1.9.3" in html or "leafletjs.com" in html
    assert "L.map(" in html
    assert "url(images/" not in html  # Leaflet's icons are data URIs


@pytest.mark.parametrize("name", LAYERS)
def test_every_layer_is_in_the_page(html, name):
    assert f'"{name}"' in html or f"&#34;{name}&#34;" in html or name in html
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    drawing = json.dumps(page_data(html)["drawing"])  # the features' classes
    assert f"geo-{slug}" in drawing


def test_two_builds_are_byte_identical(tmp_path):
    a, b = tmp_path / "a" / "map.html", tmp_path / "b" / "map.html"
    assert main(["build", "--out", str(a)]) == 0
    assert main(["build", "--out", str(b)]) == 0
    assert hashlib.sha256(a.read_bytes()).hexdigest() == hashlib.sha256(b.read_bytes()).hexdigest()


def test_text_from_data_is_escaped(data_copy, tmp_path):
    payload = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
    rel = data_copy / "relations.csv"
    text = rel.read_text(encoding="utf-8")
    assert ",Oil and gas exports.," in text or "Oil and gas exports." in text
    rel.write_text(
        text.replace("Oil and gas exports.", payload.replace(",", " "), 1), encoding="utf-8"
    )
    out = tmp_path / "map.html"
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    cards = "".join(page_texts(page))  # the HTML the map's cards and tooltips are given
    for where in (page, cards):
        assert "<img src=x" not in where
        assert "<script>alert(2)" not in where
    assert "&lt;img src=x onerror=alert(1)&gt;" in cards


def test_cards_set_the_article_beside_sources_that_differ(html):
    text = "".join(page_texts(html))
    # $33bn, $10.6bn, since 2008 (r007's "half" lost its aggregator-only figure)
    assert text.count("Where other sources differ") >= 3
    assert "about 32 USD bn (Putin, Apr 2013)" in text
    assert 'href="http://tass.com/russianpress/692944"' in text


def test_a_band_with_an_outside_figure_shows_the_statements_cards_as_cards(html):
    texts = page_texts(html)
    bands = [t for t in texts if "figure from another source" in t]
    assert bands and all(t.count('<div class="geo-card">') >= 2 for t in bands)
    assert not any("&lt;div class=" in t for t in texts)  # no card escaped into text


def test_the_page_marks_an_inferred_date_and_counts_what_involves_russia(html):
    assert "12 Nov 2013 (inferred)" in html
    text = html.replace("&#39;", "'")
    assert "75 relationships stated in Richard Weitz's article of 12 Nov 2013 (inferred)" in text
    assert "67 between Russia and" in text and "8 between other countries and groups" in text
    assert "Undated statements always stay on the map." in html
