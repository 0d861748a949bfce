"""Embedding, as a reader sees it: the map inside a report's iframe and as a pasted fragment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo import settings
from geo.cli import main

pytestmark = pytest.mark.browser


@pytest.fixture
def page_factory(browser):
    pages = []

    def new_page(width: int = 1000, height: int = 900):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        pages.append(page)
        return page

    yield new_page
    for page in pages:
        page.close()


def _whole_page_screenshot(page, path: Path) -> None:
    """A screenshot of the whole page: the window made as tall as the page first, then two
    frames for the maps to refit, then a plain screenshot with animations stopped (Playwright's
    ``full_page`` resize, done behind the page's back, now and then never settled with three
    maps refitting to it, and timed out)."""
    height = page.evaluate("() => document.documentElement.scrollHeight")
    page.set_viewport_size({"width": page.viewport_size["width"], "height": height})
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.screenshot(path=str(path), animations="disabled", timeout=90_000)


def test_example_report_shows_the_map_inside_its_iframe(page_factory, tmp_path: Path):
    assert main(["build", "--out", str(tmp_path / "russia-asia-pacific.html")]) == 0
    assert (
        main(["build", "--format", "png", "--out", str(tmp_path / "russia-asia-pacific.png")]) == 0
    )
    shutil.copy(settings.OUTPUT_DIR / "example-report.html", tmp_path)
    page = page_factory()
    page.goto((tmp_path / "example-report.html").as_uri())
    frame = page.frame_locator("iframe.map-frame")
    frame.locator(".geo-layout").wait_for(state="attached")
    assert frame.locator(".geo-trade-flows").count() > 0
    box = frame.locator(".folium-map").bounding_box()
    outer = page.locator("iframe.map-frame").bounding_box()
    assert box is not None and outer is not None
    assert box["width"] >= outer["width"] - 2 and box["height"] >= outer["height"] - 2
    page.wait_for_timeout(300)
    _whole_page_screenshot(page, settings.OUTPUT_DIR / "screenshot-report.png")
    page.emulate_media(media="print")
    assert page.locator("img.print-only").is_visible()
    assert not page.locator("iframe.map-frame").is_visible()
    assert page.errors == []


@pytest.mark.parametrize("width", [480, 1200])
def test_fragment_pasted_into_a_page_renders_at_any_width(
    page_factory, tmp_path: Path, width: int
):
    fragment = tmp_path / "fragment.html"
    assert main(["build", "--fragment", "--out", str(fragment)]) == 0
    host = tmp_path / "host.html"
    host.write_text(
        "<!DOCTYPE html><html lang='en'><head><title>Host</title></head><body>"
        "<h1>A host page</h1>"
        + fragment.read_text(encoding="utf-8")
        + "<p id='after'>Text after the map.</p></body></html>",
        encoding="utf-8",
    )
    page = page_factory(width=width)
    page.goto(host.as_uri())
    page.locator(".geo-embed .geo-layout").wait_for(state="attached")
    assert page.locator(".geo-embed .geo-partners").count() > 0
    box = page.locator(".geo-embed").bounding_box()
    assert box is not None and box["height"] == 600
    assert page.locator("#after").is_visible()  # the host page keeps its own flow
    assert page.errors == []


HOST = """<!DOCTYPE html><html lang="en"><head><title>Host</title>
<style>body {{ margin: 0; font: 16px serif; }} header, footer {{ background: #eee; }}
main {{ max-width: 700px; margin: 0 auto; }}</style></head><body>
<header><h1>A report</h1></header>
<main><p>Some text of the report, long enough to wrap at a narrow width, with a link.</p></main>
<footer><p>The report's footer.</p></footer>
<section id="maps">{maps}</section>
</body></html>"""


def _boxes(page) -> dict:
    return {
        sel: page.locator(sel).bounding_box()
        for sel in ("body > header", "body > main", "body > footer")
    }


def test_two_fragments_and_an_iframe_on_one_page_draw_and_toggle_apart(
    page_factory, tmp_path: Path
):
    first, second = tmp_path / "trade.html", tmp_path / "routes.html"
    assert (
        main(["build", "--fragment", "--layers", "partners,trade-flows", "--out", str(first)]) == 0
    )
    assert (
        main(["build", "--fragment", "--layers", "partners,energy-routes", "--out", str(second)])
        == 0
    )
    assert main(["build", "--out", str(tmp_path / "whole.html")]) == 0
    plain, hosted = tmp_path / "plain.html", tmp_path / "hosted.html"
    plain.write_text(HOST.format(maps=""), encoding="utf-8")
    iframe = '<iframe src="whole.html" style="width:640px;height:450px;border:0"></iframe>'
    maps = first.read_text(encoding="utf-8") + second.read_text(encoding="utf-8") + iframe
    hosted.write_text(HOST.format(maps=maps), encoding="utf-8")

    page = page_factory(width=1000)
    page.goto(plain.as_uri())
    before = _boxes(page)
    page.goto(hosted.as_uri())
    embeds = page.locator(".geo-embed")
    assert embeds.count() == 2
    for i in range(2):
        embeds.nth(i).locator(".geo-layout").wait_for(state="attached")
    frame = page.frame_locator("iframe")
    frame.locator(".geo-layout").wait_for(state="attached")  # 640 px: layers folded
    assert _boxes(page) == before  # the host's own layout is untouched
    trade, routes = embeds.nth(0), embeds.nth(1)
    assert trade.locator(".geo-trade-flows").count() > 0
    assert routes.locator(".geo-energy-routes").count() > 0
    assert trade.locator(".geo-energy-routes").count() == 0
    assert frame.locator(".geo-trade-flows").count() > 0
    # switching a layer off in one map leaves the other maps as they were
    drawn = routes.locator(".geo-partners").count()
    land = trade.locator(".geo-natural-earth-countries").count()
    assert land > 0
    layers = trade.locator(".geo-layers > button")  # 600 px high: the layer list is folded
    assert layers.get_attribute("aria-expanded") == "false"
    layers.click()
    trade.locator(".leaflet-control-layers-overlays label", has_text="Partners").locator(
        "input"
    ).click()
    assert trade.locator(".geo-partners").count() == 0
    assert trade.locator(".geo-natural-earth-countries").count() == land  # its basemap stays
    assert routes.locator(".geo-partners").count() == drawn
    assert frame.locator(".geo-partners").count() > 0
    ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), "element ids repeat between the two maps"
    _whole_page_screenshot(page, settings.OUTPUT_DIR / "screenshot-host-page.png")
    assert page.errors == []
