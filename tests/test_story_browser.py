"""The map argues the article, as a reader uses it in a real browser: the story's steps,
the state in the URL, search, and the table linked to the map."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import settings
from geo.cli import main
from geo.layers.catalogue import CATALOGUE

pytestmark = pytest.mark.browser

NAMES = {entry.slug: entry.name for entry in CATALOGUE}

#: Per feature with data ids: its ids, whether its layer group is on, whether it is lit.
FEATURES = """root => root.geo.features.map(f => ({
    ids: f.ids,
    on: root.geo.map.hasLayer(root.geo.groups[f.group]),
    lit: root.geo.lit.indexOf(f) >= 0}))"""

#: Whether the map's view holds the features with any of the given ids (or the bbox).
VIEW_HOLDS = """([root, ids, bbox]) => {
    const map = root.geo.map, view = map.getBounds();
    if (bbox) { return view.contains(L.latLngBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]])); }
    const found = root.geo.features.filter(f => f.ids.some(i => ids.includes(i)));
    return found.length > 0 && found.every(f =>
        view.contains(f.layer.getBounds ? f.layer.getBounds() : f.layer.getLatLng()));
}"""


@pytest.fixture
def open_page(browser, built_html: Path):
    pages = []

    def new_page(fragment="", *, url="", width=1280, height=800, wait=True):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.emulate_media(reduced_motion="reduce")  # views change at once
        page.goto(url or built_html.as_uri() + fragment)
        if wait:
            page.locator(".leaflet-control-layers").first.wait_for()
        pages.append(page)
        return page

    yield new_page
    for page in pages:
        page.close()


def _root(page):
    return page.locator(".geo-root").first.element_handle()


def _overlays_on(page) -> set[str]:
    labels = page.locator(".leaflet-control-layers-overlays label")
    return {
        labels.nth(i).inner_text().strip()
        for i in range(labels.count())
        if labels.nth(i).locator("input").is_checked()
    }


def _settle(page) -> None:
    page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim')")
    page.wait_for_timeout(350)  # the state is written a moment after the map moves


def test_every_story_step_shows_its_view_layers_and_highlights(open_page, map_data):
    page = open_page()
    bar = page.locator(".geo-story")
    steps = map_data.story
    for n, step in enumerate(steps, start=1):
        if n == 1:
            bar.locator(".geo-story-next").click()
        else:
            bar.focus()
            page.keyboard.press("ArrowRight")
        page.wait_for_selector(f".geo-root[data-geo-step='{n}']")
        assert bar.locator(".geo-story-count").inner_text() == f"Step {n} of {len(steps)}"
        assert bar.locator(".geo-story-quote").inner_text() == step.quote
        assert _overlays_on(page) == {NAMES[s] for s in step.layers}
        root = _root(page)
        assert page.evaluate(VIEW_HOLDS, [root, list(step.fit), step.bbox]), f"step {n}"
        features = page.evaluate(FEATURES, root)
        lit = {i for f in features if f["lit"] for i in f["ids"]}
        for f in features:
            named = bool(set(f["ids"]) & set(step.highlight))
            # lit exactly when named, for the features of the layers on (a country's land
            # on the basemap is lit only when no layer draws it)
            if f["on"] and named and not f["lit"]:
                assert any(i in lit for i in f["ids"]), f"step {n}: {f['ids']} not lit"
            assert not (f["lit"] and not named), f"step {n}: {f['ids']} lit, not named"
        assert set(step.highlight) <= lit | _undrawn(features, step.highlight)
    page.keyboard.press("Escape")
    assert bar.locator(".geo-story-count").inner_text().startswith("The argument in")
    assert page.evaluate(FEATURES, _root(page)) and not page.evaluate(
        "r => r.geo.lit.length", _root(page)
    )
    assert page.errors == []


def _undrawn(features: list[dict], ids) -> set[str]:
    drawn = {i for f in features for i in f["ids"]}
    return {i for i in ids if i not in drawn}


@pytest.mark.parametrize("step", [1, 3, 8])
def test_story_screenshots(open_page, step: int):
    page = open_page(f"#step={step}")
    page.wait_for_selector(f".geo-root[data-geo-step='{step}']")
    page.wait_for_timeout(400)
    page.screenshot(path=str(settings.OUTPUT_DIR / f"screenshot-story-{step}.png"))
    assert page.errors == []


def _state(page) -> dict:
    return page.evaluate(
        """r => ({zoom: r.geo.map.getZoom(),
                  lat: +r.geo.map.getCenter().lat.toFixed(2),
                  lng: +r.geo.map.getCenter().lng.toFixed(2),
                  year: r.querySelector('.geo-years input').value,
                  card: r.geo.cardId,
                  step: r.geo.story.step()})""",
        _root(page),
    )


def test_a_url_with_state_round_trips(open_page):
    page = open_page("#v=6/43.00/135.00&l=partners,energy-routes&y=2012")
    state = _state(page)
    assert (state["zoom"], state["lat"], state["lng"]) == (6, 43.0, 135.0)
    assert state["year"] == "2012" and state["card"] is None
    assert _overlays_on(page) == {NAMES["partners"], NAMES["energy-routes"]}
    # change it: open a card and close it, turn a layer on, move, choose another year
    page.evaluate(
        "r => r.geo.features.find(f => f.ids.includes('espo2')).layer.openPopup()", _root(page)
    )
    assert "ESPO-2" in page.locator(".leaflet-popup-content").inner_text()
    page.locator(".leaflet-popup-close-button").click()
    page.locator(".leaflet-control-layers-overlays label", has_text="Trade flows").locator(
        "input"
    ).click()
    page.evaluate("r => r.geo.map.setView([40.5, 128.25], 5, {animate: false})", _root(page))
    page.evaluate(
        """r => { const y = r.querySelector('.geo-years input'); y.value = 2010;
                  y.dispatchEvent(new Event('input')); }""",
        _root(page),
    )
    _settle(page)
    page.locator(".geo-copy-link").click()
    link = page.locator(".geo-link-text").input_value()
    assert link.split("#")[1] == "v=5/40.50/128.25&l=partners,trade-flows,energy-routes&y=2010"
    assert page.evaluate("location.hash") == "#" + link.split("#")[1]
    again = open_page(url=link)
    assert _state(again) == {**_state(page), "card": None}
    assert _overlays_on(again) == _overlays_on(page)
    assert page.errors == [] and again.errors == []


def test_an_open_card_round_trips(open_page):
    page = open_page("#v=5/45.00/140.00&l=energy-routes&card=espo2")
    page.wait_for_selector(".leaflet-popup")
    assert "ESPO-2" in page.locator(".leaflet-popup-content").inner_text()
    _settle(page)
    assert page.evaluate("location.hash").endswith("&l=energy-routes&card=espo2")
    page.locator(".geo-copy-link").click()
    again = open_page(url=page.locator(".geo-link-text").input_value())
    again.wait_for_selector(".leaflet-popup")
    _settle(again)
    assert _state(again) == _state(page)
    assert again.evaluate("location.hash") == page.evaluate("location.hash")
    assert page.errors == [] and again.errors == []


def test_a_story_step_and_its_card_round_trip(open_page):
    page = open_page("#step=7&card=r050")
    page.wait_for_selector(".geo-root[data-geo-step='7']")
    page.wait_for_selector(".leaflet-popup")
    assert "33" in page.locator(".leaflet-popup-content").inner_text()
    _settle(page)
    assert page.evaluate("location.hash") == "#step=7&card=r050"
    assert page.errors == []


def test_bad_state_in_the_url_is_ignored(open_page):
    page = open_page("#v=abc/1/2&l=partners,no-such-layer&card=r9999&step=99&y=1066&x=1")
    assert _overlays_on(page) == {NAMES["partners"]}
    state = _state(page)
    assert state["card"] is None and state["step"] == 0
    assert state["year"] == page.locator(".geo-years input").get_attribute("max")
    assert state["zoom"] == settings.ZOOM_START
    assert page.errors == []


@pytest.mark.parametrize(
    ("query", "name", "in_card"),
    [
        ("vietnam", "Vietnam", "Vietnam"),  # a country
        ("vladivostok", "Vladivostok", "Vladivostok"),  # a place
        ("espo-2", "ESPO-2 oil pipeline (Skovorodino-Kozmino)", "Transneft"),  # a route
        ("anti-piracy", "Security: Russia – Japan", "anti-piracy"),  # a word of a quote
    ],
)
def test_search_finds_and_opens(open_page, query: str, name: str, in_card: str):
    page = open_page()
    box = page.locator(".geo-search input")
    box.fill(query)
    options = page.locator(".geo-search-list [role=option]")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    names = [
        options.nth(i).locator(".geo-search-name").inner_text() for i in range(options.count())
    ]
    assert name in names
    assert page.evaluate("r => r.geo.lit.length", _root(page)) > 0  # matches highlighted
    for _ in range(names.index(name) + 1):
        box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_selector(".leaflet-popup")
    assert in_card in page.locator(".leaflet-popup-content").inner_text()
    assert box.get_attribute("aria-expanded") == "false"
    assert page.errors == []


def test_search_says_when_nothing_matches(open_page):
    page = open_page()
    page.locator(".geo-search input").fill("zzqx")
    assert page.locator(".geo-search [aria-live]").inner_text() == "No matches"
    assert page.locator(".geo-search-list").is_hidden()


def test_a_table_row_opens_its_card_and_the_table_filters_and_sorts(open_page):
    page = open_page()
    page.locator(".geo-text summary").click()
    row = page.locator("tr[data-ids='r050']")
    row.click()
    page.wait_for_selector(".leaflet-popup")
    card = page.locator(".leaflet-popup-content").inner_text()
    assert "33" in card and "r050" in card
    assert _overlays_on(page) >= {NAMES["trade-flows"]}
    _settle(page)
    assert page.evaluate("location.hash").endswith("&card=r050")  # the row's own id
    # filter by layer, then sort by the When column, latest first
    page.locator(".geo-table-filters label", has_text="Layer").locator("select").select_option(
        NAMES["energy-routes"]
    )
    rows = page.locator(".geo-text tbody tr:visible")
    assert rows.count() == 10
    assert {rows.nth(i).locator("td").first.inner_text() for i in range(10)} == {
        NAMES["energy-routes"]
    }
    when = page.locator(".geo-text th", has_text="When")
    when.locator("button").click()
    when.locator("button").click()
    assert when.get_attribute("aria-sort") == "descending"
    dates = [rows.nth(i).locator("td").nth(5).inner_text() for i in range(10)]
    assert dates == sorted(dates, reverse=True)
    assert page.errors == []


def test_pointing_at_a_feature_marks_its_table_rows(open_page):
    page = open_page()
    page.locator(".geo-text summary").click()
    page.evaluate(
        """r => r.geo.features.find(f => f.ids.includes('espo2')).layer.fire('mouseover')""",
        _root(page),
    )
    assert page.locator("tr.geo-row-lit").count() == 1
    assert page.locator("tr.geo-row-lit").get_attribute("data-ids") == "espo2"


def test_two_fragments_keep_their_own_state(open_page, tmp_path: Path):
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    assert main(["build", "--fragment", "--map-id", "trade", "--out", str(first)]) == 0
    assert main(["build", "--fragment", "--map-id", "routes", "--out", str(second)]) == 0
    host = tmp_path / "host.html"
    host.write_text(
        "<!DOCTYPE html><html lang='en'><head><title>Two maps</title></head><body>"
        + first.read_text(encoding="utf-8")
        + second.read_text(encoding="utf-8")
        + "</body></html>",
        encoding="utf-8",
    )
    page = open_page(
        url=host.as_uri() + "#l=trade-flows&routes.l=energy-routes&routes.step=2", wait=False
    )
    maps = page.locator(".geo-embed")
    # a fragment lower than 760 px opens with its layer list folded: attached, not shown
    maps.nth(1).locator(".geo-layout .leaflet-control-layers").wait_for(state="attached")
    on = [
        {
            label.inner_text().strip()
            for label in maps.nth(i).locator(".leaflet-control-layers-overlays label").all()
            if label.locator("input").is_checked()
        }
        for i in range(2)
    ]
    assert on[0] == {NAMES["trade-flows"]}
    roots = page.locator(".geo-root")
    assert roots.nth(1).get_attribute("data-geo-step") == "2"  # the second map's own key
    assert roots.nth(0).get_attribute("data-geo-step") is None
    _settle(page)
    hash_ = page.evaluate("location.hash")
    assert "routes.step=2" in hash_ and "&step=" not in hash_ and not hash_.startswith("#step")
    assert page.errors == []


def test_state_restores_inside_an_iframe(open_page, built_html: Path, tmp_path: Path):
    host = built_html.parent / "story-host.html"
    host.write_text(
        "<!DOCTYPE html><html lang='en'><head><title>Host</title></head><body>"
        f'<iframe src="{built_html.name}#step=2" style="width:900px;height:600px"></iframe>'
        "</body></html>",
        encoding="utf-8",
    )
    page = open_page(url=host.as_uri(), width=1000, height=700, wait=False)
    frame = page.frame_locator("iframe")
    frame.locator(".geo-root[data-geo-step='2']").wait_for()
    frame.locator(".geo-copy-link").click()
    assert frame.locator(".geo-link-text").input_value().endswith(f"{built_html.name}#step=2")
    assert page.errors == []


def test_a_page_shown_from_srcdoc_copies_its_fragment(open_page, built_html: Path, tmp_path):
    import html

    page_html = html.escape(built_html.read_text(encoding="utf-8"), quote=True)
    host = tmp_path / "notebook.html"
    host.write_text(
        "<!DOCTYPE html><html lang='en'><head><title>Notebook</title></head><body>"
        f'<iframe srcdoc="{page_html}" style="width:1200px;height:800px"></iframe></body></html>',
        encoding="utf-8",
    )
    page = open_page(url=host.as_uri(), width=1300, height=900, wait=False)
    frame = page.frame_locator("iframe")
    frame.locator(".geo-story-next").click()
    frame.locator(".geo-root[data-geo-step='1']").wait_for()
    frame.locator(".geo-copy-link").click()
    assert frame.locator(".geo-link-text").input_value() == "#step=1"  # no address to share
    assert page.errors == []
