"""What a person sees: the built map opened from disk in headless Chromium, offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import DATA_BLOCK, page_data

from geo import settings
from geo.layers import RELATION_LAYERS
from geo.tables import relations_csv

pytestmark = pytest.mark.browser

OVERLAYS = [
    "Partners",
    *(n for n, _ in RELATION_LAYERS.values()),
    "Disputed territories",
    "Energy routes",
    "Places",
    "Country names",
    "Sea names",
    "Later developments",
]

# Find the Leaflet layer whose tooltip mentions `text`; return the screen point in the middle
# of its SVG path, or null.
FIND_FEATURE = """(text) => {
  const map = window[document.querySelector('.folium-map').id];
  let hit = null;
  map.eachLayer(l => {
    const tip = l.getTooltip && l.getTooltip();
    if (!hit && l._path && tip && String(tip.getContent()).includes(text)) hit = l;
  });
  if (!hit) return null;
  const el = hit._path, len = el.getTotalLength();
  const pt = new DOMPoint(el.getPointAtLength(len / 2).x, el.getPointAtLength(len / 2).y)
    .matrixTransform(el.getScreenCTM());
  return {x: pt.x, y: pt.y};
}"""


@pytest.fixture
def page(browser, built_html: Path):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.errors, page.requests = [], []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(built_html.as_uri())
    page.wait_for_selector(".leaflet-control-layers")
    yield page
    context.close()


def _count(page, name: str) -> int:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return page.locator(f".geo-{slug}").count()


def _toggle(page, name: str) -> None:
    label = page.locator(".leaflet-control-layers-overlays label", has_text=name)
    label.locator("input").click()


def test_opens_offline_without_errors_or_requests(page):
    page.wait_for_timeout(300)
    assert page.errors == []
    assert [u for u in page.requests if not u.startswith(("file://", "data:"))] == []


def test_layer_control_lists_every_layer(page):
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert [t.strip() for t in labels] == OVERLAYS
    base = page.locator(".leaflet-control-layers-base label").all_inner_texts()
    assert [t.strip() for t in base] == ["Natural Earth countries"]


def test_layer_control_is_grouped_by_theme(page):
    headings = page.locator(".leaflet-control-layers-overlays .geo-theme").all_inner_texts()
    assert headings == [
        "Relationships",
        "Territory",
        "Infrastructure",
        "Reference",
        "After the article",
    ]


def test_directed_flows_carry_arrowheads_and_turnover_does_not(page):
    page.locator(".leaflet-control-layers-overlays label", has_text="Investment").locator(
        "input"
    ).check()
    lines = page.locator("path.geo-investment")  # every investment row is investor -> recipient
    assert lines.count() > 0
    for i in range(lines.count()):
        marker = lines.nth(i).evaluate("el => getComputedStyle(el).markerEnd")
        assert marker.startswith("url(") and "geo-arrow-" in marker
        marker_id = marker.split("#", 1)[1].rstrip('")')
        assert page.locator(f"marker#{marker_id}").count() == 1
    trade = page.locator("path.geo-trade-flows")
    ends = [
        trade.nth(i).evaluate("el => getComputedStyle(el).markerEnd") for i in range(trade.count())
    ]
    assert ends.count("none") == len(ends) - 1  # only Russia's exports via North Korea


@pytest.mark.parametrize("name", OVERLAYS)
def test_each_layer_toggles_its_features_and_legend(page, name):
    legend = page.locator(f'.geo-legend section[data-layer="{name}"]')
    keyed = legend.count() == 1
    # the layers without a legend: names are text
    assert keyed or name in ("Country names", "Sea names")
    on_at_open = _count(page, name) > 0
    if not on_at_open:
        _toggle(page, name)
    shown = _count(page, name)
    assert shown > 0
    assert legend.is_visible() or not keyed
    _toggle(page, name)
    assert _count(page, name) == 0
    assert legend.is_hidden()
    _toggle(page, name)
    assert _count(page, name) == shown
    assert legend.is_visible() or not keyed


def test_kuril_tooltip_names_administrator_and_claimant(page):
    page.evaluate(
        "() => window[document.querySelector('.folium-map').id]"
        ".setView([44.3, 146.8], 7, {animate: false})"
    )
    point = page.evaluate(FIND_FEATURE, "Iturup")
    assert point is not None
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    text = tooltip.inner_text()
    assert "Iturup" in text and "Russia" in text and "Japan" in text
    page.screenshot(path=str(_shot("kurils-tooltip")))


def test_trade_popup_carries_figure_year_and_quote(page):
    point = page.evaluate(FIND_FEATURE, "Trade: Russia – Japan")  # turnover: undirected
    assert point is not None
    page.mouse.click(point["x"], point["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "33 USD bn" in text and "2012" in text
    assert "with turnover reaching a record $33 billion last year" in text
    assert "World Politics Review" in text


def test_russia_is_drawn_whole_with_chukotka_on_the_pacific_side(page):
    bounds = page.evaluate("""() => {
      const map = window[document.querySelector('.folium-map').id];
      let b = null;
      map.eachLayer(l => { const tip = l.getTooltip && l.getTooltip();
        if (l._path && tip && String(tip.getContent()).includes('>Russia<')) b = l.getBounds();
      });
      return b && {west: b.getWest(), east: b.getEast()};
    }""")
    assert bounds is not None
    assert bounds["west"] < 40 and bounds["east"] > 185


DRAWN = """() => {
  const map = window[document.querySelector('.folium-map').id], out = [];
  map.eachLayer(l => {
    if (!(l instanceof L.Path)) return;
    const flat = l.getLatLngs ? l.getLatLngs().flat(3) : [l.getLatLng()];
    const a = flat[0], b = flat[flat.length - 1];
    out.push([flat.length, a.lat, a.lng, b.lat, b.lng].map(v => +v.toFixed(5)));
  });
  return out;
}"""


def _outline(geom) -> list[float]:
    """Vertex count, first and last vertex (lat, lng) as Leaflet holds ``geom``: polygon
    rings without their closing vertex."""
    import shapely

    parts = getattr(geom, "geoms", [geom])
    if geom.geom_type.endswith("Polygon"):
        rings = [r for p in parts for r in (p.exterior, *p.interiors)]
        coords = [xy for r in rings for xy in shapely.get_coordinates(r)[:-1].tolist()]
    else:
        coords = shapely.get_coordinates(geom).tolist()
    (x0, y0), (x1, y1) = coords[0], coords[-1]
    return [len(coords), *(round(v, 5) for v in (y0, x0, y1, x1))]


def test_every_feature_is_drawn_where_the_data_puts_it(page, map_data):
    from geo.model import all_layers as map_layers

    for name in OVERLAYS:
        label = page.locator(".leaflet-control-layers-overlays label", has_text=name)
        if not label.locator("input").is_checked():
            _toggle(page, name)
    expected = sorted(
        _outline(geom)
        for layer in map_layers(map_data)
        for part in layer.features
        if not part.label_only  # names alone are text, not drawn shapes
        for geom in part.frame.geometry
    )
    assert sorted(page.evaluate(DRAWN)) == expected


def test_screenshot_of_the_map_at_open(page):
    page.wait_for_timeout(300)
    path = _shot("map")
    page.screenshot(path=str(path))
    assert path.stat().st_size > 50_000


def _shot(name: str) -> Path:
    settings.OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    return settings.OUTPUT_DIR / f"screenshot-{name}.png"


def test_switching_back_to_the_basemap_keeps_it_under_the_overlays(browser, tmp_path):
    from geo.cli import main

    out = tmp_path / "tiles.html"
    assert main(["build", "--basemap", "tiles", "--out", str(out)]) == 0
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(out.as_uri())
    base = page.locator(".leaflet-control-layers-base label")
    base.filter(has_text="OpenStreetMap").locator("input").click()
    assert page.locator("path.geo-natural-earth-countries").count() == 0
    base.filter(has_text="Natural Earth").locator("input").click()
    assert page.locator(".leaflet-geoBase-pane path.geo-natural-earth-countries").count() > 200
    assert page.locator(".leaflet-overlay-pane path.geo-natural-earth-countries").count() == 0
    page.close()


FOCUSED = """() => { const e = document.activeElement;
  return [e.tagName + (e.type ? ':' + e.type : ''), String(e.className.baseVal ?? e.className)];
}"""


def test_the_controls_come_right_after_the_title_in_tab_order(page):
    stops = []
    for _ in range(30):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    assert "geo-skip" in stops[0][1]
    zoom = next(i for i, (_, cls) in enumerate(stops) if "leaflet-control-zoom-in" in cls)
    slider = next(i for i, (tag, _) in enumerate(stops) if tag == "INPUT:range")
    assert zoom <= 5  # skip link, CSV link, text version, the map itself, then the controls
    assert not any("leaflet-interactive" in cls for _, cls in stops[: slider + 1])


def test_the_skip_link_opens_the_text_version(page):
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.locator(".geo-text").get_attribute("open") is not None
    assert "geo-text-body" in page.evaluate(FOCUSED)[1]


def test_the_csv_link_downloads_the_relations_table_exactly(page, map_data, tmp_path):
    link = page.locator(".geo-credit a[download]")
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "relations.csv"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "russia-asia-pacific-relations.csv"
    assert saved.read_bytes() == relations_csv(map_data.relations).encode("utf-8")


def test_the_page_unpacks_its_data_block_exactly(page, built_html):
    # atob, the vendored tiny-inflate and TextDecoder give back what Python packed, curly
    # quotes and Japanese, Korean and Chinese names included
    got = page.evaluate("document.querySelector('.geo-root').geo.data")
    assert got == page_data(built_html.read_text(encoding="utf-8"))


def test_a_damaged_data_block_fails_saying_so(browser, built_html, tmp_path):
    html = built_html.read_text(encoding="utf-8")
    size = DATA_BLOCK.search(html).group(1)
    damaged = tmp_path / "damaged.html"
    damaged.write_text(html.replace(f'data-size="{size}"', f'data-size="{int(size) + 1}"'))
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(damaged.as_uri())
    page.wait_for_selector(".leaflet-control-layers")
    page.close()
    assert errors == ["geo: the map's data block is damaged"]
