"""geo: an evidence-linked map of Russia's Asia-Pacific ties, derived from a news article.

The pipeline, one module per stage::

    sources.load_data -> validate.validate -> join.join -> render.map_from_data
                      -> export.save_html

``build_map`` runs the first four in one call.
"""

from __future__ import annotations

from geo.errors import DataError, GeoError, JoinError, Problem, SourceError
from geo.export import html_from_map, save_html
from geo.join import MapData, join
from geo.render import build_map, map_from_data
from geo.settings import tool_version
from geo.sources import SourceData, load_data
from geo.validate import validate

__version__ = tool_version()

__all__ = [
    "DataError",
    "GeoError",
    "JoinError",
    "MapData",
    "Problem",
    "SourceData",
    "SourceError",
    "__version__",
    "build_map",
    "html_from_map",
    "join",
    "load_data",
    "map_from_data",
    "save_html",
    "validate",
]
