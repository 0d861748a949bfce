"""The vector basemap: Natural Earth countries, drawn with no network access."""

from __future__ import annotations

import geopandas as gpd

from geo import settings
from geo.layers.base import Layer, features

NAME = "Natural Earth countries"


def basemap_layer(countries: gpd.GeoDataFrame) -> Layer:
    """Land and borders as a base layer (a radio button in the layer control)."""
    style = {
        "fillColor": settings.LAND_COLOR,
        "fillOpacity": 1.0,
        "color": settings.BORDER_COLOR,
        "weight": 0.6,
    }
    rows = [
        {"tooltip": "", "popup": "", "style": style, "ids": c, "geometry": g}
        for c, g in zip(countries["iso3"], countries.geometry, strict=True)
    ]
    return Layer(
        name=NAME,
        features=[features(rows, crs=countries.crs, interactive=False)],
        show=True,
        theme="Basemaps",
        base=True,
    )
