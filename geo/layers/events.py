"""Events: dated markers at the place where something happened (visits, summits, deals).

Events the article reports make up the markers of the *Diplomacy and events* layer; what
happened after November 2013 goes to the separate *Later developments* layer, off at open.
Several events at one place share one marker whose card lists each.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo import settings
from geo.layers.base import Features, Layer, Legend, Symbol, card, features, source_line

LATER = "Later developments"
LATER_COLOR = "#6A3D9A"


def event_markers(
    events: gpd.GeoDataFrame, documents: pd.DataFrame, *, later: bool, kind: str = "diplomacy"
) -> Features:
    """One marker per place for the events before (or, with ``later``, after) the article,
    in the colour of the ``kind`` of relation that reports them."""
    chosen = events[events["later"] == ("true" if later else "false")]
    color = LATER_COLOR if later else settings.KIND_COLORS[kind]
    style = {"color": "#ffffff", "weight": 1.5, "fill": True, "fillColor": color, "fillOpacity": 1}
    rows = []
    for _, group in chosen.sort_values(["date", "id"]).groupby("place", sort=True):
        first = group.iloc[0]
        lines = "; ".join(f"{r['date']}: {r['name']}" for r in group.to_dict("records"))
        rows.append(
            {
                "tooltip": card(
                    first["place_name"],
                    [("", lines)],
                    note="Click for the source."
                    if len(group) == 1
                    else "Click for each event's source.",
                ),
                "popup": "".join(event_card(r, documents) for r in group.to_dict("records")),
                "style": style,
                "year": int(group["year"].min()),
                "ids": " ".join(group["id"]),
                "geometry": first.geometry,
            }
        )
    return features(rows, crs=events.crs, radius=7)


def later_layer(events: gpd.GeoDataFrame, documents: pd.DataFrame) -> Layer:
    """What happened after the article, kept apart from what it reported."""
    legend = Legend(
        LATER,
        [(Symbol("point", LATER_COLOR), "event after November 2013")],
        "Not in the article: outside sources, for context.",
    )
    return Layer(
        name=LATER,
        features=[event_markers(events, documents, later=True)],
        legend=legend,
        show=False,
        theme="After the article",
    )


def event_card(row: dict, documents: pd.DataFrame) -> str:
    """The evidence card of one event."""
    kind = "After the article" if row["later"] == "true" else "Reported in the article"
    return card(
        row["name"],
        [
            ("When", row["date"]),
            ("Where", row["place_name"]),
            ("", kind),
            ("Relations", row["relations"].replace(";", ", ")),
        ],
        quote=row["quote"],
        note=row["note"],
        source=source_line(row, documents),
    )
