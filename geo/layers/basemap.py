"""The vector basemap: Natural Earth countries, drawn with no network access."""

from __future__ import annotations

import geopandas as gpd

from geo import settings
from geo.layers.base import Layer, feature_group, geojson

NAME = "Natural Earth countries"


def basemap_layer(countries: gpd.GeoDataFrame) -> Layer:
    """Land and borders as a base layer (a radio button in the layer control)."""
    layer = Layer(name=NAME, group=feature_group(NAME, show=True, overlay=False), legend="")

    def style(_: dict) -> dict:
        return {"fillColor": settings.LAND_COLOR, "fillOpacity": 1.0,
                "color": settings.BORDER_COLOR, "weight": 0.6}

    geojson(countries[["geometry"]], slug=layer.slug, style=style, tooltip="", popup=None,
            interactive=False).add_to(layer.group)
    return layer
