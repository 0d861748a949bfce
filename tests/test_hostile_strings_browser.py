"""Hostile strings in every text field and every option that reaches the page: whatever
hypothesis puts there, the built page runs no script of theirs and links nowhere but http(s).

Each example builds the map from a copy of the data with the strings in place, opens it in
Chromium, opens every card, and checks that no payload ran (each sets a flag on ``window``)
and that no ``javascript:`` link exists. Few examples, each a whole build and page load.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import set_cell
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from geo import settings
from geo.cli import main

pytestmark = pytest.mark.browser

#: Payloads that set window.__pwned if they ever run as script or markup.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "</title><script>window.__pwned=2</script>",
    "<img src=x onerror=window.__pwned=3>",
    '"><svg onload=window.__pwned=4>',
    "' onmouseover='window.__pwned=5",
    "javascript:window.__pwned=6",
    "https://a;javascript:window.__pwned=7",
    "{{ 7*7 }}{% raw %}</script><!--",
    "\u2028</style><script>window.__pwned=8</script>",
]

#: (table, row id, column) of text fields that reach cards, labels or the text version.
FIELDS = [
    ("relations.csv", "r050", "note"),
    ("places.csv", "aldan", "name"),
    ("places.csv", "aldan", "note"),
    ("routes.csv", "espo1", "name"),
    ("routes.csv", "espo1", "note"),
    ("disputes.csv", "dokdo", "other_names"),
    ("events.csv", "putin_seoul_2013", "name"),
]

#: (table, row id) whose source_url gets a URL that validation accepts but that carries a
#: payload (a ``;`` that used to split it into a ``javascript:`` link, markup in the query).
URL_FIELDS = [("places.csv", "aldan"), ("routes.csv", "espo1")]
URLS = [
    "https://a;javascript:window.__pwned=7",
    "https://example.org/?q=<script>window.__pwned=9</script>",
    "https://example.org/a;javascript:window.__pwned=10",
]

hostile = st.builds(
    lambda pre, payload, post: f"{pre}{payload}{post}",
    st.text(alphabet="ab <>\"'&;:/", max_size=4),
    st.sampled_from(PAYLOADS),
    st.text(alphabet="ab <>\"'&;:/", max_size=4),
)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("pristine") / "data"
    shutil.copytree(settings.DATA_DIR, data)
    return data


@hsettings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(  # the title injection that ran in Chromium, and a link split at its ";"
    texts=[PAYLOADS[i % len(PAYLOADS)] for i in range(len(FIELDS))],
    urls=[URLS[0]] * len(URL_FIELDS),
    title=PAYLOADS[1],
)
@given(
    texts=st.lists(hostile, min_size=len(FIELDS), max_size=len(FIELDS)),
    urls=st.lists(st.sampled_from(URLS), min_size=len(URL_FIELDS), max_size=len(URL_FIELDS)),
    title=hostile,
)
def test_no_hostile_string_runs_or_links(browser, pristine, tmp_path_factory, texts, urls, title):
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(pristine, data)
    for (table, row, column), text in zip(FIELDS, texts, strict=True):
        set_cell(data / table, row, column, text)
    for (table, row), url in zip(URL_FIELDS, urls, strict=True):
        set_cell(data / table, row, "source_url", url)
    out = data.parent / "map.html"
    assert main(["build", "--data", str(data), "--out", str(out), "--title", title]) == 0
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.on("dialog", lambda d: d.dismiss())
        page.goto(out.as_uri())
        page.wait_for_selector(".leaflet-control-layers")
        page.locator(".leaflet-control-layers-overlays input:not(:checked)").evaluate_all(
            "els => els.forEach(e => e.click())"
        )
        page.evaluate(
            """() => document.querySelectorAll('.geo-root').forEach(root =>
              root.geo.map.eachLayer(l => { if (l.getPopup && l.getPopup()) {
                l.openPopup(); l.closePopup(); } }))"""
        )
        page.locator(".geo-text summary").click()
        assert page.evaluate("() => window.__pwned") is None
        assert page.locator('a[href^="javascript:" i]').count() == 0
        assert page.title() == title.strip() or title.strip() in page.title()
    finally:
        page.close()
