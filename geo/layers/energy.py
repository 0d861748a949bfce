"""Energy and transport routes, by commodity and by status in November 2013."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo import settings
from geo.layers.base import Layer, card, feature_group, geojson, legend, source_line, swatch

NAME = "Energy routes"
APPROXIMATE = "Approximate: drawn as straight segments through a few sourced waypoints."


def energy_layer(routes: gpd.GeoDataFrame, documents: pd.DataFrame) -> Layer:
    """Pipelines, LNG shipping and rail links: colour by commodity, dashes by status."""
    layer = Layer(name=NAME, group=feature_group(NAME, show=True), legend="")
    rows = routes.to_dict("records")
    frame = routes.assign(
        tooltip=[route_card(r, documents, brief=True) for r in rows],
        popup=[route_card(r, documents) for r in rows],
        _style=[{"color": settings.COMMODITY_COLORS[r["commodity"]],
                 "dash": settings.STATUS_DASH[r["status"]]} for r in rows],
    )

    def style(props: dict) -> dict:
        return {"color": props["_style"]["color"], "dashArray": props["_style"]["dash"],
                "weight": 3.5, "opacity": 0.9, "lineCap": "round", "lineJoin": "round"}

    geojson(frame, slug=layer.slug, style=style).add_to(layer.group)
    layer.legend = _legend(routes)
    return layer


def route_card(row: dict, documents: pd.DataFrame, *, brief: bool = False) -> str:
    """The card of one route; ``brief`` leaves out the quote and source for the tooltip."""
    facts = [("Carries", row["commodity"].upper() if row["commodity"] == "lng"
              else row["commodity"]), ("Status, Nov 2013", row["status"]),
             ("Opened", row["opened"]), ("Route", row["waypoints"])]
    note = APPROXIMATE if row["approximate"] == "true" else ""
    if brief:
        return card(row["name"], facts[:3], note=note)
    note = " ".join(n for n in (note, row["note"]) if n)
    return card(row["name"], facts, quote=row["quote"], note=note,
                source=source_line(row, documents))


def _legend(routes: pd.DataFrame) -> str:
    entries = [(swatch(settings.COMMODITY_COLORS[c]), c.upper() if c == "lng" else c)
               for c in sorted(set(routes["commodity"]))]
    entries += [(swatch("#555", dash=settings.STATUS_DASH[s]), s)
                for s in ("operating", "planned", "proposed") if s in set(routes["status"])]
    return legend(NAME, entries, note="Routes are schematic where marked approximate.")
