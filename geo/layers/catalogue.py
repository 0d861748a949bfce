"""The layer catalogue: every layer of the map defined once, in drawing order.

Each entry names the layer, its slug (the key for ``--layers``, CSS classes and exports),
the unit of what its width or shading measures, and
three functions of the joined data: the :class:`~geo.layers.Layer` to draw, the records to
export (one row per feature, with provenance) and the rows of the map's text version.
Everything that lists layers (the HTML and static backends, the text version, the exports,
the extraction's choice of layers) reads this catalogue, so renaming a layer is one edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.join import MapData
from geo.layers import basemap, disputes, energy, events, labels, partners, places, relations
from geo.layers.base import Layer, slugify

#: A row of the text version: layer, kind, from, to, value, when, status, source, and the
#: id of what it lists (the page links the row to its feature by it; it is not shown).
TextRow = tuple[str, str, str, str, str, str, str, str, str]


@dataclass(frozen=True)
class LayerSpec:
    """One layer of the catalogue (see the module docstring)."""

    name: str
    build: Callable[[MapData], Layer]
    records: Callable[[MapData], gpd.GeoDataFrame] | None = None
    text_rows: Callable[[MapData], list[TextRow]] | None = None
    unit: str = ""
    base: bool = False

    @property
    def slug(self) -> str:
        return slugify(self.name)


def _relation_spec(kind: str) -> LayerSpec:
    name, _ = relations.RELATION_LAYERS[kind]
    return LayerSpec(
        name=name,
        build=lambda d: relations.relation_layer(
            d.relations,
            kind,
            d.documents,
            d.anchors,
            events=d.events,
            figures=d.figures,
            disputes=d.disputes,
            groups=d.groups,
        ),
        records=lambda d: _relation_records(d, kind),
        text_rows=lambda d: (
            _relation_rows(d, kind) + _figure_rows(d, kind) + _event_rows(d, kind=kind)
        ),
        unit=relations.VALUE_UNIT if kind == "trade" else "",
    )


def _relation_records(data: MapData, kind: str) -> gpd.GeoDataFrame:
    rel = data.relations.drop(columns=["value_num"])
    return rel[rel["kind"] == kind].reset_index(drop=True)


def _relation_rows(data: MapData, kind: str) -> list[TextRow]:
    name, _ = relations.RELATION_LAYERS[kind]
    return [
        (
            name,
            r.kind,
            r.source_name,
            r.target_name,
            f"{r.value} {r.unit}".strip(),
            r.date or r.year,
            r.status,
            r.quote or r.source_url,
            r.id,
        )
        # only the kind's rows and the columns read: itertuples of every row (and its
        # geometry) per kind was a tenth of a 10,000-relation build
        for r in data.relations.loc[
            data.relations["kind"] == kind,
            ["kind", "source_name", "target_name", "value", "unit", "date", "year", "status",
             "quote", "source_url", "id"],
        ].itertuples()
    ]  # fmt: skip


def _figure_rows(data: MapData, kind: str) -> list[TextRow]:
    """Figures from other sources that set a line's width, each named as not the article's."""
    name, _ = relations.RELATION_LAYERS[kind]
    return [
        (
            name,
            f"{kind} figure",
            f["a_name"],
            f["b_name"],
            f"{f['value']} {f['unit']}",
            f["year"],
            f"not in the article: {f['publisher']}",
            f["source_url"],
            "",  # no relation id: the figure is not a row of the article's
        )
        for f in relations.outside_figures_drawn(data.relations, kind, data.figures)
    ]


def _event_rows(data: MapData, *, kind: str | None = None) -> list[TextRow]:
    """Events as the map draws them: those a ``kind`` of relation reports (see
    :func:`~geo.layers.relations.reported_events`), or with no ``kind`` the later ones."""
    if kind is None:
        chosen, layer, status = data.events[data.events["later"] == "true"], events.LATER, ""
    else:
        rows = data.relations[data.relations["kind"] == kind]
        chosen = relations.reported_events(data.events, rows)
        layer, status = relations.RELATION_LAYERS[kind][0], "reported"
    return [
        (
            layer,
            "event",
            r.name,
            r.place_name,
            "",
            r.date,
            status or "after the article",
            r.quote or r.source_url,
            r.id,
        )
        for r in chosen.itertuples()
    ]


def _partner_records(data: MapData) -> gpd.GeoDataFrame:
    by_id = data.relations.set_index("id")
    ties = [partners.tie_kinds(ids, by_id) for ids in data.partners["ids"]]
    frame = data.partners.assign(
        kinds=data.partners["kinds"].map(", ".join),
        ids=data.partners["ids"].map(", ".join),
        tie_kinds=[", ".join(t) for t in ties],
        ties=[len(t) for t in ties],
        transit_ids=data.partners["transit_ids"].map(", ".join),
    )
    columns = ["iso3", "name", "ties", "tie_kinds", "relations", "kinds", "ids", "transit_ids"]
    return frame[[*columns, "focal", "geometry"]]


def _route_rows(data: MapData) -> list[TextRow]:
    return [
        (
            energy.NAME,
            r.commodity,
            r.waypoints.split(" → ")[0],
            r.waypoints.split(" → ")[-1],
            "",
            r.opened,
            r.status,
            r.quote or r.source_url,
            r.id,
        )
        for r in data.routes.itertuples()
    ]


def _dispute_rows(data: MapData) -> list[TextRow]:
    return [
        (
            disputes.NAME,
            "dispute",
            r.administered_by_names,
            r.claimed_by_names,
            "",
            r.since,
            "administered / claimed",
            r.quote or r.source_url,
            r.id,
        )
        for r in data.disputes.itertuples()
    ]


#: Every layer, in drawing order: basemap, areas, lines, points.
CATALOGUE: tuple[LayerSpec, ...] = (
    LayerSpec(
        name=basemap.NAME,
        build=lambda d: basemap.basemap_layer(d.countries),
        base=True,
    ),
    LayerSpec(
        name=partners.NAME,
        build=lambda d: partners.partners_layer(d.partners, d.relations),
        records=_partner_records,
        unit="kinds of ties with the focal country stated in the article",
    ),
    *(_relation_spec(kind) for kind in relations.RELATION_LAYERS),
    LayerSpec(
        name=disputes.NAME,
        build=lambda d: disputes.disputes_layer(d.disputes, d.documents),
        records=lambda d: d.disputes.drop(columns=["ref_point"]),
        text_rows=_dispute_rows,
    ),
    LayerSpec(
        name=energy.NAME,
        build=lambda d: energy.energy_layer(d.routes, d.documents),
        records=lambda d: d.routes,
        text_rows=_route_rows,
    ),
    LayerSpec(
        name=places.NAME,
        build=lambda d: places.places_layer(d.places),
        records=lambda d: d.places,
    ),
    LayerSpec(
        name=labels.NAME,
        build=lambda d: labels.country_labels_layer(d.countries),
    ),
    LayerSpec(
        name=labels.SEA_NAME,
        build=lambda d: labels.sea_labels_layer(d.countries, d.labels),
    ),
    LayerSpec(
        name=events.LATER,
        build=lambda d: events.later_layer(d.events, d.documents),
        text_rows=lambda d: _event_rows(d),
    ),
)

#: The layers a map of another article shows: the relation layers and the partners.
ARTICLE_LAYERS: tuple[str, ...] = (
    slugify(partners.NAME),
    *(slugify(name) for name, _ in relations.RELATION_LAYERS.values()),
)


def spec(slug: str) -> LayerSpec:
    """The catalogue entry with this slug (``KeyError`` if none)."""
    for entry in CATALOGUE:
        if entry.slug == slug:
            return entry
    raise KeyError(slug)


def export_records(data: MapData) -> dict[str, gpd.GeoDataFrame]:
    """Every exportable layer's features with their attributes and provenance, by name."""
    return {
        entry.name: gpd.GeoDataFrame(
            pd.DataFrame(entry.records(data)), geometry="geometry", crs=data.countries.crs
        )
        for entry in CATALOGUE
        if entry.records is not None
    }
