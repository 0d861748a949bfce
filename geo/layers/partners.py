"""Partners: the focal country (Russia here), and countries shaded by how many relations with
it the article states."""

from __future__ import annotations

import itertools

import geopandas as gpd
import pandas as pd

from geo import settings
from geo.layers.base import Layer, Legend, Symbol, card, features, fill_style

NAME = "Partners"
FOCAL_COLOR = "#E8B96A"


def partners_layer(partners: gpd.GeoDataFrame, relations: pd.DataFrame) -> Layer:
    """Countries related to the focal country, darker the more relations the article states."""
    focal = next((r["name"] for r in partners.to_dict("records") if r["focal"]), "Russia")
    by_id = relations.set_index("id")
    rows = [
        {
            "tooltip": _tooltip(r, focal),
            "popup": _popup(r, by_id, focal),
            "style": fill_style(
                Symbol("fill", FOCAL_COLOR if r["focal"] else partner_color(r["relations"]))
            ),
            "ids": r["iso3"],
            "geometry": r["geometry"],
        }
        for r in partners.to_dict("records")
    ]
    legend = Legend(
        NAME, _legend_items(focal), f"Relations with {focal} stated in the article (all kinds)."
    )
    return Layer(
        name=NAME,
        features=[features(rows, crs=partners.crs)],
        legend=legend,
        show=True,
        theme="Relationships",
    )


def partner_color(count: int) -> str:
    """The fill for a country with ``count`` relations (classes in ``settings``)."""
    color = settings.PARTNER_CLASSES[0][1]
    for lower, fill in settings.PARTNER_CLASSES:
        if count >= lower:
            color = fill
    return color


def _legend_items(focal: str) -> list[tuple[Symbol, str]]:
    bounds = [lo for lo, _ in settings.PARTNER_CLASSES]
    labels = [
        f"{lo}–{hi - 1}" if hi - 1 > lo else f"{lo}" for lo, hi in itertools.pairwise(bounds)
    ] + [f"{bounds[-1]} or more"]
    classes = [
        (Symbol("fill", fill), f"{label} relations")
        for label, (_, fill) in zip(labels, settings.PARTNER_CLASSES, strict=True)
    ]
    return [(Symbol("fill", FOCAL_COLOR), focal), *classes]


def _tooltip(row: dict, focal: str) -> str:
    kinds = ", ".join(row["kinds"])
    label = "Relations in the article" if row["focal"] else f"Relations with {focal}"
    return card(
        row["name"], [(label, row["relations"]), ("Kinds", kinds)], note="Click for the list."
    )


def _popup(row: dict, by_id: pd.DataFrame, focal: str) -> str:
    """The partner's relations with the focal country; ``by_id``: relations indexed by id."""
    rel = by_id.loc[row["ids"]]
    if row["focal"]:
        counts = rel["kind"].value_counts().sort_index()
        return card(
            row["name"],
            list(counts.items()),
            note="Relations stated in the article, by kind. Turn on a layer for each.",
        )
    facts = [
        (f"{kind} ({i})", f"{status}: {quote or url}")
        for i, kind, status, quote, url in zip(
            rel.index, rel["kind"], rel["status"], rel["quote"], rel["source_url"], strict=True
        )
    ]
    return card(
        f"{row['name']} and {focal}",
        facts,
        note="Each line: kind (relation id), status and the article's words.",
    )
