"""Energy and transport routes, by commodity and by status in November 2013."""

from __future__ import annotations

import itertools

import geopandas as gpd
import pandas as pd
import shapely

from geo import settings
from geo.layers.base import Layer, Legend, Symbol, card, features, line_style, source_line

NAME = "Energy routes"
APPROXIMATE = "Approximate: drawn as straight segments through a few sourced waypoints."
#: Routes that share a stretch (the trans-Korean gas and rail proposals, Rajin-Seoul) are
#: drawn this far apart (degrees, about 12 km), so that neither hides the other.
SIDE_BY_SIDE_DEG = 0.11


def energy_layer(routes: gpd.GeoDataFrame, documents: pd.DataFrame) -> Layer:
    """Pipelines, LNG shipping and rail links: colour by commodity, dashes by status. Routes
    that share a stretch are drawn side by side (see :func:`side_by_side`)."""
    offsets = side_by_side(routes)
    records = routes.to_dict("records")
    for r in records:
        if offsets.get(r["id"]):
            others = [o["name"] for o in records if o["id"] in offsets and o["id"] != r["id"]]
            r["note"] = " ".join(
                n
                for n in (
                    r["note"],
                    f"Drawn a few km to one side of {' and '.join(others)}, which shares "
                    "part of its path, so that both stay visible.",
                )
                if n
            )
    rows = [
        {
            "tooltip": route_card(r, documents, brief=True),
            "popup": route_card(r, documents),
            "style": line_style(_symbol(r["commodity"], r["status"]), weight=3.5),
            "year": int(r["opened"][:4]) if r["opened"] else None,
            "ids": r["id"],
            "geometry": shapely.offset_curve(r["geometry"], offsets.get(r["id"], 0.0))
            if offsets.get(r["id"])
            else r["geometry"],
        }
        for r in records
    ]
    return Layer(
        name=NAME,
        features=[features(rows, crs=routes.crs)],
        legend=_legend(routes),
        show=True,
        theme="Infrastructure",
    )


def route_card(row: dict, documents: pd.DataFrame, *, brief: bool = False) -> str:
    """The card of one route; ``brief`` leaves out the quote and source for the tooltip."""
    facts = [
        ("Carries", _label(row["commodity"])),
        ("Status, Nov 2013", row["status"]),
        ("Opened", row["opened"]),
        ("Route", row["waypoints"]),
    ]
    note = APPROXIMATE if row["approximate"] == "true" else ""
    if brief:
        return card(row["name"], facts[:3], note=note)
    note = " ".join(n for n in (note, row["note"]) if n)
    return card(
        row["name"], facts, quote=row["quote"], note=note, source=source_line(row, documents)
    )


def side_by_side(routes: gpd.GeoDataFrame) -> dict[str, float]:
    """Offsets (degrees, left of the direction of travel) for routes that share a segment:
    the routes of each such set are spread symmetrically, ``SIDE_BY_SIDE_DEG`` apart, in
    order of id. Routes that share nothing are not moved."""
    segments = {
        r.id: {frozenset(pair) for pair in itertools.pairwise(r.geometry.coords)}
        for r in routes.itertuples()
    }
    offsets: dict[str, float] = {}
    for rid in sorted(segments):
        shared = sorted(o for o in segments if segments[o] & segments[rid])
        if len(shared) > 1:
            for i, other in enumerate(shared):
                offsets[other] = (i - (len(shared) - 1) / 2) * SIDE_BY_SIDE_DEG
    return offsets


def _symbol(commodity: str, status: str) -> Symbol:
    return Symbol("line", settings.COMMODITY_COLORS[commodity], settings.STATUS_DASH[status])


def _label(commodity: str) -> str:
    return commodity.upper() if commodity == "lng" else commodity


def _legend(routes: pd.DataFrame) -> Legend:
    items = [
        (Symbol("line", settings.COMMODITY_COLORS[c]), _label(c))
        for c in sorted(set(routes["commodity"]))
    ]
    items += [
        (Symbol("line", "#555555", settings.STATUS_DASH[s]), s)
        for s in ("operating", "planned", "proposed")
        if s in set(routes["status"])
    ]
    return Legend(NAME, items, "Routes are schematic where marked approximate.")
