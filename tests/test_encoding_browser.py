"""The encoding conventions in the browser: turnover has no arrowheads, claims run from
Japan to the southern Kurils, stances are badges, group markers stand at sea; and the review
screenshots of those views (output/screenshot-claims-kurils.png, -stances.png)."""

from __future__ import annotations

import pytest
from helpers import PROPS_JS

from geo import settings

pytestmark = pytest.mark.browser

MAP = "window[document.querySelector('.folium-map').id]"


@pytest.fixture
def page(browser, built_html):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(built_html.as_uri())
    page.wait_for_selector(".leaflet-control-layers")
    yield page
    page.close()


def _switch_on(page, *names: str) -> None:
    for name in names:
        page.locator(".leaflet-control-layers-overlays label", has_text=name).locator(
            "input"
        ).check()


def _view(page, lat: float, lon: float, zoom: int) -> None:
    page.evaluate(f"() => {MAP}.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
    page.wait_for_timeout(200)


def _paths(page, slug: str) -> list[dict]:
    """Every drawn SVG path of a layer: its tooltip, arrow class and dash."""
    return page.evaluate(
        """(slug) => {
"""
        + PROPS_JS
        + """
      const out = [];
      """
        + MAP
        + """.eachLayer(l => {
        const p = props(l);
        if (!l._path || !p || !l._path.classList.contains('geo-' + slug)) return;
        out.push({tooltip: p.tooltip, arrow: /geo-arrow-/.test(l._path.getAttribute('class')),
                  dash: l._path.getAttribute('stroke-dasharray')});
      });
      return out;
    }""",
        slug,
    )


def test_turnover_has_no_arrowheads_only_the_transit_exports_do(page):
    trade = _paths(page, "trade-flows")
    assert len(trade) >= 8
    arrows = [p["tooltip"] for p in trade if p["arrow"]]
    assert len(arrows) == 1 and "via North Korea" in arrows[0]  # r056, rail exports
    assert any("not in the article" in p["tooltip"] for p in trade)  # outside figures named
    assert any("No figure for this pair" in p["tooltip"] for p in trade)


def test_claims_run_from_japan_to_the_southern_kurils(page):
    _switch_on(page, "Territorial claims")
    _view(page, 40.0, 143.0, 5)
    claims = _paths(page, "territorial-claims")
    kurils = [p for p in claims if "Japan → Russia" in p["tooltip"]]
    assert kurils and all(p["arrow"] for p in kurils)
    assert "Territory: Habomai Islands" in kurils[0]["tooltip"]
    assert "Kunashir" in kurils[0]["tooltip"] and "Iturup" in kurils[0]["tooltip"]
    page.screenshot(path=str(_shot("claims-kurils")))


def test_stances_are_badges_on_their_actor(page):
    _switch_on(page, "Energy ties", "Arms transfers")
    _view(page, 35.0, 110.0, 3)
    for slug in ("energy-ties", "arms-transfers"):
        badges = [p for p in _paths(page, slug) if "stance on" in p["tooltip"]]
        assert any(
            p["tooltip"].startswith('<div class="geo-card"><div class="geo-card-title">China')
            for p in badges
        ), slug
        assert all(p["dash"] and not p["arrow"] for p in badges)
        # no line China -> Russia: China's wish is not a flow
        assert not any("China → Russia" in p["tooltip"] for p in _paths(page, slug))
    page.screenshot(path=str(_shot("stances")))


def _shot(name: str):
    settings.OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    return settings.OUTPUT_DIR / f"screenshot-{name}.png"
