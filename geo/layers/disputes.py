"""Disputed territories: who administers each and who claims it."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.layers.base import Layer, Legend, Symbol, card, features, fill_style, source_line

NAME = "Disputed territories"
COLOR = "#B2182B"
CONVENTION = (
    "Shown as administered in November 2013, outlined in red, with the "
    "claimants listed; the map takes no side."
)
SYMBOL = Symbol("fill", COLOR, dash="4 3", edge=COLOR)


def disputes_layer(disputes: gpd.GeoDataFrame, documents: pd.DataFrame) -> Layer:
    """Disputed islands as outlined shapes, with a marker so each is visible zoomed out."""
    records = disputes.to_dict("records")
    shapes = [
        {
            **_texts(r, documents),
            "style": fill_style(SYMBOL, opacity=0.35, weight=2),
            "ids": r["id"],
            "geometry": r["geometry"],
        }
        for r in records
        if r["geometry"].geom_type in ("Polygon", "MultiPolygon")
    ]
    marker_style = {
        "color": COLOR,
        "weight": 2,
        "fill": True,
        "fillColor": "#ffffff",
        "fillOpacity": 0.9,
    }
    markers = [
        {
            **_texts(r, documents),
            "style": marker_style,
            "label": _name(r),
            "ids": r["id"],
            "geometry": r["ref_point"],
        }
        for r in records
    ]
    return Layer(
        name=NAME,
        features=[
            features(shapes, crs=disputes.crs),
            features(markers, crs=disputes.crs, radius=6, label_zoom=5),
        ],
        legend=Legend(
            NAME,
            [
                (SYMBOL, "disputed territory"),
                (Symbol("point", COLOR), "its position, visible zoomed out"),
            ],
            CONVENTION,
        ),
        show=True,
        theme="Territory",
    )


def dispute_summary(row: dict) -> str:
    """The tooltip: name, other names, administrator and claimants."""
    since = f" since {row['since']}" if row["since"] else ""
    return card(
        _name(row),
        [
            ("Administered by", row["administered_by_names"] + since),
            ("Claimed by", row["claimed_by_names"]),
        ],
    )


def _texts(row: dict, documents: pd.DataFrame) -> dict:
    popup = card(
        f"Disputed: {_name(row)}",
        [
            ("Administered by", row["administered_by_names"]),
            ("Since", row["since"]),
            ("Claimed by", row["claimed_by_names"]),
            ("Shape", row.get("basis", "")),
        ],
        quote=row["quote"],
        note=row["note"],
        source=source_line(row, documents),
    )
    return {"tooltip": dispute_summary(row), "popup": popup}


def _name(row: dict) -> str:
    return row["name"] + (f" ({row['other_names']})" if row["other_names"] else "")
