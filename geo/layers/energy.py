"""Energy and transport routes, by commodity and by status in November 2013."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo import settings
from geo.layers.base import Layer, Legend, Symbol, card, features, line_style, source_line

NAME = "Energy routes"
APPROXIMATE = "Approximate: drawn as straight segments through a few sourced waypoints."


def energy_layer(routes: gpd.GeoDataFrame, documents: pd.DataFrame) -> Layer:
    """Pipelines, LNG shipping and rail links: colour by commodity, dashes by status."""
    rows = [
        {
            "tooltip": route_card(r, documents, brief=True),
            "popup": route_card(r, documents),
            "style": line_style(_symbol(r["commodity"], r["status"]), weight=3.5),
            "year": int(r["opened"][:4]) if r["opened"] else None,
            "geometry": r["geometry"],
        }
        for r in routes.to_dict("records")
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
