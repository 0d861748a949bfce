"""The HTML backend: a :class:`~geo.model.MapModel` drawn as a folium map, and that map as a
self-contained page or fragment.

folium supplies the Leaflet map, its layer groups, panes and the layer control. Everything
else is the project's own: the features come as one compact payload (:mod:`geo.payload`),
the behaviours (drawing, legends, arrowheads, labels, year filter, full screen) as small
scripts in ``geo/static/``, the panels from :mod:`geo.page`. The page needs no network:
Leaflet's JavaScript and CSS are inlined from ``xstatic-leaflet`` (the version folium 0.20 is
written for) and folium's CDN defaults (jQuery, Bootstrap, Font Awesome) are not used.
Element ids are numbered in build order, so the same inputs give the same bytes.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from typing import ClassVar, cast

import folium
import xyzservices.providers as xyz
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement

from geo import page, settings
from geo.assets import (
    behaviour_scripts,
    leaflet_css,
    leaflet_icon_js,
    leaflet_js,
    static_text,
    template,
)
from geo.errors import OutputError
from geo.layers import Layer
from geo.model import MapModel, opening_view
from geo.payload import BASE_PANE, arrow_size, pack, page_payload, script_json
from geo.tables import relations_csv

#: The behaviours every map runs, in order (``geo/static/<name>.js``).
BEHAVIOURS = (
    "drawing", "legend", "arrows", "fullscreen", "labels", "years", "layout", "download",
    # story steps, search, the linked table and the URL state (story.css; story.html)
    "focus", "story", "search", "table", "state",
    "keyboard",
)  # fmt: skip

#: Below this width of the map's own box (CSS pixels), or this height, the legend and the
#: layer control open collapsed and the panels take their compact form (see page.css,
#: whose container queries use the same 700 px).
COLLAPSE_BELOW = (700, 500)
#: Below this height the layer control opens folded too (a laptop window: 1366 x 657).
LAYERS_BELOW = 760


class OfflineMap(folium.Map):
    """A ``folium.Map`` that links no external JavaScript or CSS.

    In Jupyter it shows the project's own page (:func:`html_document`) in an iframe, so the
    folium elements a user adds work offline too, or fail naming themselves.
    """

    # folium declares these as class-level lists; an instance-level [] is what they mean here
    default_js: ClassVar[list[tuple[str, str]]] = []  # type: ignore[misc]
    default_css: ClassVar[list[tuple[str, str]]] = []  # type: ignore[misc]

    def _repr_html_(self, **kwargs: object) -> str:
        page = html.escape(html_document(self), quote=True)
        return (
            f'<iframe srcdoc="{page}" title="{html.escape(_title(self))}" '
            'style="width:100%;height:600px;border:none"></iframe>'
        )


class Raw(Element):
    """Text put into the page as it is. (branca's ``Element`` would compile it as a Jinja
    template: slow for Leaflet's code, and wrong for data that happens to hold ``{{``.)"""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: object) -> str:
        return self.text


class Behaviours(MacroElement):
    """The map's behaviours: their scripts, inlined once, and one call that runs them on
    this map with its layer groups and the options each needs."""

    def __init__(self, groups: Sequence[Element], steps: list[tuple[str, dict]]) -> None:
        super().__init__()
        self._name = "Behaviours"
        self.groups = groups
        self.steps = steps

    def render(self, **kwargs: object) -> str:
        m = cast(folium.Map, self._parent)
        call = template("run.js").render(
            map=m.get_name(),
            groups=[g.get_name() for g in self.groups],
            root_id=script_json(root_id(m)),
            steps=script_json(self.steps),
        )
        scripts = behaviour_scripts([name for name, _ in self.steps])
        cast(Figure, self.get_root()).script.add_child(Raw(f"{scripts}\n{call}"), name="geo")
        return ""


def folium_map(model: MapModel) -> folium.Map:
    """The folium map of ``model``: layers, controls, panels and inlined assets."""
    m = _base_map()
    # base layers get a pane of their own, so switching back to one never draws it on top
    folium.map.CustomPane(BASE_PANE, z_index=350, pointer_events=False).add_to(m)
    groups = [_folium_group(layer).add_to(m) for layer in model.layers]
    if model.options.basemap == "tiles":
        tiles = xyz.query_name(settings.TILE_PROVIDER)
        folium.TileLayer(
            tiles.build_url(), attr=tiles.html_attribution, name="OpenStreetMap (online)",
            overlay=False, show=False, max_zoom=tiles.get("max_zoom", 19),
        ).add_to(m)  # fmt: skip
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    Behaviours(groups, _steps(model)).add_to(m)
    _add_page_parts(m, model)
    _number_ids(m, model.key)
    return m


def html_document(m: folium.Map) -> str:
    """``m`` as a complete, self-contained HTML page."""
    head, body, script = _rendered(m)
    title = cast(Figure, m.get_root()).title or ""
    return page.document(
        title=title, head=head, component=page.component(root_id=root_id(m), body=body),
        script=script,
    )  # fmt: skip


def html_fragment(m: folium.Map, *, height: str = "600px") -> str:
    """``m`` as one ``div`` with its styles and scripts, to paste into another page; the
    host page keeps its own layout, title and viewport."""
    head, body, script = _rendered(m)
    return page.fragment(
        head=head, component=page.component(root_id=root_id(m), body=body), script=script,
        height=height,
    )  # fmt: skip


def root_id(m: folium.Map) -> str:
    """The id of the map's root element (unique per map in the page)."""
    return f"geo-{m.get_name().replace('_', '-')}"


def _rendered(m: folium.Map) -> tuple[str, str, str]:
    """folium's element tree rendered into the page's head, body and script parts, less
    folium's own page-level rules (viewport, ``html, body`` sizes): the page is ours.

    Elements added to the map after it was built are checked: a plain ``folium.Marker``
    gets Leaflet's default icon inlined; one that links a file (a plugin's script from a
    CDN) raises :class:`~geo.errors.OutputError` naming it.
    """
    root = cast(Figure, m.get_root())
    for child in root._children.values():
        child.render()
    root.header._children.pop(m.get_name(), None)
    _refuse_links(m)
    if any(isinstance(e, folium.Marker) for e in _elements(m)):
        root.header.add_child(Raw(f"<script>{leaflet_icon_js()}</script>"), name="leaflet_icon")
    return root.header.render(), root.html.render(), root.script.render()


def _title(m: folium.Map) -> str:
    return cast(Figure, m.get_root()).title or ""


def _elements(m: folium.Map) -> list[Element]:
    found: list[Element] = []
    stack: list[Element] = [m]
    while stack:
        element = stack.pop()
        found.append(element)
        stack.extend(element._children.values())
    return found


def _refuse_links(m: folium.Map) -> None:
    """Raise :class:`OutputError` if the page would load a script or style from a URL."""
    header = cast(Figure, m.get_root()).header
    links = [e.url for e in header._children.values() if isinstance(e, JavascriptLink | CssLink)]
    icons = [e for e in _elements(m) if isinstance(e, folium.Icon)]
    if icons:  # drawn by Leaflet.awesome-markers, which folium links from a CDN for any map
        raise OutputError(
            f"folium.Icon (on {len(icons)} marker(s)) needs Leaflet.awesome-markers, Bootstrap "
            "and Font Awesome from the network, and this map's page works offline: use a "
            "plain folium.Marker (Leaflet's own pin, inlined) or a folium.CircleMarker"
        )
    if not links:
        return
    owners = sorted(
        {
            f"{type(e).__module__}.{type(e).__name__}"
            for e in _elements(m)
            if {url for _, url in getattr(e, "default_js", []) + getattr(e, "default_css", [])}
            & set(links)
        }
    )
    raise OutputError(
        f"{', '.join(owners) or 'an element added to the map'} loads {', '.join(links)} from "
        "the network, and this map's page works offline; nothing in the installed packages "
        "has a copy to inline: remove it, or draw it with plain folium elements "
        "(Marker, CircleMarker, GeoJson, PolyLine, Popup, Tooltip)"
    )


def _steps(model: MapModel) -> list[tuple[str, dict]]:
    options: dict[str, dict] = {
        "drawing": {"popupTop": settings.POPUP_TOP_CLEARANCE},
        "legend": {"themes": _theme_headings(model.layers)},
        "arrows": {"arrows": _arrow_specs(model.layers)},
        "fullscreen": {},
        "labels": {"maxZoom": settings.MAX_LABEL_ZOOM},
        "keyboard": {},
        "download": {},
        **_story_options(model),
        "layout": {
            "collapseBelow": list(COLLAPSE_BELOW),
            "layersBelow": LAYERS_BELOW,
            "view": opening_view(model),
            "minZoom": settings.MIN_ZOOM,
        },
        "years": {
            "range": _year_range(model.layers),
            "id": f"geo-year-{model.key}",
            "label": "Dated features up to",
            "note": "Undated statements always stay on the map.",
        },
    }
    return [(name, options[name]) for name in BEHAVIOURS]


def _story_options(model: MapModel) -> dict[str, dict]:
    """Options of the story, search, table and state behaviours: layers by group index, the
    steps (their words are read from the text version)."""
    group = {layer.slug: i for i, layer in enumerate(model.layers)}
    steps = [
        {
            "layers": [group[s] for s in step.layers if s in group],
            "highlight": list(step.highlight),
            "fit": list(step.fit),
            "bbox": list(step.bbox) if step.bbox else None,
        }
        for step in model.story
    ]
    slugs = [layer.slug for layer in model.layers]
    base = [layer.base for layer in model.layers]
    names = [layer.name for layer in model.layers]
    return {
        "focus": {"slugs": slugs, "base": base},
        "story": {"steps": steps},
        "search": {},
        "table": {"names": names},
        "state": {"key": model.key, "slugs": slugs},
    }


def _add_page_parts(m: folium.Map, model: MapModel) -> None:
    root = cast(Figure, m.get_root())
    root.title = model.meta.title
    manifest = script_json(model.manifest())
    root.header.add_child(
        Raw(f'<script type="application/json" class="geo-manifest">{manifest}</script>'),
        name="geo_manifest",
    )
    root.header.add_child(Raw(f"<style>{leaflet_css()}</style>"), name="leaflet_css")
    root.header.add_child(Raw(f"<script>{leaflet_js()}</script>"), name="leaflet_js")
    root.header.add_child(Raw(f"<style>{static_text('page.css')}</style>"), name="geo_css")
    root.header.add_child(Raw(f"<style>{static_text('story.css')}</style>"), name="geo_story_css")
    root.html.add_child(Raw(page.furniture(model)), name="geo_furniture")
    text, size = pack(page_data(model))
    root.html.add_child(
        Raw(f'<script type="text/plain" class="geo-data" data-size="{size}">{text}</script>'),
        name="geo_data",
    )


def page_data(model: MapModel) -> dict:
    """What the page's behaviours read (``ctx.data``), packed into one block: the drawing
    payload (:func:`~geo.payload.page_payload`), the relations table for the CSV link, and
    the country names search finds the basemap's land by."""
    countries = model.data.countries
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    return {  # the table first: the drawing's card pieces repeat its quotes (geo.payload)
        "csv": relations_csv(model.data.relations),
        "drawing": page_payload(model.layers),
        "countries": {k: v for k, v in sorted(names.items()) if k},
    }


def _folium_group(layer: Layer) -> folium.FeatureGroup:
    """An empty group for the layer control; the drawing behaviour fills it in the browser."""
    return folium.FeatureGroup(
        name=layer.name, show=layer.show, overlay=not layer.base, control=True
    )


def _base_map() -> folium.Map:
    west = settings.WEST_EDGE
    return OfflineMap(
        location=list(settings.CENTER),
        zoom_start=settings.ZOOM_START,
        tiles=None,
        min_zoom=settings.MIN_ZOOM,
        max_zoom=settings.MAX_ZOOM,
        control_scale=True,
        max_bounds=True,
        min_lat=settings.MIN_LAT,
        max_lat=settings.MAX_LAT,
        min_lon=west,
        max_lon=west + 360,
        world_copy_jump=False,
        zoom_snap=0.5,
    )


def _theme_headings(chosen: Sequence[Layer]) -> dict[str, str]:
    headings, seen = {}, set()
    for layer in chosen:
        if not layer.base and layer.theme not in seen:
            headings[layer.name] = layer.theme
            seen.add(layer.theme)
    return headings


def _year_range(chosen: Sequence[Layer]) -> list[int]:
    years = [
        int(y)
        for layer in chosen
        for part in layer.features
        if "year" in part.frame.columns
        for y in part.frame["year"].dropna()
    ]
    return [min(years), max(years)] if years else []


def _arrow_specs(chosen: Sequence[Layer]) -> list[tuple[str, int]]:
    specs = {
        (style["color"], arrow_size(style["weight"]))
        for layer in chosen
        for part in layer.features
        if part.arrows
        for style in part.frame["style"]
    }
    return sorted(specs)


def _number_ids(m: folium.Map, key: str) -> None:
    """Replace folium's random element ids with the map's key and their build order: the
    same map gives the same bytes, and two maps on one page keep apart."""
    counter = itertools.count()
    stack = [m.get_root()]
    while stack:
        element = stack.pop(0)
        element._id = f"{key}_{next(counter):04d}"
        stack.extend(element._children.values())
