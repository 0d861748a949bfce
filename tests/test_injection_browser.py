"""Markup in the data is shown as text: a map built from hostile text fields, in Chromium.

Text fields that reach tooltips and popups (a relation's note and quote, a place's name and
note, a route's name, a disputed territory's name, the document's title) carry HTML and
JavaScript payloads. The built page must show each payload literally, open no dialog, gain
no script or image element while features are hovered and clicked, and log no error.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import PROPS_JS, set_cell

from geo import settings
from geo.cli import main

pytestmark = pytest.mark.browser


PAYLOAD = (
    "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
    "\"><svg onload=alert(3)>' onmouseover='alert(4)"
)

#: field -> the text put in it; each starts with a plain marker used to find its feature.
TEXTS = {
    "relation note": f"NOTE-R050 {PAYLOAD}",
    "relation quote": f"QUOTE-R050 {PAYLOAD}",
    "place name": f"PLACE-ALDAN {PAYLOAD}",
    "place note": f"PLACE-NOTE {PAYLOAD}",
    "route name": f"ROUTE-ESPO {PAYLOAD}",
    "dispute name": f"DISPUTE-DOKDO {PAYLOAD}",
    "document title": f"TITLE {PAYLOAD}",
}

# Find the feature layer whose tooltip (else popup) HTML contains `marker` (plain text, so
# its escaped and raw forms agree); keep it as window.__hit; return its centre on screen.
FIND = (
    """(marker) => {
"""
    + PROPS_JS
    + """
  const map = window[document.querySelector('.folium-map').id];
  let hit = null;
  for (const key of ['tooltip', 'popup']) {
    map.eachLayer(l => {
      const p = props(l);
      if (!hit && p && (p[key] || '').includes(marker)) hit = l;
    });
  }
  window.__hit = hit;
  if (!hit) return null;
  const at = hit.getLatLng ? hit.getLatLng() : hit.getCenter();
  window.__at = at;
  const pt = map.latLngToContainerPoint(at), box = map.getContainer().getBoundingClientRect();
  return {x: box.left + pt.x, y: box.top + pt.y};
}"""
)

# The screen point halfway along the SVG path of the line whose tooltip mentions `marker`,
# after zooming in there (zoom `zoom`) so that no other feature lies on top of it.
ON_PATH = (
    """([marker, zoom]) => {
"""
    + PROPS_JS
    + """
  const map = window[document.querySelector('.folium-map').id];
  let hit = null;
  map.eachLayer(l => {
    const p = props(l);
    if (!hit && l._path && p && (p.tooltip || '').includes(marker)) hit = l;
  });
  if (!hit) return null;
  const middle = () => {
    const el = hit._path, at = el.getPointAtLength(el.getTotalLength() / 2);
    return new DOMPoint(at.x, at.y).matrixTransform(el.getScreenCTM());
  };
  const box = map.getContainer().getBoundingClientRect(), first = middle();
  map.setView(map.containerPointToLatLng([first.x - box.left, first.y - box.top]), zoom,
              {animate: false});
  const pt = middle();
  return {x: pt.x, y: pt.y};
}"""
)

# Fire Leaflet's own events on the found layer, as a pointer would.
HOVER = "() => { window.__hit.fire('mouseover', {latlng: window.__at}, true); }"
UNHOVER = "() => { window.__hit.fire('mouseout', {latlng: window.__at}, true); }"
CLICK = "() => { window.__hit.fire('click', {latlng: window.__at}, true); }"

DANGER = """() => ({
  scripts: document.querySelectorAll('script').length,
  images: document.querySelectorAll('img[src="x"], img[src$="/x"]').length,
  svgs: document.querySelectorAll('svg[onload]').length,
  handlers: document.querySelectorAll('[onerror], [onload], [onmouseover]').length,
})"""


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The map built from a copy of the data whose text fields carry the payloads."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(settings.DATA_DIR, data)
    article = data / "sources" / "weitz-2013-putin-asia-tour.txt"
    rest = article.read_text(encoding="utf-8").split("\n", 1)[1]
    # the title must be the article's first line and a quote must occur in the article
    article.write_text(
        f"{TEXTS['document title']}\n{rest}\n{TEXTS['relation quote']}\n", encoding="utf-8"
    )
    set_cell(data / "sources" / "documents.csv", "weitz-2013", "title", TEXTS["document title"])
    set_cell(data / "relations.csv", "r050", "note", TEXTS["relation note"])
    set_cell(data / "relations.csv", "r050", "quote", TEXTS["relation quote"])
    set_cell(data / "places.csv", "aldan", "name", TEXTS["place name"])
    set_cell(data / "places.csv", "aldan", "note", TEXTS["place note"])
    set_cell(data / "routes.csv", "espo1", "name", TEXTS["route name"])
    set_cell(data / "disputes.csv", "dokdo", "name", TEXTS["dispute name"])
    out = tmp_path_factory.mktemp("hostile-map") / "map.html"
    assert main(["build", "--data", str(data), "--out", str(out)]) == 0
    return out


@pytest.fixture
def page(browser, hostile_html: Path):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.dialogs, page.errors = [], []

    def on_dialog(dialog) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(hostile_html.as_uri())
    page.wait_for_selector(".leaflet-control-layers")
    page.danger_at_open = page.evaluate(DANGER)
    yield page
    context.close()


def _assert_still_safe(page) -> None:
    page.wait_for_timeout(100)  # let any injected handler fire
    assert page.dialogs == []
    assert page.errors == []
    assert page.evaluate(DANGER) == page.danger_at_open
    assert page.danger_at_open["images"] == 0 and page.danger_at_open["svgs"] == 0
    assert page.danger_at_open["handlers"] == 0


def _tooltip(page, marker: str) -> str:
    assert page.evaluate(FIND, marker) is not None, f"no feature mentions {marker}"
    page.evaluate(HOVER)
    tooltip = page.locator(".leaflet-tooltip").last
    tooltip.wait_for()
    text = tooltip.inner_text()
    page.evaluate(UNHOVER)
    return text


def _popup(page, marker: str) -> str:
    assert page.evaluate(FIND, marker) is not None, f"no feature mentions {marker}"
    page.evaluate(CLICK)
    popup = page.locator(".leaflet-popup-content").last
    popup.wait_for()
    return popup.inner_text()


def test_the_page_opens_with_no_dialog_error_or_injected_element(page):
    _assert_still_safe(page)
    credit = page.locator(".geo-credit").inner_text()  # the source, in the credit line
    assert TEXTS["document title"] in credit


@pytest.mark.parametrize(
    ("marker", "fields"),
    [
        ("PLACE-ALDAN", ["place name"]),
        ("ROUTE-ESPO", ["route name"]),
        ("DISPUTE-DOKDO", ["dispute name"]),
    ],
)
def test_tooltips_show_the_payload_as_text(page, marker, fields):
    text = _tooltip(page, marker)
    for field in fields:
        assert TEXTS[field] in text
    _assert_still_safe(page)


@pytest.mark.parametrize(
    ("marker", "fields"),
    [
        ("PLACE-ALDAN", ["place name", "place note"]),
        ("ROUTE-ESPO", ["route name", "document title"]),
        ("DISPUTE-DOKDO", ["dispute name", "document title"]),
        ("NOTE-R050", ["relation note", "relation quote", "document title"]),
    ],
)
def test_popups_show_the_payload_as_text(page, marker, fields):
    text = _popup(page, marker)
    for field in fields:
        assert TEXTS[field] in text, (field, text)
    _assert_still_safe(page)


def test_a_real_pointer_on_the_hostile_route_shows_text_and_runs_nothing(page):
    point = page.evaluate(ON_PATH, ["ROUTE-ESPO", 7])
    assert point is not None
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator(".leaflet-tooltip").last
    tooltip.wait_for()
    assert TEXTS["route name"] in tooltip.inner_text()
    page.mouse.click(point["x"], point["y"])
    popup = page.locator(".leaflet-popup-content").last
    popup.wait_for()
    text = popup.inner_text()
    assert TEXTS["route name"] in text and TEXTS["place name"] in text  # waypoints by name
    assert TEXTS["document title"] in text
    _assert_still_safe(page)
    page.wait_for_timeout(400)  # let the map pan the popup into view
    settings.OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    shot = settings.OUTPUT_DIR / "screenshot-injection.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
