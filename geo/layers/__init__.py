"""Map layers: one module per layer, each turning joined frames into a :class:`Layer`.

A layer builder takes GeoDataFrames from :mod:`geo.join` and returns a :class:`Layer`:
features with their tooltips, popups and styles, and a legend. Builders never read files
and never draw; :mod:`geo.render` (HTML) and :mod:`geo.figure` (PNG, SVG, PDF) draw the
same layers.
"""

from __future__ import annotations

from geo.layers.base import Features, Layer, Legend, Symbol
from geo.layers.basemap import basemap_layer
from geo.layers.disputes import disputes_layer
from geo.layers.energy import energy_layer
from geo.layers.events import event_markers, later_layer
from geo.layers.labels import country_labels_layer
from geo.layers.partners import partners_layer
from geo.layers.places import places_layer
from geo.layers.relations import RELATION_LAYERS, relation_layer, trade_layer

__all__ = [
    "RELATION_LAYERS",
    "Features",
    "Layer",
    "Legend",
    "Symbol",
    "basemap_layer",
    "country_labels_layer",
    "disputes_layer",
    "energy_layer",
    "event_markers",
    "later_layer",
    "partners_layer",
    "places_layer",
    "relation_layer",
    "trade_layer",
]
