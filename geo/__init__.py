"""geo: an evidence-linked map of Russia's Asia-Pacific ties, derived from a news article.

The pipeline, one module per stage::

    sources.load_data -> validate.validate -> join.join -> render.map_from_data
                      -> export.save_html

``build_map`` runs the first four in one call. Names are imported on first use (PEP 562),
so ``geo check`` does not load folium.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from geo.errors import DataError, GeoError, JoinError, Problem, SourceError

# The functions named like their modules are bound eagerly, so ``geo.join`` and
# ``geo.validate`` stay the functions after the submodules are imported elsewhere.
from geo.join import MapData, join
from geo.settings import tool_version
from geo.sources import SourceData, load_data
from geo.validate import validate

__version__ = tool_version()

#: Public name -> the module that defines it.
_LAZY = {
    "html_from_map": "geo.export",
    "save_html": "geo.export",
    "build_map": "geo.render",
    "map_from_data": "geo.render",
}

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


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'geo' has no attribute {name!r}")
