"""Read the project's inputs: the only module that opens files under ``data/``.

Every reader returns plain pandas/geopandas objects with text left as text (no type
coercion): turning text into numbers is validation's job, so that a typo is reported with
its file and line instead of silently becoming ``NaN``.

CSV tables are parsed with the :mod:`csv` module, which follows RFC 4180 quoting, so each
record's *physical* line number is known even when a quoted cell spans several lines; the
numbers are kept in ``frame.attrs["lines"]`` for error messages. A file that cannot be read
as CSV at all (bytes that are not UTF-8, a quote that never closes, a row with more cells
than the header) raises :class:`~geo.errors.DataError` naming file, line and column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd
import shapely.geometry

from geo import settings
from geo.errors import DataError, Problem, SourceError

#: The curated tables, by the name the rest of the pipeline uses for them.
TABLE_FILES: dict[str, str] = {
    "documents": "sources/documents.csv",
    "relations": "relations.csv",
    "groups": "groups.csv",
    "group_members": "group_members.csv",
    "places": "places.csv",
    "routes": "routes.csv",
    "waypoints": "route_waypoints.csv",
    "disputes": "disputes.csv",
    "events": "events.csv",
}

#: Derived geometries: Natural Earth shapes from ``python -m geo.derive``, and the routes'
#: sea lanes from ``data/derive_sea_lanes.py`` (both run by ``make data``).
GEOMETRY_FILES: dict[str, str] = {
    "countries": "derived/countries.geojson",
    "disputed": "derived/disputed.geojson",
    "sea_lanes": "derived/sea_lanes.geojson",
}

T = TypeVar("T")

#: Coordinate reference system of every GeoJSON input (RFC 7946: WGS 84 lon/lat).
CRS = settings.CRS


@dataclass
class SourceData:
    """Everything the pipeline reads, as read: tables, document texts and geometries."""

    data_dir: Path
    tables: dict[str, pd.DataFrame]
    texts: dict[str, str]
    countries: gpd.GeoDataFrame
    disputed: gpd.GeoDataFrame
    sea_lanes: gpd.GeoDataFrame = field(default_factory=lambda: gpd.GeoDataFrame(geometry=[]))
    paths: dict[str, Path] = field(default_factory=dict)
    digest: str = ""


@dataclass(frozen=True)
class Records:
    """A CSV file split into its header, its data rows and the line each row starts on."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    header_line: int = 1


def table_from_csv(path: str | Path) -> pd.DataFrame:
    """Read one CSV table with every cell as text.

    Parameters
    ----------
    path
        The CSV file: UTF-8 (a byte order mark is dropped), ``\\n`` or ``\\r\\n`` line
        endings, quoted per RFC 4180.

    Returns
    -------
    The table; missing cells are empty strings. ``attrs["path"]`` records the file and
    ``attrs["lines"]`` the physical line each row starts on (row ``i`` -> ``lines[i]``).

    Raises
    ------
    DataError
        When the file is empty, is not UTF-8, or is not well-formed CSV; every such
        problem in the file is reported at once.
    """
    path = Path(path)
    records = records_from_text(str(path), decode_csv(str(path), _read_bytes(path)))
    frame = pd.DataFrame(records.rows, columns=records.header, dtype=str)
    frame.attrs["path"] = str(path)
    frame.attrs["lines"] = LineNumbers(records.lines)
    return frame


class LineNumbers(tuple):
    """Row -> physical line, kept in ``DataFrame.attrs``. pandas deep-copies ``attrs`` on
    nearly every operation; this is immutable, so a copy is the object itself and frames
    of 10,000 rows do not pay for copying it 10,000 times."""

    __slots__ = ()

    def __deepcopy__(self, memo: dict) -> LineNumbers:
        return self


def decode_csv(name: str, raw: bytes) -> str:
    """Decode a CSV file's bytes as UTF-8, naming the line and column of any bad byte.

    Parameters
    ----------
    name
        The file name used in messages.
    raw
        The file's bytes.

    Returns
    -------
    The text, without a leading byte order mark.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems = _undecodable_cells(name, raw) or [
            Problem(
                name,
                raw[: err.start].count(b"\n") + 1,
                None,
                f"is not UTF-8 (byte {raw[err.start]:#04x}); save the file as UTF-8",
            )
        ]
        raise DataError(problems) from err


def records_from_text(name: str, text: str) -> Records:
    """Split CSV ``text`` into header and rows, keeping each row's physical line number.

    Blank lines are skipped. Header names are stripped of surrounding spaces.

    Parameters
    ----------
    name
        The file name used in messages.
    text
        The decoded file.

    Returns
    -------
    The header, the rows and their starting lines. A row shorter than the header is
    padded with empty cells (missing trailing cells mean empty, as in pandas).

    Raises
    ------
    DataError
        For an empty file, a header with blank or repeated names, a row with more cells
        than the header, or quoting the csv module cannot parse.
    """
    parsed = _parse(name, text)
    if not parsed:
        raise DataError(
            [Problem(name, None, None, "is empty; expected a header row naming the columns")]
        )
    (header_line, header), body = parsed[0], parsed[1:]
    header = [cell.strip() for cell in header]
    problems = _header_problems(name, header_line, header)
    problems += _long_rows(name, header_line, header, body)
    if problems:
        raise DataError(problems)
    width = len(header)
    return Records(
        header=header,
        rows=[cells + [""] * (width - len(cells)) for _, cells in body],
        lines=[line for line, _ in body],
        header_line=header_line,
    )


def document_text(path: str | Path) -> str:
    """Read a source document exactly as stored (UTF-8), for verbatim quote checks."""
    path = Path(path)
    raw = _read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataError(
            [
                Problem(
                    str(path),
                    line,
                    None,
                    f"is not UTF-8 (byte {raw[err.start]:#04x}); save the file as UTF-8",
                )
            ]
        ) from err


def geometries_from_geojson(path: str | Path) -> gpd.GeoDataFrame:
    """Read a derived geometry file (a GeoJSON FeatureCollection, WGS 84 lon/lat).

    Parameters
    ----------
    path
        The GeoJSON file.

    Returns
    -------
    One row per feature, its properties as columns (missing ones as empty strings).
    ``attrs["path"]`` records the file and ``attrs["features"]`` is ``True``, so messages
    name feature numbers (1-based, in file order) instead of lines.

    Raises
    ------
    SourceError
        When the file is missing.
    DataError
        When it is not JSON, not a FeatureCollection, or a feature's geometry cannot be
        read; each problem names the feature and the reason.
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: missing; run `make data` to derive it")
    features = _features(str(path), _read_bytes(path))
    geoms, problems = [], []
    for number, feature in enumerate(features, start=1):
        try:
            geom = feature.get("geometry")
            geoms.append(shapely.geometry.shape(geom) if geom is not None else None)
        except Exception as err:  # shapely raises several types for malformed input
            geoms.append(None)
            problems.append(
                Problem(
                    str(path),
                    None,
                    None,
                    f"feature {number}: its geometry cannot be read ({err}); "
                    "re-derive the file with `make data`",
                )
            )
    if problems:
        raise DataError(problems)
    props = pd.DataFrame([f.get("properties") or {} for f in features]).fillna("")
    frame = gpd.GeoDataFrame(
        props.astype(str) if len(props.columns) else props,
        geometry=gpd.GeoSeries(geoms, crs=CRS),
        crs=CRS,
    )
    frame.attrs["path"] = str(path)
    frame.attrs["features"] = True
    return frame


def load_data(data_dir: str | Path | None = None) -> SourceData:
    """Read every input under ``data_dir`` (default ``settings.DATA_DIR``).

    Parameters
    ----------
    data_dir
        Folder holding the curated tables, ``sources/`` and ``derived/``.

    Returns
    -------
    The raw inputs, not yet validated.

    Raises
    ------
    SourceError
        When the folder or one of its files is missing.
    DataError
        When files cannot be read as UTF-8 CSV or GeoJSON: the problems of every file
        together.
    """
    data_dir = Path(data_dir) if data_dir is not None else settings.DATA_DIR
    if not data_dir.is_dir():
        raise SourceError(f"{data_dir}: no such data folder")
    paths = {name: data_dir / rel for name, rel in TABLE_FILES.items()}
    problems: list[Problem] = []
    tables = {name: _collect(problems, table_from_csv, path) for name, path in paths.items()}
    texts: dict[str, str] = {}
    if tables["documents"] is not None:
        texts = (
            _collect(problems, _document_texts, tables["documents"], data_dir / "sources") or {}
        )
    geometry_paths = {name: data_dir / rel for name, rel in GEOMETRY_FILES.items()}
    geometries = {
        name: _collect(problems, geometries_from_geojson, path)
        for name, path in geometry_paths.items()
    }
    if problems:
        raise DataError(problems)
    return SourceData(
        data_dir=data_dir,
        tables=tables,
        texts=texts,
        countries=geometries["countries"],
        disputed=geometries["disputed"],
        sea_lanes=geometries["sea_lanes"],
        paths=paths,
        digest=inputs_digest(data_dir, [*paths.values(), *geometry_paths.values()], texts),
    )


def inputs_digest(data_dir: Path, paths: list[Path], texts: dict[str, str]) -> str:
    """SHA-256 over every input file's name and bytes (and the document texts): the same
    inputs always give the same digest, wherever the data folder lives."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(data_dir)).encode() + b"\0" + path.read_bytes())
    for doc_id in sorted(texts):
        digest.update(doc_id.encode() + b"\0" + texts[doc_id].encode("utf-8"))
    return digest.hexdigest()


# --- helpers --------------------------------------------------------------------------------


def _collect(problems: list[Problem], read: Callable[..., T], *args: Any) -> T | None:
    """Call ``read(*args)``; on ``DataError`` add its problems to ``problems``, return None."""
    try:
        return read(*args)
    except DataError as err:
        problems += err.problems
        return None


def _parse(name: str, text: str) -> list[tuple[int, list[str]]]:
    """Non-blank CSV records with the physical line each starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out, last = [], 0
    try:
        for cells in reader:
            start, last = last + 1, reader.line_num
            if len(cells) > 1 or (cells and cells[0].strip()):  # skip blank lines
                out.append((start, cells))
    except csv.Error as err:
        raise DataError(
            [
                Problem(
                    name,
                    last + 1,
                    None,
                    f"is not valid CSV ({err}); a cell that starts with a quote "
                    "must end with one, and quotes inside it are doubled",
                )
            ]
        ) from err
    return out


def _long_rows(
    name: str, header_line: int, header: list[str], body: list[tuple[int, list[str]]]
) -> list[Problem]:
    """Rows with more cells than the header has names; one problem if every row is so."""
    long = [(line, len(cells)) for line, cells in body if len(cells) > len(header)]
    widths = {n for _, n in long}
    if len(long) > 1 and len(long) == len(body) and len(widths) == 1:
        return [
            Problem(
                name,
                header_line,
                None,
                f"names {len(header)} columns but every row has {widths.pop()} cells; "
                "a column name is missing from the header",
            )
        ]
    return [
        Problem(
            name,
            line,
            None,
            f"has {n} cells but the header has {len(header)}; "
            "quote any cell that contains a comma",
        )
        for line, n in long
    ]


def _header_problems(name: str, line: int, header: list[str]) -> list[Problem]:
    problems = [
        Problem(name, line, None, f"column {i} has no name in the header")
        for i, col in enumerate(header, start=1)
        if not col
    ]
    seen: set[str] = set()
    for col in header:
        if col and col in seen:
            problems.append(Problem(name, line, col, "appears twice in the header"))
        seen.add(col)
    return problems


def _undecodable_cells(name: str, raw: bytes) -> list[Problem]:
    """One problem per cell holding bytes that are not UTF-8, with the bytes shown."""
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    try:
        parsed = _parse(name, text)
    except DataError:
        return []
    if not parsed:
        return []
    header = [cell.strip() for cell in parsed[0][1]]
    problems = []
    for line, cells in parsed:
        for i, cell in enumerate(cells):
            if cell.encode("utf-8", "surrogateescape") != cell.encode("utf-8", "replace"):
                shown = cell.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                column = header[i] if line != parsed[0][0] and i < len(header) else None
                problems.append(
                    Problem(
                        name, line, column, f"'{shown}' is not UTF-8 text; save the file as UTF-8"
                    )
                )
    return problems


def _features(name: str, raw: bytes) -> list[dict]:
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise DataError(
            [
                Problem(
                    name,
                    raw[: err.start].count(b"\n") + 1,
                    None,
                    "is not UTF-8; re-derive it with `make data`",
                )
            ]
        ) from err
    except json.JSONDecodeError as err:
        raise DataError(
            [
                Problem(
                    name,
                    err.lineno,
                    None,
                    f"is not valid JSON ({err.msg} at column {err.colno}); "
                    "re-derive it with `make data`",
                )
            ]
        ) from err
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list) or doc.get("type") != "FeatureCollection":
        raise DataError(
            [
                Problem(
                    name,
                    None,
                    None,
                    "is not a GeoJSON FeatureCollection; re-derive it with `make data`",
                )
            ]
        )
    bad = [n for n, f in enumerate(features, start=1) if not isinstance(f, dict)]
    if bad:
        raise DataError(
            [Problem(name, None, None, f"feature {n} is not a GeoJSON Feature") for n in bad]
        )
    return features


def _document_texts(documents: pd.DataFrame, folder: Path) -> dict[str, str]:
    texts = {}
    problems: list[Problem] = []
    for row in documents.to_dict("records"):
        doc_id, rel = row.get("id", ""), row.get("path", "")
        path = folder / rel
        inside = path.resolve().is_relative_to(folder.resolve())
        if doc_id and rel and inside and path.is_file():
            text = _collect(problems, document_text, path)
            if text is not None:
                texts[doc_id] = text
    if problems:
        raise DataError(problems)
    return texts


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as err:
        raise SourceError(f"{path}: missing input file") from err
    except OSError as err:
        raise SourceError(f"{path}: cannot be read ({err.strerror})") from err
