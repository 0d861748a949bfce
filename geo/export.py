"""Write outputs: HTML, HTML fragments, static figures and GIS data.

Every write is atomic: a temporary file in the target folder, renamed into place only when
complete, so a failed run never leaves a half-written file or damages the file that was
there before. Everything is rendered in memory first; only then is a file opened.
"""

from __future__ import annotations

import datetime
import io
import json
import math
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.geometry

from geo import settings
from geo.errors import OptionError, OutputError
from geo.geometry import to_rfc7946, wrap_longitude
from geo.join import MapData
from geo.layers.catalogue import export_records
from geo.render import html_document, html_fragment
from geo.tables import table_csv

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DATA_FORMATS = ("geojson", "gpkg", "csv")
FIGURE_FORMATS = ("png", "svg", "pdf")


#: The temporary file's name: short, so any target name that is valid is also valid here
#: (a name built from the target's would exceed NAME_MAX for a 250-byte file name); it ends
#: in the target's extension when that is short.
TMP_PREFIX, TMP_SUFFIX = ".geo-", ".tmp"


def file_mode() -> int:
    """The mode a new file gets under the current umask (``0o666 & ~umask``)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def check_target(path: str | Path, *, protect: Iterable[str | Path] = ()) -> Path:
    """Refuse a target that must not be replaced; return it as a ``Path``.

    Raises :class:`OutputError` (naming ``path``) for a symbolic link, anything that exists
    and is not a regular file (folder, device such as ``/dev/null``, FIFO, socket), a path
    that runs through a file, and one of the run's own inputs: a file in ``protect``, or any
    file inside a folder in ``protect``.
    """
    path = Path(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError as err:  # ENOTDIR (a path through a file), EACCES, ENAMETOOLONG...
        raise OutputError(f"{path}: cannot write here: {err.strerror}") from None
    if stat.S_ISLNK(st.st_mode):
        raise OutputError(f"{path}: is a symbolic link; refusing to write through it")
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path}: is a folder; give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(
            f"{path}: is {_kind(st.st_mode)}, not a regular file; refusing to replace it"
        )
    for item in protect:
        for source in _files(Path(item)):
            if _same(path, source):
                raise OutputError(
                    f"{path}: is one of this run's inputs ({source}); choose another --out"
                )
    return path


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _files(item: Path) -> Iterator[Path]:
    if item.is_dir():
        yield from (p for p in sorted(item.rglob("*")) if p.is_file())
    elif item.exists():
        yield item


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b) or a.resolve() == b.resolve()
    except OSError:
        return False


@contextmanager
def atomic_path(path: str | Path, *, protect: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it onto ``path`` if the block succeeds.

    The target is checked first (:func:`check_target`); every failure to create the folder,
    the temporary file or to rename it is an :class:`OutputError` naming ``path``. The
    temporary file is removed whatever happens (an exception, Ctrl-C, SIGTERM handled by
    :func:`geo.cli.main`). The file gets the umask's mode, like any new file.
    """
    path = check_target(path, protect=protect)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{path}: cannot create its folder: {err.strerror}") from None
    try:
        # the target's extension, if short, for writers that look at it (GDAL's GPKG driver)
        ext = path.suffix if len(path.suffix) <= 8 else ""
        fd, name = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=TMP_SUFFIX + ext, dir=path.parent)
    except OSError as err:
        raise OutputError(f"{path}: cannot write in its folder: {err.strerror}") from None
    tmp = Path(name)
    try:
        os.close(fd)
        yield tmp
        check_target(path, protect=protect)  # nothing put in its place during the build
        try:
            os.chmod(tmp, file_mode())
            os.replace(tmp, path)
        except OSError as err:
            raise OutputError(f"{path}: cannot write: {err.strerror}") from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def write_text(text: str, path: str | Path, *, protect: Iterable[str | Path] = ()) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically; return the path."""
    path = Path(path)
    with atomic_path(path, protect=protect) as tmp:
        try:
            tmp.write_text(text, encoding="utf-8", newline="\n")
        except OSError as err:
            raise OutputError(f"{path}: cannot write: {err.strerror}") from None
    return path


def html_from_map(m: folium.Map) -> str:
    """The complete, self-contained HTML document of a built map."""
    return html_document(m)


def save_html(
    m: folium.Map,
    path: str | Path | None = None,
    *,
    fragment: bool = False,
    protect: Iterable[str | Path] = (),
) -> Path:
    """Render ``m`` and write it to ``path`` (default ``settings.OUTPUT_HTML``) atomically.

    With ``fragment=True`` write :func:`html_fragment` instead of a whole page.
    """
    path = Path(path) if path is not None else settings.OUTPUT_HTML
    text = html_fragment(m) if fragment else html_from_map(m)
    return write_text(text, path, protect=protect)


#: Static figures: dots per inch, inches per side, and pixels in all (width x height x dpi^2),
#: checked before anything is drawn so a huge size is refused instead of exhausting memory.
DPI_RANGE = (20, 1200)
INCH_RANGE = (1.0, 40.0)
MAX_PIXELS = 100_000_000


def check_figure_size(width: float, height: float, dpi: float) -> None:
    """Raise :class:`OptionError` naming ``--dpi``, ``--width`` or ``--height`` when a
    figure of this size would be out of range or over :data:`MAX_PIXELS`."""
    for option, value, (lo, hi) in (
        ("--dpi", dpi, DPI_RANGE),
        ("--width", width, INCH_RANGE),
        ("--height", height, INCH_RANGE),
    ):
        if not (math.isfinite(value) and lo <= value <= hi):
            raise OptionError(f"{option} {value:g}: use a number from {lo:g} to {hi:g}")
    pixels = width * height * dpi * dpi
    if pixels > MAX_PIXELS:
        raise OptionError(
            f"--dpi {dpi:g} with --width {width:g} and --height {height:g} makes "
            f"{pixels / 1e6:.0f} megapixels; the limit is {MAX_PIXELS // 1_000_000}: "
            "lower --dpi, --width or --height"
        )


def save_figure(
    fig: Figure, path: str | Path, *, dpi: int = 150, protect: Iterable[str | Path] = ()
) -> Path:
    """Write a static figure; the format (png, svg, pdf) follows the file extension."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FIGURE_FORMATS:
        raise OutputError(
            f"{path}: unknown figure format {fmt!r}; use {', '.join(FIGURE_FORMATS)}"
        )
    width, height = (float(v) for v in fig.get_size_inches())
    check_figure_size(width, height, dpi)
    check_target(path, protect=protect)
    from matplotlib import rc_context

    buffer = io.BytesIO()
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None},
        "pdf": {"CreationDate": None, "ModDate": None},
    }[fmt]
    # stable SVG element ids; text as text: SVG <text> elements, PDF TrueType (Type 42) fonts
    with rc_context({"svg.hashsalt": "geo", "svg.fonttype": "none", "pdf.fonttype": 42}):
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    with atomic_path(path, protect=protect) as tmp:
        tmp.write_bytes(buffer.getvalue())
    return path


#: The longitude frames of a data export: ``rfc7946`` (-180..180, lines and polygons cut at
#: the 180th meridian: what QGIS, PostGIS and every GeoJSON reader expect) or ``pacific``
#: (the map's own frame, where a line across the Pacific stays whole and longitudes may
#: exceed 180).
FRAMES = ("rfc7946", "pacific")

#: Field types of the exported tables, by column name; every other column is text.
INTEGER_FIELDS = ("year", "since", "relations", "opened_year")
REAL_FIELDS = (
    "value",
    "lat",
    "lon",
    "ref_lat",
    "ref_lon",
    "origin_lon",
    "origin_lat",
    "destination_lon",
    "destination_lat",
)
BOOLEAN_FIELDS = ("focal", "approximate", "later")
#: ISO 8601 dates as precise as their source (``2013``, ``2013-11`` or ``2013-11-12``): the
#: column stays text, and ``<name>_day`` beside it is a typed date where the day is known.
DATE_FIELDS = ("date", "opened")
DAY_FIELDS = tuple(f"{name}_day" for name in DATE_FIELDS)
#: The GeoPackage version written: 1.3 (GDAL before 3.7, as in QGIS on Debian 12, warns
#: about 1.4, the default of newer GDAL).
GPKG_VERSION = "1.3"
#: The date every GeoPackage records as its tables' last change, so the same inputs give
#: the same bytes (the article's publication date).
GPKG_DATE = "2013-11-12T00:00:00Z"


def export_data(
    data: MapData,
    path: str | Path,
    *,
    fmt: str | None = None,
    frame: str = "rfc7946",
    protect: Iterable[str | Path] = (),
) -> Path:
    """Write every layer's features to ``path`` as GeoJSON, GeoPackage or CSV.

    GeoJSON: one FeatureCollection with a ``layer`` property (sorted keys, byte-stable).
    GeoPackage (version 1.3): one table per layer. CSV: one row per feature with a ``layer``
    column and WKT geometry, formula-safe. Fields are typed (see :func:`gis_layers`).
    ``frame``: one of :data:`FRAMES`. ``protect``: inputs that must not be overwritten (see
    :func:`check_target`).
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in DATA_FORMATS:
        raise OutputError(f"{path}: unknown data format {fmt!r}; use {', '.join(DATA_FORMATS)}")
    layers = gis_layers(data, frame=frame)
    check_target(path, protect=protect)
    if fmt == "gpkg":
        with atomic_path(path, protect=protect) as tmp:
            _write_gpkg(layers, tmp)
        return path
    if fmt == "geojson":
        return write_text(_geojson_text(layers), path, protect=protect)
    return write_text(table_csv(_csv_table(layers)), path, protect=protect)


def gis_layers(data: MapData, *, frame: str = "rfc7946") -> dict[str, gpd.GeoDataFrame]:
    """Every layer's features as typed tables for GIS, by layer name.

    The catalogue's layers, then the dated events, the later developments and the group
    markers. Flows (relations and routes) get ``origin``, ``destination`` and their
    coordinates. Fields named in :data:`INTEGER_FIELDS`, :data:`REAL_FIELDS` and
    :data:`BOOLEAN_FIELDS` are typed, empty cells becoming nulls; each of
    :data:`DATE_FIELDS` gets a typed ``<name>_day``. ``frame``: one of :data:`FRAMES`.
    """
    if frame not in FRAMES:
        raise OptionError(f"frame {frame!r}: use {' or '.join(FRAMES)}")
    layers = {**export_records(data), **_more_records(data)}
    return {
        name: _typed(_in_frame(_with_ends(table, data.anchors), frame))
        for name, table in layers.items()
    }


def _more_records(data: MapData) -> dict[str, gpd.GeoDataFrame]:
    """The features drawn inside other layers: events and group markers."""
    events = data.events
    later = events["later"] == "true"
    ids = {"relations": "relation_ids"}  # the ids of the relations that report the event
    anchors = data.anchors
    groups = anchors[anchors["basis"].str.startswith("schematic")]
    return {
        "Dated events": events[~later].rename(columns=ids).reset_index(drop=True),
        "Later developments": events[later].rename(columns=ids).reset_index(drop=True),
        "Group markers": groups[
            ["code", "name", "label", "members", "basis", "geometry"]
        ].reset_index(drop=True),
    }


def _with_ends(table: gpd.GeoDataFrame, anchors: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A flow's ``origin`` and ``destination`` names and points (Pacific frame): relations
    from their anchors, routes from their first and last waypoints."""
    if {"source", "target", "source_name", "target_name"} <= set(table.columns):
        names = table["source_name"], table["target_name"]
        starts = list(anchors.geometry.reindex(table["source"]))
        ends = list(anchors.geometry.reindex(table["target"]))
    elif "waypoints" in table.columns:
        stops = table["waypoints"].str.split(" → ")
        names = stops.str[0], stops.str[-1]
        coords = [shapely.get_coordinates(g) for g in table.geometry]
        starts = [shapely.Point(c[0]) for c in coords]
        ends = [shapely.Point(c[-1]) for c in coords]
    else:
        return table
    out = table.copy()
    out["origin"], out["destination"] = list(names[0]), list(names[1])
    out["origin_lon"] = [p.x for p in starts]
    out["origin_lat"] = [p.y for p in starts]
    out["destination_lon"] = [p.x for p in ends]
    out["destination_lat"] = [p.y for p in ends]
    return out


def _in_frame(table: gpd.GeoDataFrame, frame: str) -> gpd.GeoDataFrame:
    """Geometries and end longitudes in ``frame`` (the tables come in the Pacific frame)."""
    if frame == "pacific" or table.empty:
        return table
    out = table.copy()
    out.geometry = [to_rfc7946(g) for g in out.geometry]
    for col in ("origin_lon", "destination_lon"):
        if col in out.columns:
            out[col] = [wrap_longitude(x, west=-180.0) for x in out[col]]
    return out


def _typed(table: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Numbers as numbers, years as integers, flags as booleans, known days as dates."""
    out = _for_gis(table)
    for col in out.columns:
        if col in INTEGER_FIELDS:
            out[col] = pd.to_numeric(_blank_to_na(out[col])).astype("Int64")
        elif col in REAL_FIELDS:
            out[col] = pd.to_numeric(_blank_to_na(out[col])).astype("float64")
        elif col in BOOLEAN_FIELDS:
            out[col] = out[col].map(_flag).astype("boolean" if out[col].isna().any() else bool)
    for col in DATE_FIELDS:
        if col in out.columns:
            days = out[col].map(_day).astype(object)
            out.insert(out.columns.get_loc(col) + 1, f"{col}_day", days)
    return out


def _blank_to_na(column: pd.Series) -> pd.Series:
    return column.map(lambda v: None if isinstance(v, str) and not v.strip() else v)


def _flag(value: object) -> object:
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().lower())
    return None if value is None or pd.isna(value) else bool(value)


def _day(value: object) -> datetime.date | None:
    """The day of a full ISO date (``2013-11-12``); ``None`` for a month, a year or blank."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return datetime.date.fromisoformat(value)
    return None


def _write_gpkg(layers: dict[str, gpd.GeoDataFrame], path: Path) -> None:
    """One table per layer, GeoPackage 1.3, dates as ``DATE`` fields, stable bytes.

    Written with pyogrio's field-level writer: handed a ``datetime64[D]`` array it declares
    a ``DATE`` field, which a pandas column (always a date and time) cannot say.
    """
    import pyogrio
    import pyogrio.raw

    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_DATE})
    try:
        for name, table in layers.items():
            table = _sqlite_columns(table)
            fields = [c for c in table.columns if c != "geometry"]
            arrays = [_field(table[c]) for c in fields]
            kind = _geometry_type(table)
            pyogrio.raw.write(
                str(path),
                shapely.to_wkb(table.geometry.values),
                [values for values, _ in arrays],
                fields=fields,
                field_mask=[mask for _, mask in arrays],
                layer=_table_name(name),
                driver="GPKG",
                geometry_type=kind,
                promote_to_multi=kind.startswith("Multi"),
                crs=settings.CRS,
                dataset_options={"VERSION": GPKG_VERSION},
            )
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})


def _field(column: pd.Series) -> tuple[np.ndarray, np.ndarray | None]:
    """A column as the array (and null mask) whose type GDAL maps to the field's type."""
    values = column.array
    if isinstance(values, pd.arrays.IntegerArray):
        return values.to_numpy(dtype="int64", na_value=0), np.asarray(values.isna())
    if isinstance(values, pd.arrays.BooleanArray):
        return values.to_numpy(dtype=bool, na_value=False), np.asarray(values.isna())
    if column.dtype.kind in "biuf":
        return column.to_numpy(), None
    if column.name in DAY_FIELDS:
        days = [np.datetime64(v, "D") if isinstance(v, datetime.date) else None for v in column]
        return np.array(days, dtype="datetime64[D]"), None
    text = [v if isinstance(v, str) else None for v in column]
    return np.array(text, dtype=object), None


def _geometry_type(table: gpd.GeoDataFrame) -> str:
    """The layer's geometry type: one kind (single parts promoted to multi), or Unknown."""
    types = set(table.geometry.geom_type.dropna())
    kinds = {t.removeprefix("Multi") for t in types}
    if len(kinds) != 1:
        return "Unknown"
    (kind,) = kinds
    return f"Multi{kind}" if any(t.startswith("Multi") for t in types) else kind


def _geojson_text(layers: dict[str, gpd.GeoDataFrame]) -> str:
    """One FeatureCollection, a ``layer`` property on every feature; nulls for blanks,
    dates as ``YYYY-MM-DD``; sorted keys, so the same inputs give the same bytes."""
    features = []
    for name, table in layers.items():
        props = table.drop(columns="geometry")
        for geom, row in zip(table.geometry, props.to_dict("records"), strict=True):
            properties = {k: _json_value(v) for k, v in row.items()}
            properties["layer"] = name
            features.append(
                {
                    "type": "Feature",
                    "properties": properties,
                    "geometry": shapely.geometry.mapping(shapely.orient_polygons(geom))
                    if geom is not None
                    else None,
                }
            )
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def _json_value(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()
    return value


def _csv_table(layers: dict[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    """One row per feature: a ``layer`` column, the fields, and the geometry as WKT."""
    frames = []
    for name, table in layers.items():
        rows = pd.DataFrame(table.drop(columns="geometry")).assign(layer=name)
        rows["geometry_wkt"] = table.geometry.to_wkt(rounding_precision=5)
        frames.append(rows)
    return pd.concat(frames, ignore_index=True)


def _for_gis(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Plain-typed columns (text, numbers, booleans) that every GIS format can hold."""
    out = frame.copy()
    for col in out.columns:
        if col != "geometry" and out[col].dtype == object:
            out[col] = out[col].map(
                lambda v: v if v is None or isinstance(v, str | int | float | bool) else str(v)
            )
    return out


#: Column names a GeoPackage table reserves: its feature id and its geometry column.
_RESERVED = ("fid", "geom")


def _sqlite_columns(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Columns renamed so SQLite accepts them: a name that is reserved (``fid``) or equal,
    ignoring case, to an earlier one (``NAME`` beside ``name``) gets ``_2``, ``_3``...
    (first free), in column order, so the same frame always gets the same names."""
    taken = set(_RESERVED)
    names: dict[str, str] = {}
    for col in frame.columns:
        if col == "geometry":
            continue
        new, n = col, 1
        while new.lower() in taken:
            n += 1
            new = f"{col}_{n}"
        taken.add(new.lower())
        if new != col:
            names[col] = new
    return frame.rename(columns=names) if names else frame


def _table_name(layer: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", layer.lower()).strip("_")
