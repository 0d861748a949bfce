"""Disputed territories: who administers each and who claims it."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.layers.base import Layer, card, feature_group, geojson, legend, source_line, swatch

NAME = "Disputed territories"
COLOR = "#B2182B"
CONVENTION = ("Shown as administered in November 2013, outlined in red, with the "
              "claimants listed; the map takes no side.")


def disputes_layer(disputes: gpd.GeoDataFrame, documents: pd.DataFrame) -> Layer:
    """Disputed islands as outlined shapes, with a marker so each is visible zoomed out."""
    layer = Layer(name=NAME, group=feature_group(NAME, show=True), legend="")
    rows = disputes.to_dict("records")
    info = {"tooltip": [dispute_summary(r) for r in rows],
            "popup": [_popup(r, documents) for r in rows]}
    shapes = gpd.GeoDataFrame({**info, "geometry": disputes.geometry}, crs=disputes.crs)
    markers = gpd.GeoDataFrame({**info, "geometry": disputes["ref_point"]}, crs=disputes.crs)

    def shape_style(_: dict) -> dict:
        return {"color": COLOR, "weight": 2, "fillColor": COLOR, "fillOpacity": 0.35,
                "dashArray": "4 3"}

    def marker_style(_: dict) -> dict:
        return {"color": COLOR, "weight": 2, "fillColor": "#ffffff", "fillOpacity": 0.9,
                "radius": 6}

    polygons = shapes[shapes.geom_type.isin(["Polygon", "MultiPolygon"])]
    geojson(polygons, slug=layer.slug, style=shape_style).add_to(layer.group)
    geojson(markers, slug=layer.slug, style=marker_style, marker_radius=6).add_to(layer.group)
    layer.legend = legend(NAME, [(swatch(COLOR, dash="4 3", width=2), "disputed territory")],
                          note=CONVENTION)
    return layer


def dispute_summary(row: dict) -> str:
    """One line: name, other names, administrator and claimants."""
    admin, claims = row["administered_by_names"], row["claimed_by_names"]
    name = row["name"] + (f" ({row['other_names']})" if row["other_names"] else "")
    since = f" since {row['since']}" if row["since"] else ""
    return card(name, [("Administered by", admin + since), ("Claimed by", claims)])


def _popup(row: dict, documents: pd.DataFrame) -> str:
    admin, claims = row["administered_by_names"], row["claimed_by_names"]
    name = row["name"] + (f" ({row['other_names']})" if row["other_names"] else "")
    return card(
        f"Disputed: {name}",
        [("Administered by", admin), ("Since", row["since"]), ("Claimed by", claims),
         ("Shape", row.get("basis", ""))],
        quote=row["quote"], note=row["note"], source=source_line(row, documents),
    )
