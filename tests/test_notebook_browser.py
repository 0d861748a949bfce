"""In Jupyter: the map from ``geo.build_map()``, with the user's own folium marker, shows
offline; a folium element that would load from a CDN fails naming itself."""

from __future__ import annotations

from pathlib import Path

import folium
import folium.plugins
import nbformat
import pytest
from nbclient import NotebookClient

import geo
from geo.errors import OutputError

pytestmark = pytest.mark.browser

CELL = """\
import folium, geo
m = geo.build_map(layers=["trade-flows"])
folium.Marker([55.7558, 37.6173], tooltip="A marker of my own").add_to(m)
m
"""


def _notebook_html(tmp_path: Path) -> str:
    """Run a one-cell notebook in a real kernel; return the cell's ``text/html`` output."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CELL)])
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    (output,) = [o for o in nb.cells[0].outputs if o.get("output_type") == "execute_result"]
    return output["data"]["text/html"]


def test_notebook_shows_an_added_marker_with_no_network_request(browser, tmp_path):
    page_file = tmp_path / "notebook-output.html"
    page_file.write_text(_notebook_html(tmp_path), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    requests: list[str] = []
    errors: list[str] = []

    def refuse(route):
        requests.append(route.request.url)
        route.abort()

    page.route("http*://**", refuse)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    frame = page.frame_locator("iframe")
    icon = frame.locator("img.leaflet-marker-icon")
    icon.wait_for()
    loaded = icon.evaluate("img => img.complete && img.naturalWidth > 0")
    shadow = frame.locator("img.leaflet-marker-shadow").evaluate("img => img.naturalWidth > 0")
    assert loaded and shadow, "the marker's pin is a broken image"
    assert icon.get_attribute("src").startswith("data:image/png;base64,")
    assert frame.locator(".geo-trade-flows").count() > 0  # the project's own layers, too
    assert requests == [] and errors == []
    page.close()


def test_a_plugin_from_a_cdn_fails_naming_itself():
    m = geo.build_map(layers=["trade-flows"])
    folium.plugins.MiniMap().add_to(m)
    with pytest.raises(OutputError, match=r"MiniMap loads https://\S+Control\.MiniMap\.js"):
        m._repr_html_()


def test_a_folium_icon_fails_naming_what_it_needs(tmp_path):
    m = geo.build_map(layers=["trade-flows"])
    folium.Marker([55.75, 37.62], icon=folium.Icon(color="red")).add_to(m)
    with pytest.raises(OutputError, match=r"folium\.Icon .*awesome-markers"):
        geo.save_html(m, tmp_path / "map.html")
    assert not (tmp_path / "map.html").exists()
