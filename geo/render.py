"""Assemble the folium map: basemap, layers, grouped layer control, title, legends, assets.

The page needs no network: Leaflet's JavaScript and CSS are inlined from the
``xstatic-leaflet`` package (the version folium 0.20 is written for), its images become data
URIs, and folium's CDN defaults (jQuery, Bootstrap, Font Awesome) are not used at all.
Element ids are numbered in build order, so the same inputs give the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar, cast
from urllib.parse import quote

import folium
import pandas as pd
import xstatic.pkg.leaflet as xleaflet
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from geo import layers, settings
from geo.join import MapData, focal_country, join
from geo.layers import Layer, Legend, Symbol
from geo.layers.base import esc
from geo.payload import BASE_PANE, arrow_size, page_payload, script_json
from geo.sources import load_data
from geo.validate import validate

BASEMAPS = ("vector", "none", "tiles")
#: Popups open at least this many pixels below the top of the map, clear of the title.
POPUP_TOP_CLEARANCE = 200
#: Labels can be held back until this zoom level at most (see ``Features.label_zoom``).
MAX_LABEL_ZOOM = 12
#: Optional online basemap (``--basemap tiles``): the only thing that ever needs network.
TILES = (
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)


@dataclass(frozen=True)
class Options:
    """Presentation options shared by every output format.

    ``layers``: names or slugs of the layers to include (``None``: all); ``on``: those on at
    open (``None``: each layer's default); ``basemap``: ``vector``, ``none`` or ``tiles``;
    ``fit``: open on the relations' extent instead of the Russian Far East.
    """

    title: str = settings.TITLE
    layers: tuple[str, ...] | None = None
    on: tuple[str, ...] | None = None
    basemap: str = "vector"
    fit: bool = False


class OfflineMap(folium.Map):
    """A ``folium.Map`` that links no external JavaScript or CSS."""

    # folium declares these as class-level lists; an instance-level [] is what they mean here
    default_js: ClassVar[list[tuple[str, str]]] = []  # type: ignore[misc]
    default_css: ClassVar[list[tuple[str, str]]] = []  # type: ignore[misc]


class MapScript(MacroElement):
    """Page behaviour in one small script: legends follow their layers, theme headings in
    the layer control, arrowhead markers for directed lines."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, themes, arrows, years) {
            var sections = document.querySelectorAll("#geo-legend [data-layer]");
            function show(name, on) {
                sections.forEach(function (s) {
                    if (s.dataset.layer === name) { s.hidden = !on; }
                });
            }
            map.on("overlayadd", function (e) { show(e.name, true); });
            map.on("overlayremove", function (e) { show(e.name, false); });
            document.querySelectorAll(".leaflet-control-layers-overlays label").forEach(
                function (label) {
                    var name = label.textContent.trim();
                    if (themes[name]) {
                        var h = document.createElement("div");
                        h.className = "geo-theme";
                        h.textContent = themes[name];
                        label.parentNode.insertBefore(h, label);
                    }
                });
            var NS = "http://www.w3.org/2000/svg";
            function addArrows() {
                var svg = map.getPanes().overlayPane.querySelector("svg");
                if (!svg || svg.querySelector("defs.geo-arrows")) { return; }
                var defs = document.createElementNS(NS, "defs");
                defs.setAttribute("class", "geo-arrows");
                arrows.forEach(function (spec) {
                    var color = spec[0], size = spec[1];
                    var m = document.createElementNS(NS, "marker");
                    m.setAttribute("id", "geo-arrow-" + color.slice(1) + "-" + size);
                    m.setAttribute("viewBox", "0 0 10 10");
                    m.setAttribute("refX", "7");
                    m.setAttribute("refY", "5");
                    m.setAttribute("markerUnits", "strokeWidth");
                    m.setAttribute("markerWidth", size);
                    m.setAttribute("markerHeight", size);
                    m.setAttribute("orient", "auto");
                    var p = document.createElementNS(NS, "path");
                    p.setAttribute("d", "M0,0 L10,5 L0,10 L2.5,5 z");
                    p.setAttribute("fill", color);
                    m.appendChild(p);
                    defs.appendChild(m);
                });
                svg.insertBefore(defs, svg.firstChild);
            }
            addArrows();
            map.on("layeradd", addArrows);
            var Fullscreen = L.Control.extend({
                options: {position: "topleft"},
                onAdd: function () {
                    var bar = L.DomUtil.create("div", "leaflet-bar geo-fullscreen");
                    var b = L.DomUtil.create("a", "", bar);
                    b.href = "#";
                    b.setAttribute("role", "button");
                    b.setAttribute("aria-label", "Toggle full screen");
                    b.title = "Full screen";
                    b.innerHTML = '<svg width="16" height="16" viewBox="0 0 16 16" ' +
                        'aria-hidden="true" style="margin-top:7px"><path d="M1 6V1h5M10 1h5v5' +
                        'M15 10v5h-5M6 15H1v-5" fill="none" stroke="#333" stroke-width="2"/>' +
                        '</svg>';
                    L.DomEvent.on(b, "click", function (e) {
                        L.DomEvent.preventDefault(e);
                        var page = document.documentElement;
                        if (document.fullscreenElement) { document.exitFullscreen(); }
                        else if (page.requestFullscreen) { page.requestFullscreen(); }
                    });
                    return bar;
                }
            });
            new Fullscreen().addTo(map);
            function zoomClasses() {
                var c = map.getContainer(), z = map.getZoom();
                for (var n = 1; n <= {{ this.max_label_zoom }}; n++) {
                    c.classList.toggle("geo-zoom-" + n, z >= n);
                }
            }
            zoomClasses();
            map.on("zoomend", zoomClasses);
            function allDated(fn) {
                map.eachLayer(function (l) {
                    var p = l.feature && l.feature.properties;
                    if (p && p.year != null && (l._path || l.getElement)) { fn(l, p.year); }
                });
            }
            var YearFilter = L.Control.extend({
                options: {position: "bottomleft"},
                onAdd: function () {
                    var box = L.DomUtil.create("div", "geo-panel geo-years");
                    var lo = years[0], hi = years[1];
                    box.innerHTML = '<label for="geo-year">Dated features up to ' +
                        '<output id="geo-year-out"></output></label>' +
                        '<input id="geo-year" type="range" step="1">';
                    var input = box.querySelector("input"), out = box.querySelector("output");
                    input.min = lo; input.max = hi; input.value = hi; out.textContent = hi;
                    function apply() {
                        var upTo = +input.value;
                        out.textContent = upTo;
                        allDated(function (l, year) {
                            var el = l._path || l.getElement(), hide = year > upTo;
                            if (el) {
                                if (hide || el.style.display) {
                                    el.style.display = hide ? "none" : "";
                                }
                            } else if (l.setStyle && !l._hidden !== !hide) {
                                // drawn on a canvas: no element to hide; restyle on change only
                                l._shown = l._shown || {opacity: l.options.opacity,
                                                        fillOpacity: l.options.fillOpacity};
                                l.setStyle(hide ? {opacity: 0, fillOpacity: 0} : l._shown);
                                l.options.interactive = !hide;
                                l._hidden = hide;
                            }
                        });
                    }
                    L.DomEvent.disableClickPropagation(box);
                    L.DomEvent.on(input, "input", apply);
                    map.on("overlayadd", apply);
                    return box;
                }
            });
            if (years.length && years[0] < years[1]) { new YearFilter().addTo(map); }
        })({{ this._parent.get_name() }}, {{ this.themes|tojson }}, {{ this.arrows|tojson }},
           {{ this.years|tojson }});
        {% endmacro %}
    """)

    def __init__(
        self, themes: dict[str, str], arrows: list[tuple[str, int]], years: list[int]
    ) -> None:
        super().__init__()
        self._name = "MapScript"
        self.themes = themes
        self.arrows = arrows
        self.years = years
        self.max_label_zoom = MAX_LABEL_ZOOM


def build_map(
    data_dir: str | Path | None = None,
    *,
    title: str = settings.TITLE,
    layers: Sequence[str] | None = None,
    on: Sequence[str] | None = None,
    basemap: str = "vector",
) -> folium.Map:
    """Load, validate and join the data in ``data_dir``, then build the map: one call.

    Parameters
    ----------
    data_dir
        Folder with the curated tables and derived geometries (default ``settings.DATA_DIR``).
    title
        Shown in the title block and the page ``<title>``.
    layers, on
        Names or slugs of the layers to include, and of those on at open (default: all,
        each with its own default).
    basemap
        ``vector`` (Natural Earth, offline), ``none``, or ``tiles`` (online OpenStreetMap,
        switchable, the only option that needs a network).

    Returns
    -------
    A ``folium.Map`` ready to save (see :func:`geo.export.save_html`) or display in Jupyter.
    """
    options = Options(
        title=title,
        layers=tuple(layers) if layers else None,
        on=tuple(on) if on else None,
        basemap=basemap,
    )
    return map_from_data(join(validate(load_data(data_dir))), options)


def map_from_data(data: MapData, options: Options | None = None) -> folium.Map:
    """Build the complete map of already joined ``data`` (see :func:`build_map`)."""
    options = options or Options()
    chosen = select_layers(map_layers(data), options)
    m = _base_map()
    if options.fit:
        west, south, east, north = data.relations.total_bounds
        m.fit_bounds([[south, west], [north, east]], padding=(30, 30))
    # base layers get a pane of their own, so switching back to one never draws it on top
    folium.map.CustomPane(BASE_PANE, z_index=350, pointer_events=False).add_to(m)
    groups = [_folium_group(layer).add_to(m) for layer in chosen]
    Drawing(groups, page_payload(chosen)).add_to(m)
    if options.basemap == "tiles":
        folium.TileLayer(
            TILES[0], attr=TILES[1], name="OpenStreetMap (online)", overlay=False, show=False
        ).add_to(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    MapScript(_theme_headings(chosen), _arrow_specs(chosen), _year_range(chosen)).add_to(m)
    _add_page_furniture(m, chosen, data, options.title)
    _number_ids(m)
    return m


def map_layers(data: MapData) -> list[Layer]:
    """Every layer in drawing order: basemap, areas, lines, points; grouped by theme."""
    docs = data.documents
    return [
        layers.basemap_layer(data.countries),
        layers.partners_layer(data.partners, data.relations),
        *(
            layers.relation_layer(
                data.relations,
                kind,
                docs,
                data.anchors,
                events=data.events if kind == "diplomacy" else None,
            )
            for kind in layers.RELATION_LAYERS
        ),
        layers.disputes_layer(data.disputes, docs),
        layers.energy_layer(data.routes, docs),
        layers.places_layer(data.places),
        layers.later_layer(data.events, docs),
    ]


def select_layers(all_layers: list[Layer], options: Options) -> list[Layer]:
    """The layers ``options`` asks for, each switched on or off as asked.

    Raises ``ValueError`` naming any requested layer that does not exist.
    """
    known = {key for layer in all_layers for key in (layer.name.lower(), layer.slug)}
    asked = [*(options.layers or ()), *(options.on or ())]
    unknown = [n for n in asked if n.lower() not in known]
    if unknown:
        names = ", ".join(sorted(layer.slug for layer in all_layers if not layer.base))
        raise LayerChoiceError(f"unknown layer(s) {', '.join(unknown)}; choose from {names}")

    def picked(layer: Layer, names: tuple[str, ...] | None) -> bool:
        return names is None or bool({layer.name.lower(), layer.slug} & {n.lower() for n in names})

    chosen = []
    for layer in all_layers:
        if layer.base and options.basemap == "none":
            continue
        if layer.base or picked(layer, options.layers):
            if options.on is not None and not layer.base:
                layer.show = picked(layer, options.on)
            chosen.append(layer)
    return chosen


class LayerChoiceError(ValueError):
    """A requested layer name is not one of the map's layers."""


def html_document(m: folium.Map) -> str:
    """Render ``m`` to a complete page, with the accessibility fixes folium's template
    lacks: a language, a zoomable viewport, the map inside a ``main`` landmark."""
    page = m.get_root().render().replace("<html>", '<html lang="en">', 1)
    page = re.sub(
        r'<meta name="viewport"[^>]*>',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
        page,
        count=1,
        flags=re.S,
    )
    return re.sub(
        r'(<div class="folium-map" id="map_\d+" ></div>)',
        r'<main aria-label="Map">\1</main>',
        page,
        count=1,
    )


def legend_html(legend: Legend) -> str:
    """A legend block as HTML: title, symbol rows, note (all text escaped)."""
    rows = "".join(
        f"<li>{swatch(symbol)}<span>{esc(label)}</span></li>" for symbol, label in legend.items
    )
    note = f'<p class="geo-legend-note">{esc(legend.note)}</p>' if legend.note else ""
    return f'<div class="geo-legend-title">{esc(legend.title)}</div><ul>{rows}</ul>{note}'


def swatch(symbol: Symbol) -> str:
    """A small inline SVG legend symbol."""
    color = esc(symbol.color)
    if symbol.shape == "fill":
        dash = f' stroke-dasharray="{esc(symbol.dash)}"' if symbol.dash else ""
        shape = (
            f'<rect x="1" y="1" width="22" height="12" fill="{color}" '
            f'stroke="{esc(symbol.edge)}" stroke-width="1"{dash}/>'
        )
    elif symbol.shape == "point":
        shape = f'<circle cx="12" cy="7" r="5" fill="#fff" stroke="{color}" stroke-width="2"/>'
    else:
        dash = f' stroke-dasharray="{esc(symbol.dash)}"' if symbol.dash else ""
        width = min(symbol.width, 12)
        shape = (
            f'<line x1="1" y1="7" x2="23" y2="7" stroke="{color}" stroke-width="{width:g}"{dash}/>'
        )
    return f'<svg width="24" height="14" aria-hidden="true">{shape}</svg>'


def _folium_group(layer: Layer) -> folium.FeatureGroup:
    """An empty group for the layer control; :class:`Drawing` fills it in the browser."""
    return folium.FeatureGroup(
        name=layer.name, show=layer.show, overlay=not layer.base, control=True
    )


class Drawing(MacroElement):
    """Every layer's features, drawn from one compact payload (see :mod:`geo.payload`)
    into the layer groups by ``geo/static/drawing.js``."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.code }}
        geoDraw(
            [{% for g in this.groups %}{{ g.get_name() }}{{ "," if not loop.last }}{% endfor %}],
            JSON.parse(document.getElementById("geo-drawing").textContent),
            {{ this.options|tojson }});
        {% endmacro %}
    """)

    def __init__(self, groups: Sequence[Element], data: dict) -> None:
        super().__init__()
        self._name = "Drawing"
        self.groups = groups
        self.data = script_json(data)
        self.code = drawing_js()
        self.options = {"popupTop": POPUP_TOP_CLEARANCE, "west": settings.WEST_EDGE}

    def render(self, **kwargs: object) -> str:
        """The payload goes into the page as JSON (``JSON.parse`` reads large data faster than
        a script literal), the script as :class:`Raw` text, neither through a template."""
        script = self._template.module.__dict__["script"]
        root = cast(Figure, self.get_root())
        root.html.add_child(
            Raw(f'<script type="application/json" id="geo-drawing">{self.data}</script>'),
            name="geo_drawing",
        )
        root.script.add_child(Raw(script(self, kwargs)), name=self.get_name())
        return ""


class Raw(Element):
    """Text put into the page as it is. (branca's ``Element`` would compile it as a Jinja
    template: slow for Leaflet's code, and wrong for data that happens to hold ``{{``.)"""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: object) -> str:
        return self.text


def _theme_headings(chosen: list[Layer]) -> dict[str, str]:
    headings, seen = {}, set()
    for layer in chosen:
        if not layer.base and layer.theme not in seen:
            headings[layer.name] = layer.theme
            seen.add(layer.theme)
    return headings


def _year_range(chosen: list[Layer]) -> list[int]:
    years = [
        int(y)
        for layer in chosen
        for part in layer.features
        if "year" in part.frame.columns
        for y in part.frame["year"].dropna()
    ]
    return [min(years), max(years)] if years else []


def _arrow_specs(chosen: list[Layer]) -> list[tuple[str, int]]:
    specs = {
        (style["color"], arrow_size(style["weight"]))
        for layer in chosen
        for part in layer.features
        if part.arrows
        for style in part.frame["style"]
    }
    return sorted(specs)


def _base_map() -> folium.Map:
    west, east = settings.WEST_EDGE, settings.WEST_EDGE + 360
    return OfflineMap(
        location=list(settings.CENTER),
        zoom_start=settings.ZOOM_START,
        tiles=None,
        min_zoom=settings.MIN_ZOOM,
        max_zoom=settings.MAX_ZOOM,
        control_scale=True,
        max_bounds=True,
        min_lat=-70,
        max_lat=85,
        min_lon=west,
        max_lon=east,
        world_copy_jump=False,
        zoom_snap=0.5,
    )


def _add_page_furniture(m: folium.Map, chosen: list[Layer], data: MapData, title: str) -> None:
    root = cast(Figure, m.get_root())
    root.title = title
    manifest = {
        "tool": f"geo {settings.tool_version()}",
        "inputs_sha256": data.digest,
        "as_of": as_of(data),
        "layers": [layer.name for layer in chosen],
    }
    root.header.add_child(
        Raw(
            f'<script type="application/json" id="geo-manifest">{_json_for_html(manifest)}'
            "</script>"
        ),
        name="geo_manifest",
    )
    root.header.add_child(Raw(f"<style>{leaflet_css()}</style>"), name="leaflet_css")
    root.header.add_child(Raw(f"<script>{leaflet_js()}</script>"), name="leaflet_js")
    root.header.add_child(Raw(f"<style>{_page_css()}</style>"), name="geo_css")
    shown = {layer.name for layer in chosen}
    root.html.add_child(
        Raw(_title_block(title, data, text_alternative(data, shown))), name="geo_title"
    )
    root.html.add_child(Raw(_legend_panel(chosen)), name="geo_legend")


def main_document(data: MapData) -> pd.Series:
    """The document most relations cite: the article the map is drawn from."""
    cited = data.relations["source_doc"].replace("", pd.NA).dropna().value_counts()
    docs = data.documents.set_index("id", drop=False)
    return docs.loc[cited.index[0]] if len(cited) else docs.iloc[0]


def as_of(data: MapData) -> str:
    """The month the map describes: its article's publication ("November 2013")."""
    published = main_document(data)["published"]
    if not published:
        return "an unknown date"
    return dt.date.fromisoformat(published[:7] + "-01").strftime("%B %Y")


def subtitle(data: MapData) -> str:
    """The as-of and source line under the title (plain text)."""
    doc = main_document(data)
    return (
        f"As of {as_of(data)}. From {doc['author']}, “{doc['title']}”, "
        f"{doc['publication']}, {doc['published']}."
    )


def summary_text(data: MapData, shown: set[str]) -> str:
    """A plain-language summary of what the map shows, for people who cannot see it."""
    rel = data.relations
    kinds = rel["kind"].value_counts()
    by_kind = ", ".join(
        f"{kind} {kinds[kind]}" for kind in layers.RELATION_LAYERS if kind in kinds
    )
    focal = focal_country(rel)
    partners = (set(rel["source"]) | set(rel["target"])) - {focal}
    valued = rel[rel["unit"] == "USD bn"].sort_values("value_num", ascending=False)
    figures = "; ".join(
        f"{r.kind} {r.source_name} to {r.target_name}: {r.value} {r.unit}"
        f"{f' ({r.year})' if r.year else ''}"
        for r in valued.itertuples()
    )
    doc = main_document(data)
    parts = [
        f"The map shows {len(rel)} relationships stated in {doc['author']}'s article "
        f"of {doc['published'] or 'an unknown date'}, between "
        f"{data.anchors.at[focal, 'name']} and {len(partners)} countries and groups "
        f"(by kind: {by_kind}). Figures in US dollars: {figures or 'none'}."
    ]
    if "Energy routes" in shown:
        status = data.routes["status"].value_counts()
        routes = ", ".join(f"{n} {s}" for s, n in sorted(status.items()))
        parts.append(
            f"It shows {len(data.routes)} energy and transport routes as of "
            f"{as_of(data)} ({routes})."
        )
    if "Disputed territories" in shown:
        disputes = "; ".join(
            f"{r.name} (administered by {r.administered_by_names}, claimed "
            f"by {r.claimed_by_names})"
            for r in data.disputes.itertuples()
        )
        parts.append(f"It shows {len(data.disputes)} disputed territories: {disputes}.")
    parts.append("The table lists every feature with its source.")
    return " ".join(parts)


def text_alternative(data: MapData, shown: set[str]) -> str:
    """The summary and a table of every feature of the layers ``shown`` (by name), as HTML
    inside a ``details`` element."""
    rows = [
        (
            layers.RELATION_LAYERS[r.kind][0],
            r.kind,
            r.source_name,
            r.target_name,
            f"{r.value} {r.unit}".strip(),
            r.date or r.year,
            r.status,
            r.quote or r.source_url,
        )
        for r in data.relations.itertuples()
    ]
    rows += [
        (
            "Later developments" if r.later == "true" else "Diplomacy and events",
            "event",
            r.name,
            r.place_name,
            "",
            r.date,
            "after the article" if r.later == "true" else "reported",
            r.quote or r.source_url,
        )
        for r in data.events.itertuples()
    ]
    rows += [
        (
            "Energy routes",
            r.commodity,
            r.waypoints.split(" → ")[0],
            r.waypoints.split(" → ")[-1],
            "",
            r.opened,
            r.status,
            r.quote or r.source_url,
        )
        for r in data.routes.itertuples()
    ]
    rows += [
        (
            "Disputed territories",
            "dispute",
            r.administered_by_names,
            r.claimed_by_names,
            "",
            r.since,
            "administered / claimed",
            r.quote or r.source_url,
        )
        for r in data.disputes.itertuples()
    ]
    rows = [row for row in rows if row[0] in shown]
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in (
            "Layer",
            "Kind",
            "From / administered by",
            "To / claimed by",
            "Value",
            "When",
            "Status",
            "Source (the article's words, or a URL)",
        )
    )
    body = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in rows)
    return (
        '<details id="geo-text"><summary>Text version of this map</summary>'
        f'<div class="geo-text-body" tabindex="0" role="region" aria-label="Text version">'
        f"<p>{esc(summary_text(data, shown))}</p>"
        f"<table><caption>Every feature on the map ({len(rows)})</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></details>"
    )


def _title_block(title: str, data: MapData, extra: str = "") -> str:
    from geo.export import relations_csv  # the same neutralised CSV that `geo export` writes

    doc = main_document(data)
    csv_uri = "data:text/csv;charset=utf-8," + quote(relations_csv(data.relations), safe="")
    return (
        '<header id="geo-title" class="geo-panel">'
        f"<h1>{esc(title)}</h1>"
        f"<p>As of {esc(as_of(data))}. From {esc(doc['author'])}, "
        f"“{esc(doc['title'])}”, <i>{esc(doc['publication'])}</i>, {esc(doc['published'])}. "
        "Click any feature for the article's words or the outside source. "
        f'<a download="russia-asia-pacific-relations.csv" '
        f'href="{csv_uri}">Download the relations (CSV)</a>. '
        f"Boundaries: Natural Earth (public domain).</p>{extra}</header>"
    )


def _legend_panel(chosen: list[Layer]) -> str:
    sections = "".join(
        f'<section data-layer="{esc(layer.name)}"{"" if layer.show else " hidden"}>'
        f"{legend_html(layer.legend)}</section>"
        for layer in chosen
        if layer.legend
    )
    return (
        f'<aside id="geo-legend" class="geo-panel" aria-label="Legend" tabindex="0">'
        f"{sections}</aside>"
    )


def _json_for_html(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _number_ids(m: folium.Map) -> None:
    """Replace folium's random element ids with their build order: byte-identical output."""
    counter = itertools.count()
    stack = [m.get_root()]
    while stack:
        element = stack.pop(0)
        element._id = f"{next(counter):04d}"
        stack.extend(element._children.values())


@cache
def drawing_js() -> str:
    """The page's drawing code (``geo/static/drawing.js``)."""
    return (Path(__file__).parent / "static" / "drawing.js").read_text(encoding="utf-8")


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
    arrows = "".join(
        f".geo-arrow-{c[1:]}-{n} {{ marker-end: url(#geo-arrow-{c[1:]}-{n}); }}\n"
        for c in sorted(set(settings.KIND_COLORS.values()))
        for n in range(3, 7)
    )
    labels = "".join(
        f".geo-label-z{n} {{ display: none; }} "
        f".geo-zoom-{n} .geo-label-z{n} {{ display: block; }}\n"
        for n in range(1, MAX_LABEL_ZOOM + 1)
    )
    return (
        arrows
        + labels
        + f"""
main {{ position: absolute; top: 0; right: 0; bottom: 0; left: 0; }}
.folium-map {{ background: {settings.SEA_COLOR}; }}
#geo-title:has(details[open]) {{ max-width: min(760px, 70vw); }}
.geo-panel {{ position: absolute; z-index: 1000; background: rgba(255,255,255,.94);
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); font: 13px/1.35 system-ui,
  -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222; }}
#geo-title {{ top: 10px; left: 54px; max-width: 500px; padding: 8px 12px; }}
#geo-title h1 {{ font-size: 16px; margin: 0 0 4px; }}
#geo-title p {{ margin: 0; font-size: 11.5px; color: #444; }}
#geo-legend {{ bottom: 24px; right: 10px; max-height: 42vh; overflow-y: auto; padding: 6px 10px;
  width: 250px; font-size: 12px; }}
#geo-legend section + section {{ border-top: 1px solid #ddd; margin-top: 4px; padding-top: 4px; }}
#geo-legend ul {{ list-style: none; margin: 2px 0; padding: 0; }}
#geo-legend li {{ display: flex; align-items: center; gap: 6px; }}
.geo-legend-title {{ font-weight: 600; }}
.geo-legend-note {{ margin: 2px 0; font-size: 11px; color: #555; }}
.leaflet-control-layers {{ font-size: 12.5px; }}
.geo-theme {{ font-weight: 600; margin: 4px 0 1px; color: #333; }}
.geo-label {{ font: 600 11px/1 system-ui, "DejaVu Sans", sans-serif; color: #222;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff; white-space: nowrap; }}
.geo-label-icon {{ background: none; border: none; }}
.geo-card {{ max-width: 420px; font-size: 12.5px; }}
.geo-card + .geo-card {{ border-top: 1px solid #ccc; margin-top: 6px; padding-top: 6px; }}
.geo-card-title {{ font-weight: 600; margin-bottom: 3px; }}
.geo-card th {{ text-align: left; padding-right: 8px; color: #555; font-weight: 500;
  vertical-align: top; }}
.geo-card blockquote {{ margin: 4px 0; padding-left: 8px; border-left: 3px solid #999;
  font-style: italic; white-space: normal; }}
.geo-note, .geo-source {{ margin: 3px 0 0; font-size: 11.5px; color: #555;
  white-space: normal; overflow-wrap: anywhere; }}
.geo-aside {{ margin-top: 5px; padding: 4px 6px; background: #fff6e0; border-left: 3px solid
  #E69F00; }}
.geo-compare {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
.geo-compare caption {{ text-align: left; font-weight: 600; margin-bottom: 2px; }}
.geo-compare th, .geo-compare td {{ width: 50%; vertical-align: top; padding: 2px 6px 2px 0;
  text-align: left; overflow-wrap: anywhere; }}
.geo-compare-source td {{ font-size: 11px; color: #555; }}
.leaflet-tooltip.geo-tooltip {{ white-space: normal; width: max-content; max-width: 360px; }}
.leaflet-popup-content {{ max-height: 45vh; overflow-y: auto; min-width: 300px; }}
.leaflet-interactive:focus:not(:focus-visible) {{ outline: none; }}
.geo-years {{ position: static; padding: 4px 8px; font-size: 11.5px; }}
.geo-years input {{ display: block; width: 180px; }}
#geo-text summary {{ cursor: pointer; font-size: 12px; color: #1a4f8a; margin-top: 4px; }}
.geo-text-body {{ max-height: 55vh; overflow: auto; font-size: 11.5px; margin-top: 4px; }}
.geo-text-body table {{ border-collapse: collapse; }}
.geo-text-body th, .geo-text-body td {{ border-bottom: 1px solid #ddd; padding: 2px 4px;
  text-align: left; vertical-align: top; }}
@media (max-width: 1000px), (max-height: 700px) {{
  #geo-title {{ max-width: 46vw; padding: 5px 8px; }}
  #geo-title h1 {{ font-size: 13px; margin: 0; }}
  #geo-title p {{ display: none; }}
  .leaflet-control-layers {{ font-size: 11px; }}
  .leaflet-control-layers-expanded {{ padding: 4px 8px 4px 6px; }}
  .geo-theme {{ margin-top: 2px; }}
  #geo-legend {{ width: 190px; max-height: 26vh; font-size: 11px; bottom: 20px; }}
  .geo-legend-note {{ display: none; }}
}}
"""
    )
