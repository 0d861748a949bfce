"""The map model: what a map shows, in no output format.

A :class:`MapModel` holds the joined data, the chosen layers (each on or off at open), the
options and the document's metadata. The HTML backend (:mod:`geo.render`) and the static
backend (:mod:`geo.figure`) both draw a model; neither knows the other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import shapely

from geo import settings
from geo.errors import DataError, OptionError, Problem, shown
from geo.join import MapData, StoryStep, focal_country
from geo.layers import Layer
from geo.layers.catalogue import CATALOGUE
from geo.layers.labels import MODES as LABEL_MODES
from geo.layers.labels import relabel
from geo.tables import relations_csv

BASEMAPS = ("vector", "none", "tiles")
#: What ``Options.map_id`` may be: it names the map's elements and script variables.
MAP_ID = re.compile(r"[a-z][a-z0-9_]{0,23}")


#: Named views for the static figure: (west, south, east, north) in degrees of the map's
#: Pacific-centred frame (longitudes past 180 run east of the date line).
EXTENTS: dict[str, tuple[float, float, float, float]] = {
    "pacific": (25.0, -12.0, 215.0, 78.0),
    "northeast-asia": (100.0, 20.0, 165.0, 62.0),
    "korea": (119.0, 32.0, 137.0, 44.5),
    "kurils": (139.0, 41.0, 160.0, 52.0),
}


def extent_from(value: str | Sequence[float]) -> tuple[float, float, float, float]:
    """A view as (west, south, east, north): a preset of :data:`EXTENTS` by name, a
    ``"W,S,E,N"`` string or four numbers. Raises :class:`OptionError` naming the value."""
    if isinstance(value, str) and value in EXTENTS:
        return EXTENTS[value]
    try:
        parts = value.split(",") if isinstance(value, str) else list(value)
        west, south, east, north = (float(v) for v in parts)
    except (TypeError, ValueError):
        raise OptionError(
            f"--extent: {value!r} is neither one of {', '.join(EXTENTS)} nor W,S,E,N in degrees"
        ) from None
    if not (
        all(map(math.isfinite, (west, south, east, north)))
        and -85 <= south < north <= 85
        and -180 <= west < east <= 360
        and east - west <= 360
    ):
        raise OptionError(
            f"--extent: {value!r} is not a box W,S,E,N with S < N within ±85° latitude and "
            "W < E within -180..360° longitude"
        )
    return (west, south, east, north)


@dataclass(frozen=True)
class Options:
    """Presentation options shared by every output format.

    ``layers``: names or slugs of the layers to include (``None``: all); ``on``: those on at
    open (``None``: each layer's default); ``basemap``: ``vector``, ``none`` or ``tiles``;
    ``fit``: open on the relations' extent instead of the Russian Far East; ``map_id``:
    the map's id in a page (default: derived from its content, see :attr:`MapModel.key`);
    ``labels``: ``en``, ``local`` or ``both``, the scripts of the names
    (:mod:`geo.layers.labels`); ``extent``: the static figure's view, a preset name of
    :data:`EXTENTS` or ``(west, south, east, north)`` in degrees (``None``: the map's own).
    """

    title: str = ""
    layers: tuple[str, ...] | None = None
    on: tuple[str, ...] | None = None
    basemap: str = "vector"
    fit: bool = False
    map_id: str = ""
    labels: str = "en"
    extent: str | tuple[float, float, float, float] | None = None

    def __post_init__(self) -> None:
        if self.labels not in LABEL_MODES:
            raise OptionError(f"--labels: {self.labels!r} is not one of {', '.join(LABEL_MODES)}")
        if self.extent is not None:
            object.__setattr__(self, "extent", extent_from(self.extent))
        if self.basemap not in BASEMAPS:
            raise OptionError(f"--basemap: {self.basemap!r} is not one of {', '.join(BASEMAPS)}")
        if self.map_id and not MAP_ID.fullmatch(self.map_id):
            raise OptionError(
                f"--map-id: {self.map_id!r} is not 1-24 lower-case letters, digits or "
                "underscores starting with a letter"
            )


@dataclass(frozen=True)
class Meta:
    """What the map is of: its title, source document, as-of date and provenance."""

    title: str
    as_of: str
    author: str
    document_title: str
    publication: str
    published: str
    digest: str
    date_inferred: bool = False

    @property
    def published_text(self) -> str:
        """The publication date as a reader writes it, marked when it was inferred rather
        than read from the publisher: "12 Nov 2013 (inferred)"."""
        try:
            text = dt.date.fromisoformat(self.published).strftime("%d %b %Y").lstrip("0")
        except ValueError:
            text = self.published or "an unknown date"
        return f"{text} (inferred)" if self.date_inferred else text

    @property
    def subtitle(self) -> str:
        """The as-of and source line under the title (plain text)."""
        return (
            f"As of {self.as_of}. From {self.author}, “{self.document_title}”, "
            f"{self.publication}, {self.published_text}."
        )


@dataclass(frozen=True)
class MapModel:
    """A map ready for any backend: data, chosen layers, options, metadata."""

    data: MapData
    layers: tuple[Layer, ...]
    options: Options
    meta: Meta
    #: The story's steps, each with only the layers this map has (see :func:`story_of`).
    story: tuple[StoryStep, ...] = ()

    @property
    def overlays(self) -> tuple[Layer, ...]:
        """The chosen layers a reader can switch (not the basemap)."""
        return tuple(layer for layer in self.layers if not layer.base)

    @functools.cached_property
    def key(self) -> str:
        """The map's id in a page: ``options.map_id``, else derived from what the map shows
        (its relations, layers, options and metadata, not the bytes of its input files), so
        the same map gets the same id and two different maps on one page do not clash."""
        if self.options.map_id:
            return self.options.map_id
        shown = [(layer.name, layer.show) for layer in self.layers]
        what = json.dumps(
            [
                shown,
                repr(self.options),
                repr(self.meta.subtitle),
                relations_csv(self.data.relations),
            ]
        )
        return "m" + hashlib.sha256(what.encode("utf-8")).hexdigest()[:7]

    def manifest(self) -> dict:
        """Provenance recorded in every page: tool, inputs' digest, as-of date, layers."""
        return {
            "tool": f"geo {settings.tool_version()}",
            "inputs_sha256": self.meta.digest,
            "as_of": self.meta.as_of,
            "layers": [layer.name for layer in self.layers],
        }


def map_model(data: MapData, options: Options | None = None) -> MapModel:
    """The model of the map of joined ``data``: every catalogue layer, chosen per ``options``."""
    options = options or Options()
    title = options.title or settings.TITLE
    chosen = select_layers(relabel(all_layers(data), data, options.labels), options)
    return MapModel(
        data=data,
        layers=tuple(chosen),
        options=dataclasses.replace(options, title=title),
        meta=metadata(data, title),
        story=story_of(data.story, chosen),
    )


def story_of(steps: Sequence[StoryStep], chosen: Sequence[Layer]) -> tuple[StoryStep, ...]:
    """The story ``steps`` for a map of the ``chosen`` layers: each step's layers less those
    the map leaves out (``--layers``). No steps when the map has no overlay a step turns on.

    Raises :class:`~geo.errors.DataError` naming file, line and column of every layer slug
    that is no layer of the catalogue.
    """
    slugs = {spec.slug for spec in CATALOGUE if not spec.base}
    problems = [
        Problem(
            shown(step.path),
            step.line,
            "layers",
            f"{slug!r} is not a layer; choose from {', '.join(sorted(slugs))}",
        )
        for step in steps
        for slug in step.layers
        if slug not in slugs
    ]
    if problems:
        raise DataError(problems)
    have = {layer.slug for layer in chosen if not layer.base}
    kept = tuple(
        dataclasses.replace(step, layers=tuple(s for s in step.layers if s in have))
        for step in steps
    )
    return kept if any(step.layers for step in kept) else ()


def all_layers(data: MapData) -> list[Layer]:
    """Every layer of the catalogue built from ``data``, in drawing order."""
    return [entry.build(data) for entry in CATALOGUE]


def select_layers(layers: Sequence[Layer], options: Options) -> list[Layer]:
    """Copies of the layers ``options`` asks for, each switched on or off as asked.

    Raises :class:`~geo.errors.OptionError` naming any requested layer that does not exist.
    """
    known = {key for layer in layers for key in (layer.name.lower(), layer.slug)}
    asked = [*(options.layers or ()), *(options.on or ())]
    unknown = [n for n in asked if n.lower() not in known]
    if unknown:
        names = ", ".join(sorted(layer.slug for layer in layers if not layer.base))
        raise OptionError(f"unknown layer(s) {', '.join(unknown)}; choose from {names}")

    def picked(layer: Layer, names: tuple[str, ...] | None) -> bool:
        return names is None or bool({layer.name.lower(), layer.slug} & {n.lower() for n in names})

    chosen = []
    for layer in layers:
        if layer.base and options.basemap == "none":
            continue
        if layer.base or picked(layer, options.layers):
            show = layer.show if options.on is None or layer.base else picked(layer, options.on)
            chosen.append(dataclasses.replace(layer, show=show))
    return chosen


def metadata(data: MapData, title: str) -> Meta:
    """The document facts every output prints: title, source, as-of date, digest."""
    doc = main_document(data)
    return Meta(
        title=title,
        as_of=as_of(doc["published"]),
        author=doc["author"],
        document_title=doc["title"],
        publication=doc["publication"],
        published=doc["published"],
        digest=data.digest,
        date_inferred=str(doc.get("date_basis", "")).lower().startswith("inferred"),
    )


def main_document(data: MapData) -> pd.Series:
    """The document most relations cite: the article the map is drawn from."""
    cited = data.relations["source_doc"].replace("", pd.NA).dropna().value_counts()
    docs = data.documents.set_index("id", drop=False)
    return docs.loc[cited.index[0]] if len(cited) else docs.iloc[0]


def as_of(published: str) -> str:
    """The month a map describes, from its article's publication date ("November 2013")."""
    if not published:
        return "an unknown date"
    return dt.date.fromisoformat(published[:7] + "-01").strftime("%B %Y")


def opening_view(model: MapModel) -> dict[str, list[list[float]]]:
    """What the map opens on, as Leaflet bounds (``[[south, west], [north, east]]``) that
    the layout behaviour (``geo/static/layout.js``) fits into the part of the map's box no
    panel covers: ``core``, the focal country's anchor (Moscow, where the flows start) and
    its partners' capitals, always in view; ``wide``, that and the focal country's largest
    part (mainland Russia), centred and shown as far as the zoom allows (the nearest whole
    zoom, never further out than ``settings.MIN_ZOOM`` unless ``core`` needs it). With
    ``fit`` (a map of any article) both are the relations' extent."""
    data = model.data
    rel = data.relations
    if model.options.fit or rel.empty:
        whole = _bounds(rel.total_bounds) if not rel.empty else _around(settings.CENTER)
        return {"core": whole, "wide": whole}
    focal = focal_country(rel)
    mine = rel[(rel["source"] == focal) | (rel["target"] == focal)]
    anchors = data.anchors
    partners = anchors.index.isin(set(mine["source"]) | set(mine["target"]))
    capitals = anchors[(anchors.index == focal) | (partners & (anchors["basis"] == "capital"))]
    if capitals.empty:
        whole = _bounds(rel.total_bounds)
        return {"core": whole, "wide": whole}
    core = _bounds(capitals.total_bounds)
    country = data.countries[data.countries["iso3"] == focal]
    if country.empty:
        return {"core": core, "wide": core}
    cw, cs, ce, cn = capitals.total_bounds
    parts = country.geometry.explode(index_parts=False).to_numpy()
    west, south, east, north = parts[shapely.area(parts).argmax()].bounds
    wide = [min(cw, west), min(cs, south), max(ce, east), max(cn, north)]
    return {"core": core, "wide": _bounds(wide)}


def _bounds(total: Sequence[float]) -> list[list[float]]:
    west, south, east, north = (round(float(v), 4) for v in total)
    return [[south, west], [north, east]]


def _around(center: tuple[float, float]) -> list[list[float]]:
    lat, lon = center
    return [[lat - 10, lon - 20], [lat + 10, lon + 20]]
