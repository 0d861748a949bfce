"""Assemble the folium map: basemap, layers, layer control, title, legends, inlined assets.

The page needs no network: Leaflet's JavaScript and CSS are inlined from the
``xstatic-leaflet`` package (the version folium 0.20 is written for), its images become data
URIs, and folium's CDN defaults (jQuery, Bootstrap, Font Awesome) are not used at all.
Element ids are numbered in build order, so the same inputs give the same bytes.
"""

from __future__ import annotations

import base64
import itertools
import re
from functools import cache
from pathlib import Path

import folium
import pandas as pd
import xstatic.pkg.leaflet as xleaflet
from branca.element import Element, MacroElement
from jinja2 import Template

from geo import layers, settings
from geo.join import MapData, join
from geo.layers import Layer
from geo.layers.base import esc
from geo.sources import load_data
from geo.validate import validate


class OfflineMap(folium.Map):
    """A ``folium.Map`` that links no external JavaScript or CSS."""

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []


class LegendControl(MacroElement):
    """A legend panel with one section per layer, shown exactly while its layer is on."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            var sections = document.querySelectorAll("#geo-legend [data-layer]");
            function show(name, on) {
                sections.forEach(function (s) {
                    if (s.dataset.layer === name) { s.hidden = !on; }
                });
            }
            map.on("overlayadd", function (e) { show(e.name, true); });
            map.on("overlayremove", function (e) { show(e.name, false); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "LegendControl"


def build_map(data_dir: str | Path | None = None, *, title: str = settings.TITLE
              ) -> folium.Map:
    """Load, validate and join the data in ``data_dir``, then build the map: one call.

    Parameters
    ----------
    data_dir
        Folder with the curated tables and derived geometries (default ``settings.DATA_DIR``).
    title
        Shown in the title block and the page ``<title>``.

    Returns
    -------
    A ``folium.Map`` ready to save (see :func:`geo.export.save_html`) or display in Jupyter.
    """
    return map_from_data(join(validate(load_data(data_dir))), title=title)


def map_from_data(data: MapData, *, title: str = settings.TITLE) -> folium.Map:
    """Build the complete map of already joined ``data`` (see :func:`build_map`)."""
    m = _base_map()
    all_layers = map_layers(data)
    for layer in all_layers:
        layer.group.add_to(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    LegendControl().add_to(m)
    _add_page_furniture(m, all_layers, data, title)
    _number_ids(m)
    return m


def map_layers(data: MapData) -> list[Layer]:
    """Every layer in drawing order: basemap, areas, lines, points."""
    docs = data.documents
    relation_layers = [layers.relation_layer(data.relations, kind, docs)
                       for kind in layers.RELATION_LAYERS]
    return [
        layers.basemap_layer(data.countries),
        layers.partners_layer(data.partners, data.relations),
        layers.energy_layer(data.routes, docs),
        *relation_layers,
        layers.disputes_layer(data.disputes, docs),
        layers.places_layer(data.places),
    ]


def _base_map() -> folium.Map:
    west, east = settings.WEST_EDGE, settings.WEST_EDGE + 360
    return OfflineMap(
        location=list(settings.CENTER), zoom_start=settings.ZOOM_START, tiles=None,
        min_zoom=settings.MIN_ZOOM, max_zoom=settings.MAX_ZOOM, control_scale=True,
        max_bounds=True, min_lat=-70, max_lat=85, min_lon=west, max_lon=east,
        world_copy_jump=False, zoom_snap=0.5,
    )


def _add_page_furniture(m: folium.Map, all_layers: list[Layer], data: MapData,
                        title: str) -> None:
    root = m.get_root()
    root.title = title
    root.header.add_child(Element(f"<style>{leaflet_css()}</style>"), name="leaflet_css")
    root.header.add_child(Element(f"<script>{leaflet_js()}</script>"), name="leaflet_js")
    root.header.add_child(Element(f"<style>{_page_css()}</style>"), name="geo_css")
    root.html.add_child(Element(_title_block(title, data.documents)), name="geo_title")
    root.html.add_child(Element(_legend_panel(all_layers)), name="geo_legend")


def _title_block(title: str, documents: pd.DataFrame) -> str:
    doc = documents.iloc[0]
    return (
        '<header id="geo-title" class="geo-panel">'
        f"<h1>{esc(title)}</h1>"
        f'<p>As of {esc(settings.AS_OF)}. From {esc(doc["author"])}, '
        f'“{esc(doc["title"])}”, <i>{esc(doc["publication"])}</i>, {esc(doc["published"])}. '
        "Click any feature for the article's words or the outside source. Boundaries: "
        "Natural Earth (public domain).</p></header>"
    )


def _legend_panel(all_layers: list[Layer]) -> str:
    sections = "".join(
        f'<section data-layer="{esc(layer.name)}"{"" if layer.show else " hidden"}>'
        f"{layer.legend}</section>"
        for layer in all_layers if layer.legend
    )
    return f'<aside id="geo-legend" class="geo-panel" aria-label="Legend">{sections}</aside>'


def _number_ids(m: folium.Map) -> None:
    """Replace folium's random element ids with their build order: byte-identical output."""
    counter = itertools.count()
    stack = [m.get_root()]
    while stack:
        element = stack.pop(0)
        element._id = f"{next(counter):04d}"
        stack.extend(element._children.values())


@cache
def leaflet_js() -> str:
    """Leaflet's minified JavaScript from the xstatic package."""
    return (Path(xleaflet.BASE_DIR) / "leaflet.js").read_text(encoding="utf-8")


@cache
def leaflet_css() -> str:
    """Leaflet's CSS with its images inlined as data URIs."""
    folder = Path(xleaflet.BASE_DIR)
    css = (folder / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode((folder / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((images/[\w\-.]+\.png)\)", inline, css)


def _page_css() -> str:
    return f"""
.folium-map {{ background: {settings.SEA_COLOR}; }}
.geo-panel {{ position: absolute; z-index: 1000; background: rgba(255,255,255,.94);
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); font: 13px/1.35 system-ui,
  -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222; }}
#geo-title {{ top: 10px; left: 54px; max-width: 520px; padding: 8px 12px; }}
#geo-title h1 {{ font-size: 17px; margin: 0 0 4px; }}
#geo-title p {{ margin: 0; font-size: 12px; color: #444; }}
#geo-legend {{ bottom: 24px; right: 10px; max-height: 42vh; overflow-y: auto; padding: 6px 10px;
  width: 250px; font-size: 12px; }}
.leaflet-control-layers {{ font-size: 12.5px; }}
.geo-aside {{ margin-top: 5px; padding: 4px 6px; background: #fff6e0; border-left: 3px solid
  #E69F00; }}
#geo-legend section + section {{ border-top: 1px solid #ddd; margin-top: 4px; padding-top: 4px; }}
#geo-legend ul {{ list-style: none; margin: 2px 0; padding: 0; }}
#geo-legend li {{ display: flex; align-items: center; gap: 6px; }}
.geo-legend-title {{ font-weight: 600; }}
.geo-legend-note {{ margin: 2px 0; font-size: 11px; color: #555; }}
.geo-card {{ max-width: 400px; font-size: 12.5px; }}
.geo-card + .geo-card {{ border-top: 1px solid #ccc; margin-top: 6px; padding-top: 6px; }}
.geo-card-title {{ font-weight: 600; margin-bottom: 3px; }}
.geo-card th {{ text-align: left; padding-right: 8px; color: #555; font-weight: 500;
  vertical-align: top; }}
.geo-card blockquote {{ margin: 4px 0; padding-left: 8px; border-left: 3px solid #999;
  font-style: italic; white-space: normal; }}
.geo-note, .geo-source {{ margin: 3px 0 0; font-size: 11.5px; color: #555;
  white-space: normal; overflow-wrap: anywhere; }}
.leaflet-tooltip.geo-tooltip {{ white-space: normal; width: max-content; max-width: 360px; }}
.leaflet-popup-content {{ max-height: 60vh; overflow-y: auto; }}
"""

