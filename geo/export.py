"""Write outputs: HTML, HTML fragments, static figures and GIS data.

Every write is atomic: a temporary file in the target folder, renamed into place only when
complete, so a failed run never leaves a half-written file or damages the file that was
there before. Everything is rendered in memory first; only then is a file opened.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
import pandas as pd

from geo import settings
from geo.errors import OutputError
from geo.join import MapData
from geo.layers.catalogue import export_records
from geo.render import html_document, html_fragment
from geo.tables import table_csv

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DATA_FORMATS = ("geojson", "gpkg", "csv")
FIGURE_FORMATS = ("png", "svg", "pdf")


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it onto ``path`` if the block succeeds."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent
    )
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text(text: str, path: str | Path) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically; return the path."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return path


def html_from_map(m: folium.Map) -> str:
    """The complete, self-contained HTML document of a built map."""
    return html_document(m)


def save_html(m: folium.Map, path: str | Path | None = None, *, fragment: bool = False) -> Path:
    """Render ``m`` and write it to ``path`` (default ``settings.OUTPUT_HTML``) atomically.

    With ``fragment=True`` write :func:`html_fragment` instead of a whole page.
    """
    path = Path(path) if path is not None else settings.OUTPUT_HTML
    text = html_fragment(m) if fragment else html_from_map(m)
    return write_text(text, path)


def save_figure(fig: Figure, path: str | Path, *, dpi: int = 150) -> Path:
    """Write a static figure; the format (png, svg, pdf) follows the file extension."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FIGURE_FORMATS:
        raise OutputError(
            f"{path}: unknown figure format {fmt!r}; use {', '.join(FIGURE_FORMATS)}"
        )
    from matplotlib import rc_context

    buffer = io.BytesIO()
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None},
        "pdf": {"CreationDate": None, "ModDate": None},
    }[fmt]
    with rc_context({"svg.hashsalt": "geo"}):  # stable SVG element ids
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    with atomic_path(path) as tmp:
        tmp.write_bytes(buffer.getvalue())
    return path


def export_data(data: MapData, path: str | Path, *, fmt: str | None = None) -> Path:
    """Write every layer's features to ``path`` as GeoJSON, GeoPackage or CSV.

    GeoJSON: one FeatureCollection with a ``layer`` property (sorted keys, byte-stable).
    GeoPackage: one table per layer. CSV: one row per feature with a ``layer`` column and
    WKT geometry, formula-safe. Longitudes are in the map's Pacific-centred frame (they may
    exceed 180 so lines that cross the 180th meridian stay whole).
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in DATA_FORMATS:
        raise OutputError(f"{path}: unknown data format {fmt!r}; use {', '.join(DATA_FORMATS)}")
    layers = export_records(data)
    if fmt == "gpkg":
        with atomic_path(path) as tmp:
            for name, frame in layers.items():
                _for_gis(frame).to_file(
                    tmp, layer=_table_name(name), driver="GPKG", engine="pyogrio"
                )
        return path
    combined = pd.concat(
        [_for_gis(f).assign(layer=n) for n, f in layers.items()], ignore_index=True
    )
    combined = gpd.GeoDataFrame(combined, geometry="geometry", crs=data.countries.crs)
    if fmt == "geojson":
        doc = json.loads(combined.to_json(drop_id=True, na="drop"))
        return write_text(
            json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n", path
        )
    table = pd.DataFrame(combined.drop(columns="geometry"))
    table["geometry_wkt"] = combined.geometry.to_wkt(rounding_precision=5)
    return write_text(table_csv(table), path)


def _for_gis(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Plain-typed columns (text, numbers, booleans) that every GIS format can hold."""
    out = frame.copy()
    for col in out.columns:
        if col != "geometry" and out[col].dtype == object:
            out[col] = out[col].map(
                lambda v: v if v is None or isinstance(v, str | int | float | bool) else str(v)
            )
    return out


def _table_name(layer: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", layer.lower()).strip("_")
