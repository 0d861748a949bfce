"""Partners: the focal country (Russia here), and countries shaded by how many kinds of
ties with it the article states (:data:`~geo.layers.encoding.SHADING`).

The measure does not change when a sentence is split into more rows: it counts kinds
(trade, energy...), not rows. Stances and statements of failure or opposition are not
ties. A transit country (``via``) counts the kinds that would pass through it.
"""

from __future__ import annotations

import itertools

import geopandas as gpd
import pandas as pd

from geo import settings
from geo.layers import encoding
from geo.layers.base import Layer, Legend, Symbol, card, features, fill_style

NAME = "Partners"
FOCAL_COLOR = "#E8B96A"


def partners_layer(partners: gpd.GeoDataFrame, relations: pd.DataFrame) -> Layer:
    """Countries related to the focal country, darker the more kinds of ties."""
    focal = next((r["name"] for r in partners.to_dict("records") if r["focal"]), "Russia")
    by_id = relations.set_index("id")
    rows = []
    for r in partners.to_dict("records"):
        kinds = tie_kinds(r["ids"], by_id)
        r["tie_kinds"] = kinds
        rows.append(
            {
                "tooltip": _tooltip(r, focal),
                "popup": _popup(r, by_id, focal),
                "style": fill_style(
                    Symbol("fill", FOCAL_COLOR) if r["focal"] else partner_symbol(len(kinds))
                ),
                "ties": len(kinds),
                "ids": r["iso3"],
                "geometry": r["geometry"],
            }
        )
    legend = Legend(NAME, _legend_items(focal), encoding.SHADING.format(focal=focal))
    return Layer(
        name=NAME,
        features=[features(rows, crs=partners.crs)],
        legend=legend,
        show=True,
        theme="Relationships",
    )


def tie_kinds(ids: list[str], by_id: pd.DataFrame) -> list[str]:
    """The distinct kinds of ties among the relations ``ids`` (``by_id``: relations
    indexed by id): every row but stances and failures or opposition
    (``encoding.NOT_A_TIE``)."""
    rel = by_id.loc[list(ids)]
    forms = rel["form"] if "form" in rel.columns else pd.Series("", index=rel.index)
    ties = [
        kind
        for kind, form, status in zip(rel["kind"], forms, rel["status"], strict=True)
        if encoding.form_of(kind, form) != "stance" and status not in encoding.NOT_A_TIE
    ]
    return sorted(set(ties))


def partner_color(count: int) -> str:
    """The fill for a country with ``count`` kinds of ties (classes in ``settings``)."""
    color = settings.NO_TIE_FILL
    for lower, fill in settings.PARTNER_CLASSES:
        if count >= lower:
            color = fill
    return color


def partner_symbol(count: int) -> Symbol:
    """The area symbol for ``count`` kinds of ties: a class's fill, or with none, white
    with a dashed edge."""
    if count == 0:
        return NO_TIE
    return Symbol("fill", partner_color(count))


NO_TIE = Symbol("fill", settings.NO_TIE_FILL, dash=settings.NO_TIE_DASH)


def _legend_items(focal: str) -> list[tuple[Symbol, str]]:
    bounds = [lo for lo, _ in settings.PARTNER_CLASSES]
    labels = [
        f"{lo}–{hi - 1}" if hi - 1 > lo else f"{lo}" for lo, hi in itertools.pairwise(bounds)
    ] + [f"{bounds[-1]} or more"]
    classes = [
        (Symbol("fill", fill), f"{label} kinds of ties")
        for label, (_, fill) in zip(labels, settings.PARTNER_CLASSES, strict=True)
    ]
    return [
        (Symbol("fill", FOCAL_COLOR), focal),
        (NO_TIE, "named, but no tie (only failure, opposition, a stance)"),
        *classes,
    ]


def _tooltip(row: dict, focal: str) -> str:
    kinds = ", ".join(row["tie_kinds"])
    label = "Kinds of ties in the article" if row["focal"] else f"Kinds of ties with {focal}"
    facts = [(label, f"{len(row['tie_kinds'])}: {kinds}" if kinds else "0")]
    if row.get("transit_ids"):
        facts.append(("Transit for", ", ".join(row["transit_ids"])))
    return card(row["name"], facts, note="Click for the list.")


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
    transit = set(row.get("transit_ids") or [])
    facts = [
        (
            f"{kind} ({i})",
            f"{'transit; ' if i in transit else ''}{status}: {quote or url}",
        )
        for i, kind, status, quote, url in zip(
            rel.index, rel["kind"], rel["status"], rel["quote"], rel["source_url"], strict=True
        )
    ]
    return card(
        f"{row['name']} and {focal}",
        facts,
        note="Each line: kind (relation id), status and the article's words. The shade "
        "counts kinds of ties, not lines: stances, failures and opposition are not ties; "
        "a transit country counts what would pass through it.",
    )
