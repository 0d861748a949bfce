"""What an analyst checks before publishing: accessibility, text version, filters, labels,
and the screenshots a cartographer reviews (whole map, southern Kurils, Korean peninsula)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import PROPS_JS

from geo import settings

pytestmark = pytest.mark.browser

MAP = "window[document.querySelector('.folium-map').id]"


@pytest.fixture
def page(browser, built_html: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(built_html.as_uri())
    page.wait_for_selector(".leaflet-control-layers")
    yield page
    page.close()


def _view(page, lat: float, lon: float, zoom: int) -> None:
    page.evaluate(f"() => {MAP}.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
    page.wait_for_timeout(200)


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']}: {v['help']}" for v in violations if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_or_critical_violations(page):
    assert _serious(page) == []
    page.locator(".geo-text summary").click()
    for name in ("Investment", "Security", "Diplomacy and events"):
        page.locator(".leaflet-control-layers-overlays label", has_text=name).locator(
            "input"
        ).click()
    assert _serious(page) == []


def test_text_version_is_reachable_by_keyboard_and_lists_every_feature(page, map_data):
    summary = page.locator(".geo-text summary")
    for _ in range(60):
        page.keyboard.press("Tab")
        if summary.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the text version is not reachable with Tab")
    page.keyboard.press("Enter")
    table = page.locator(".geo-text table")
    table.wait_for()
    from geo.layers.relations import RELATION_LAYERS, reported_events

    rel, events = map_data.relations, map_data.events
    drawn_events = sum(  # an event is listed under each layer that draws it
        len(reported_events(events, rel[rel["kind"] == kind])) for kind in RELATION_LAYERS
    ) + int((events["later"] == "true").sum())
    from geo.layers.relations import outside_figures_drawn

    figures = sum(  # an outside figure that sets a width is listed under its layer
        len(outside_figures_drawn(rel, kind, map_data.figures)) for kind in RELATION_LAYERS
    )
    expected = len(rel) + drawn_events + figures + len(map_data.routes) + len(map_data.disputes)
    assert table.locator("tbody tr").count() == expected
    text = page.locator(".geo-text p").inner_text()
    assert "33 USD bn (2012)" in text and "Kunashir" in text


def test_layer_checkboxes_toggle_from_the_keyboard(page):
    box = page.locator(".leaflet-control-layers-overlays label", has_text="Investment").locator(
        "input"
    )
    box.focus()
    page.keyboard.press("Space")
    assert page.locator(".geo-investment").count() > 0


def test_year_filter_hides_features_dated_after_the_chosen_year(page):
    slider = page.locator(".geo-years input")
    slider.wait_for()
    routes = page.locator(".geo-energy-routes")
    before = routes.count()
    slider.evaluate("el => { el.value = el.min; el.dispatchEvent(new Event('input')); }")
    after = routes.count()
    assert 0 < after < before  # undated (proposed) routes stay, routes opened later go
    slider.evaluate("el => { el.value = el.max; el.dispatchEvent(new Event('input')); }")
    assert routes.count() == before
    assert "Undated statements always stay" in page.locator(".geo-years").inner_text()


def test_fullscreen_and_scale_controls(page):
    assert page.locator(".geo-fullscreen a[role=button]").count() == 1
    assert page.locator(".leaflet-control-scale").count() == 1


def test_screenshot_whole_map(page):
    page.screenshot(path=str(_shot("map")))


def test_southern_kurils_are_distinct_and_labelled(page):
    labels = page.locator(".geo-label-disputed-territories")
    # no label pile-up zoomed out: names placed clear of each other show (Etorofu / Iturup),
    # the others wait for a closer zoom
    assert labels.filter(has_text="Shikotan").is_hidden()
    boxes = labels.evaluate_all(
        """els => els.filter(e => e.offsetParent !== null).map(e => {
             const r = e.querySelector('.geo-label').getBoundingClientRect();
             return [r.left, r.top, r.right, r.bottom];
           })"""
    )
    assert len(boxes) >= 2  # Etorofu / Iturup and others are named zoomed out
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    _view(page, 44.2, 146.5, 7)
    for name in ("Iturup", "Kunashir", "Shikotan", "Habomai"):
        assert labels.filter(has_text=name).is_visible()
    page.screenshot(path=str(_shot("kurils")))


def test_korean_transit_route_is_visible_and_marked_proposed(page):
    _view(page, 40.0, 128.5, 6)
    routes = page.locator(".geo-energy-routes")
    dashes = routes.evaluate_all("els => els.map(e => e.getAttribute('stroke-dasharray'))")
    assert any(dashes) and None in dashes  # proposed (dashed) and operating (solid)
    proposed = page.evaluate(
        """() => {
"""
        + PROPS_JS
        + """
      let out = null;
      window[document.querySelector('.folium-map').id].eachLayer(l => {
        const p = props(l);
        if (l._path && p && p.tooltip && p.tooltip.includes('trans-Korean gas'))
          out = l._path.getAttribute('stroke-dasharray');
      });
      return out;
    }"""
    )
    assert proposed  # the transit route through North Korea is dashed
    page.screenshot(path=str(_shot("korea")))


def test_sakhalin_lng_lanes_run_at_sea(page):
    _view(page, 41.5, 139.0, 5)
    lanes = page.evaluate(
        """() => {
      """
        + PROPS_JS
        + """
      const out = [];
      """
        + MAP
        + """.eachLayer(l => { const p = props(l);
        if (l._path && p && p.tooltip.includes('Sakhalin-2 LNG to')) out.push(p.tooltip); });
      return out;
    }"""
    )
    assert len(lanes) == 3  # Tokyo Bay, Niigata, South Korea
    page.screenshot(path=str(_shot("sea-lanes")))


def _shot(name: str) -> Path:
    settings.OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    return settings.OUTPUT_DIR / f"screenshot-{name}.png"


def test_country_names_for_closer_zooms_appear_when_the_map_gets_there(page):
    """South Korea's name fits inside it only from zoom 6; Japan's from zoom 5, so at open
    it is named once, offshore, and inside as well when the map gets close."""
    names = page.locator(".geo-country-names")
    at_open = names.count()
    assert at_open > 0 and names.filter(has_text="South Korea").count() == 0
    assert names.filter(has_text="Japan").count() == 1
    _view(page, 38.0, 135.0, 6)
    assert names.count() > at_open
    assert names.filter(has_text="South Korea").is_visible()
    assert names.filter(has_text="Japan").count() == 2
