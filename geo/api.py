"""The public object: :class:`Map`, one map of a data folder that writes itself anywhere.

Shaped like lonboard's ``Map`` and geopandas' ``explore``: build once, then ask for the
format you need. Each method is a short delegate to the backend or writer that owns it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from geo import export, pipeline, render
from geo.model import MapModel, Options

if TYPE_CHECKING:
    import folium
    from matplotlib.figure import Figure


class Map:
    """The map of the data in ``data_dir`` (default ``settings.DATA_DIR``).

    Parameters
    ----------
    data_dir
        Folder with the curated tables and derived geometries.
    title
        Shown in the title block and the page title (default ``settings.TITLE``).
    layers, on
        Names or slugs of the layers to include, and of those on at open (default: all, each
        with its own default).
    basemap
        ``vector`` (Natural Earth, offline), ``none``, or ``tiles`` (online OpenStreetMap,
        switchable, the only option that needs a network).
    article, published
        Map a new plain-text article instead: its relations are extracted, unreviewed.
    map_id
        The map's id in a page (default: derived from its content, so two maps on one page
        never clash).
    labels
        ``en``, ``local`` (the partners' own scripts where sourced) or ``both``.
    extent
        The static figure's view: ``pacific``, ``northeast-asia``, ``korea``, ``kurils`` or
        ``(west, south, east, north)`` in degrees.

    Examples
    --------
    >>> m = geo.Map(layers=["partners", "trade-flows"])
    >>> m                                  # shown inline in Jupyter
    >>> m.save("map.html"); m.save("map.pdf"); m.export("map.gpkg")
    """

    def __init__(
        self,
        data_dir: str | Path | None = None,
        *,
        title: str = "",
        layers: Sequence[str] | None = None,
        on: Sequence[str] | None = None,
        basemap: str = "vector",
        article: str | Path | None = None,
        published: str | None = None,
        map_id: str = "",
        labels: str = "en",
        extent: str | Sequence[float] | None = None,
    ) -> None:
        options = Options(
            title=title,
            layers=tuple(layers) if layers else None,
            on=tuple(on) if on else None,
            basemap=basemap,
            map_id=map_id,
            labels=labels,
            extent=tuple(extent) if extent is not None and not isinstance(extent, str) else extent,  # type: ignore[arg-type]
        )
        self.model: MapModel = pipeline.model_from_dir(
            data_dir, options, article=article, published=published
        )

    def to_folium(self) -> folium.Map:
        """The map as a ``folium.Map``, to add your own folium elements to."""
        return render.folium_map(self.model)

    def to_html(self, *, fragment: bool = False) -> str:
        """The map as one self-contained HTML page (or a ``div`` to paste into a page)."""
        m = self.to_folium()
        return render.html_fragment(m) if fragment else render.html_document(m)

    def to_figure(self, *, width: float = 11.0, height: float = 7.5) -> Figure:
        """The map as a matplotlib ``Figure`` (for PNG, SVG or PDF)."""
        from geo.figure import figure_from_model

        return figure_from_model(self.model, width=width, height=height)

    def save(self, path: str | Path, *, fragment: bool = False, dpi: int = 150) -> Path:
        """Write the map to ``path``: HTML, or PNG, SVG or PDF by the file's extension."""
        if Path(path).suffix.lower() in (".png", ".svg", ".pdf"):
            return export.save_figure(self.to_figure(), path, dpi=dpi)
        return export.save_html(self.to_folium(), path, fragment=fragment)

    def export(self, path: str | Path, *, fmt: str | None = None, frame: str = "rfc7946") -> Path:
        """Write every layer's features for GIS: GeoJSON, GeoPackage or CSV, with longitudes
        in -180..180 (``frame="rfc7946"``) or in the map's own frame (``"pacific"``)."""
        return export.export_data(self.model.data, path, fmt=fmt, frame=frame)

    def _repr_html_(self) -> str:
        """Jupyter shows the page in an iframe, so its scripts and styles stay its own."""
        page = html.escape(self.to_html(), quote=True)
        return (
            f'<iframe srcdoc="{page}" title="{html.escape(self.model.meta.title)}" '
            'style="width:100%;height:600px;border:none"></iframe>'
        )


def build_map(
    data_dir: str | Path | None = None,
    *,
    title: str = "",
    layers: Sequence[str] | None = None,
    on: Sequence[str] | None = None,
    basemap: str = "vector",
) -> folium.Map:
    """Load, validate and join the data in ``data_dir``, then build the folium map: one call.

    Same parameters as :class:`Map`; returns :meth:`Map.to_folium`.
    """
    return Map(data_dir, title=title, layers=layers, on=on, basemap=basemap).to_folium()
