"""Large layers: drawn on one canvas instead of thousands of SVG paths, and still usable
(tooltips, popups, the year filter). The threshold is lowered so the real map shows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import PROPS_JS

from geo import settings
from geo.cli import main

pytestmark = pytest.mark.browser

MAP = "window[document.querySelector('.folium-map').id]"

# The flows of a kind (its word in the cards, e.g. "Trade") as Leaflet holds them: screen
# point of each line's middle vertex, its year, whether it is on a canvas.
FLOWS_OF = f"""(kind) => {{
{PROPS_JS}
  const map = {MAP}, out = [];
  map.eachLayer(l => {{
    const p = props(l);
    if (!p || !p.tooltip || !l.getLatLngs || !(p.popup || '').includes(kind)) return;
    const pts = l.getLatLngs().flat(2), mid = pts[Math.floor(pts.length / 2)];
    const at = map.latLngToContainerPoint(mid), box = map.getContainer().getBoundingClientRect();
    out.push({{x: box.left + at.x, y: box.top + at.y, year: p.year, tip: p.tooltip,
               canvas: l._renderer instanceof L.Canvas, opacity: l.options.opacity}});
  }});
  return out;
}}"""


def _canvas_page(browser, out: Path, layers: str):
    assert main(["build", "--layers", layers, "--on", layers, "--out", str(out)]) == 0
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(out.as_uri())
    page.wait_for_selector(".leaflet-control-layers")
    return page


@pytest.fixture
def canvas_page(browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A factory: the map of ``layers`` with sets of 5 or more features on a canvas."""
    monkeypatch.setattr(settings, "CANVAS_FROM", 5)
    pages = []

    def build(layers: str):
        pages.append(_canvas_page(browser, tmp_path / "map.html", layers))
        return pages[-1]

    yield build
    for page in pages:
        page.close()


@pytest.fixture
def page(canvas_page):
    return canvas_page("trade-flows,partners")


@pytest.fixture
def dated_page(canvas_page):
    """Diplomacy: many lines, each of statements dated in different years."""
    return canvas_page("diplomacy-and-events,partners")


def flows_on(page, kind: str = "Trade") -> list:
    return page.evaluate(FLOWS_OF, kind)


def test_a_large_layer_is_one_canvas_not_svg_paths(page):
    flows = flows_on(page)
    assert len(flows) >= 5 and all(f["canvas"] for f in flows if not _small_set(f))
    # one canvas per large set: basemap, partners, the trade bands; the trade layer's small
    # sets stay SVG paths: one open double line's white core, one arrow (canvas lines carry
    # no arrowheads)
    assert page.locator(".leaflet-overlay-pane canvas").count() == 3
    assert page.locator("path.geo-trade-flows").count() == 2
    assert page.errors == []


def _small_set(flow: dict) -> bool:
    """The trade layer's only arrowed line (Russia's exports via North Korea), one set of
    its own, too small for a canvas."""
    return "via North Korea" in flow["tip"]


def test_canvas_lines_answer_the_pointer(page):
    flows = sorted(flows_on(page), key=lambda f: f["y"])
    hit = next(f for f in flows if "Vietnam" in f["tip"])
    page.mouse.move(hit["x"], hit["y"])
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=2000)
    assert "Vietnam" in tooltip.inner_text()


def test_the_year_filter_takes_later_canvas_lines_off_and_back(dated_page):
    page = dated_page
    before = flows_on(page, "Diplomacy")
    assert before and all(f["canvas"] for f in before)
    slider = page.locator(".geo-years input")
    slider.evaluate("el => { el.value = el.min; el.dispatchEvent(new Event('input')); }")
    low = int(slider.get_attribute("min") or 0)
    later = {f["tip"] for f in before if f["year"] is not None and f["year"] > low}
    shown = {f["tip"] for f in flows_on(page, "Diplomacy")}
    assert later and not later & shown
    assert shown == {f["tip"] for f in before} - later
    slider.evaluate("el => { el.value = el.max; el.dispatchEvent(new Event('input')); }")
    assert len(flows_on(page, "Diplomacy")) == len(before)


def test_a_canvas_leaves_the_map_with_its_layer(page):
    canvases = page.locator(".leaflet-overlay-pane canvas")
    before = canvases.count()
    toggle = page.locator(".leaflet-control-layers-overlays label", has_text="Trade flows")
    toggle.locator("input").click()
    assert canvases.count() == before - 1
    toggle.locator("input").click()
    assert canvases.count() == before
    assert all(f["canvas"] for f in flows_on(page) if not _small_set(f))
