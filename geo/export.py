"""Write outputs: HTML, HTML fragments, static figures and GIS data.

Every write is atomic: a temporary file in the target folder, renamed into place only when
complete, so a failed run never leaves a half-written file or damages the file that was
there before. Everything is rendered in memory first; only then is a file opened.
"""

from __future__ import annotations

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
import pandas as pd

from geo import settings
from geo.errors import OptionError, OutputError
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


def export_data(
    data: MapData,
    path: str | Path,
    *,
    fmt: str | None = None,
    protect: Iterable[str | Path] = (),
) -> Path:
    """Write every layer's features to ``path`` as GeoJSON, GeoPackage or CSV.

    GeoJSON: one FeatureCollection with a ``layer`` property (sorted keys, byte-stable).
    GeoPackage: one table per layer. CSV: one row per feature with a ``layer`` column and
    WKT geometry, formula-safe. Longitudes are in the map's Pacific-centred frame (they may
    exceed 180 so lines that cross the 180th meridian stay whole). ``protect``: inputs
    that must not be overwritten (see :func:`check_target`).
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in DATA_FORMATS:
        raise OutputError(f"{path}: unknown data format {fmt!r}; use {', '.join(DATA_FORMATS)}")
    check_target(path, protect=protect)
    layers = export_records(data)
    if fmt == "gpkg":
        with atomic_path(path, protect=protect) as tmp:
            for name, frame in layers.items():
                _sqlite_columns(_for_gis(frame)).to_file(
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
            json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n",
            path,
            protect=protect,
        )
    table = pd.DataFrame(combined.drop(columns="geometry"))
    table["geometry_wkt"] = combined.geometry.to_wkt(rounding_precision=5)
    return write_text(table_csv(table), path, protect=protect)


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
