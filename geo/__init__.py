"""geo: an evidence-linked map of Russia's Asia-Pacific ties, derived from a news article.

The pipeline, one module per stage::

    sources.load_data -> validate.validate -> join.join -> model.map_model
        -> render.folium_map / figure.figure_from_model -> export.save_html / save_figure

:mod:`geo.pipeline` runs the stages in order; :class:`Map` is the object most users want.
Every public name is imported on first use (PEP 562), so ``geo --help`` and ``geo check``
load neither folium nor matplotlib.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: Public name -> the module that defines it.
_LAZY = {
    "Map": "geo.api",
    "build_map": "geo.api",
    "DataError": "geo.errors",
    "GeoError": "geo.errors",
    "JoinError": "geo.errors",
    "OptionError": "geo.errors",
    "OutputError": "geo.errors",
    "Problem": "geo.errors",
    "SourceError": "geo.errors",
    "MapData": "geo.join",
    "MapModel": "geo.model",
    "Options": "geo.model",
    "map_model": "geo.model",
    "map_data": "geo.pipeline",
    "model_from_dir": "geo.pipeline",
    "source_data": "geo.pipeline",
    "SourceData": "geo.sources",
    "load_data": "geo.sources",
    "export_data": "geo.export",
    "html_from_map": "geo.export",
    "save_figure": "geo.export",
    "save_html": "geo.export",
}

__all__ = sorted([*_LAZY, "__version__"])


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from geo.settings import tool_version

        value = tool_version()
    elif name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    globals()[name] = value
    return value
