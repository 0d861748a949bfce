"""Map layers: one module per layer, each turning joined frames into a :class:`Layer`.

A layer builder takes GeoDataFrames from :mod:`geo.join` and returns the folium
``FeatureGroup`` to add to the map together with its legend entry. Builders never read
files and never touch the map; :mod:`geo.render` assembles them.
"""

from __future__ import annotations

from geo.layers.base import Layer
from geo.layers.basemap import basemap_layer
from geo.layers.disputes import disputes_layer
from geo.layers.energy import energy_layer
from geo.layers.partners import partners_layer
from geo.layers.places import places_layer
from geo.layers.relations import RELATION_LAYERS, relation_layer, trade_layer

__all__ = [
    "RELATION_LAYERS",
    "Layer",
    "basemap_layer",
    "disputes_layer",
    "energy_layer",
    "partners_layer",
    "places_layer",
    "relation_layer",
    "trade_layer",
]
