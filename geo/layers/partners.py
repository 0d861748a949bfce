"""Partners: countries shaded by how many relations with Russia the article states."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo import settings
from geo.layers.base import Layer, card, feature_group, geojson, legend, swatch

NAME = "Partners"
FOCAL_COLOR = "#E8B96A"


def partners_layer(partners: gpd.GeoDataFrame, relations: pd.DataFrame) -> Layer:
    """Countries related to Russia in the article, darker the more relations it states."""
    layer = Layer(name=NAME, group=feature_group(NAME, show=True), legend="")
    frame = partners.assign(
        _style=[{"fill": FOCAL_COLOR if focal else partner_color(n)}
                for n, focal in zip(partners["relations"], partners["focal"], strict=True)],
        tooltip=[_tooltip(r) for r in partners.to_dict("records")],
        popup=[_popup(r, relations) for r in partners.to_dict("records")],
    )

    def style(props: dict) -> dict:
        return {"fillColor": props["_style"]["fill"], "fillOpacity": 0.75, "color": "#555",
                "weight": 0.8}

    geojson(frame, slug=layer.slug, style=style).add_to(layer.group)
    layer.legend = legend(NAME, _legend_entries(),
                          note="Relations with Russia stated in the article (all kinds).")
    return layer


def partner_color(count: int) -> str:
    """The fill for a country with ``count`` relations (classes in ``settings``)."""
    color = settings.PARTNER_CLASSES[0][1]
    for lower, fill in settings.PARTNER_CLASSES:
        if count >= lower:
            color = fill
    return color


def _legend_entries() -> list[tuple[str, str]]:
    bounds = [lo for lo, _ in settings.PARTNER_CLASSES]
    labels = [f"{lo}–{hi - 1}" if hi - 1 > lo else f"{lo}"
              for lo, hi in zip(bounds, bounds[1:], strict=False)] + [f"{bounds[-1]} or more"]
    classes = [(swatch(fill, fill=True), f"{label} relations")
               for label, (_, fill) in zip(labels, settings.PARTNER_CLASSES, strict=True)]
    return [(swatch(FOCAL_COLOR, fill=True), "Russia"), *classes]


def _tooltip(row: dict) -> str:
    kinds = ", ".join(row["kinds"])
    label = "Relations in the article" if row["focal"] else "Relations with Russia"
    return card(row["name"], [(label, row["relations"]), ("Kinds", kinds)],
                note="Click for the list.")


def _popup(row: dict, relations: pd.DataFrame) -> str:
    rel = relations.set_index("id").loc[row["ids"]]
    if row["focal"]:
        counts = rel["kind"].value_counts().sort_index()
        return card("Russia", list(counts.items()),
                    note="Relations stated in the article, by kind. Turn on a layer for each.")
    facts = [(f"{r.kind} ({i})", f"{r.status}: {r.quote or r.source_url}")
             for i, r in rel.iterrows()]
    title = "Russia" if row["focal"] else f"{row['name']} and Russia"
    return card(title, facts,
                note="Each line: kind (relation id), status and the article's words.")
