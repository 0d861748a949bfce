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

import contextlib
import csv
import hashlib
import io
import json
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd
import shapely.geometry

from geo import settings
from geo.errors import DataError, Problem, SourceError, shown

# --- limits on input --------------------------------------------------------------------------
# Every input is read whole into memory, so each is refused above a stated size before any
# of it is read. These are the only limits on input; ``geo.extract`` uses
# MAX_SENTENCE_WORDS.

#: Largest CSV table read (bytes). The real tables are under 100 KB.
MAX_TABLE_BYTES = 50 * 1024 * 1024
#: Largest article or source document read (bytes). The project's article is 7 KB.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
#: Largest derived GeoJSON file read (bytes). countries.geojson is about 1 MB.
MAX_GEOMETRY_BYTES = 100 * 1024 * 1024
#: Longest CSV cell (characters). The longest real cell, a note, is under 400.
MAX_CELL_CHARS = 20_000
#: Longest sentence ``geo extract`` reads (words); its rules cost more than linear time in
#: the length of a sentence, and real sentences are under 100 words.
MAX_SENTENCE_WORDS = 2_000

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
    "labels": "labels.csv",
}

#: Tables a data folder may leave out; a missing one is read as ``None``. ``story.csv``
#: lists the steps of the article's argument (see ``data/README.md``); without it the map
#: has no step bar. ``trade_figures.csv`` holds two-way trade figures from outside the
#: article (a map of another article has none).
OPTIONAL_TABLE_FILES: dict[str, str] = {
    "story": "story.csv",
    "trade_figures": "trade_figures.csv",
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
    name = shown(path)
    raw = _read_bytes(path, MAX_TABLE_BYTES, "a table")
    records = records_from_text(name, decode_csv(name, raw))
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
    _refuse_utf16(name, raw)
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
    problems += _long_cells(name, header, parsed)
    if problems:
        raise DataError(problems)
    width = len(header)
    return Records(
        header=header,
        rows=[cells + [""] * (width - len(cells)) for _, cells in body],
        lines=[line for line, _ in body],
        header_line=header_line,
    )


def document_text(path: str | Path) -> DocumentText:
    """Read a source document exactly as stored (UTF-8), for verbatim quote checks.

    A leading UTF-8 byte order mark is dropped. Raises :class:`~geo.errors.SourceError` for
    a file that is missing, not a regular file or over :data:`MAX_ARTICLE_BYTES`, and
    :class:`~geo.errors.DataError` for one that is not UTF-8 (UTF-16 is named as such) or
    holds no text.
    """
    path = Path(path)
    raw = _read_bytes(path, MAX_ARTICLE_BYTES, "an article")
    _refuse_utf16(str(path), raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataError(
            [
                Problem(
                    shown(path),
                    line,
                    None,
                    f"is not UTF-8 (byte {raw[err.start]:#04x}); save the file as UTF-8",
                )
            ]
        ) from err
    if not text.strip().strip("\u00a0\u200b\ufeff"):
        raise DataError([Problem(shown(path), None, None, "the article is empty")])
    return DocumentText(text, str(path))


class DocumentText(str):
    """The text of a document, remembering the file it was read from: later stages (the
    extraction rules) name that file in their messages. Otherwise an ordinary ``str``."""

    path: str

    def __new__(cls, text: str, path: str) -> DocumentText:
        self = super().__new__(cls, text)
        self.path = path
        return self


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
    if not path.exists():
        raise SourceError(f"{shown(path)}: missing; run `make data` to derive it")
    name = shown(path)
    features = _features(name, _read_bytes(path, MAX_GEOMETRY_BYTES, "a geometry file"))
    geoms, problems = [], []
    for number, feature in enumerate(features, start=1):
        try:
            geom = feature.get("geometry")
            geoms.append(shapely.geometry.shape(geom) if geom is not None else None)
        except Exception as err:  # shapely raises several types for malformed input
            geoms.append(None)
            problems.append(
                Problem(
                    name,
                    None,
                    None,
                    f"feature {number}: its geometry cannot be read ({shown(err)}); "
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
        raise SourceError(f"{shown(data_dir)}: no such data folder")
    paths = {name: data_dir / rel for name, rel in TABLE_FILES.items()}
    problems: list[Problem] = []
    tables = {name: _collect(problems, table_from_csv, path) for name, path in paths.items()}
    for name, rel in OPTIONAL_TABLE_FILES.items():
        path = data_dir / rel
        tables[name] = _collect(problems, table_from_csv, path) if path.exists() else None
        if path.exists():
            paths[name] = path
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
        with _cells_up_to(len(text)):
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


@contextlib.contextmanager
def _cells_up_to(size: int) -> Iterator[None]:
    """Let the csv module read cells up to ``size`` characters (its default limit, 128 KiB,
    would report a long cell as bad quoting); long cells are then reported as long, with
    their line and column, by :func:`_long_cells`. The limit is process-wide, so it is
    only ever raised, and put back afterwards."""
    before = csv.field_size_limit()
    if size > before:
        csv.field_size_limit(size)
    try:
        yield
    finally:
        if size > before:
            csv.field_size_limit(before)


def _long_cells(
    name: str, header: list[str], parsed: list[tuple[int, list[str]]]
) -> list[Problem]:
    """One problem per cell longer than :data:`MAX_CELL_CHARS`, with its length."""
    problems = []
    for n, (line, cells) in enumerate(parsed):
        for i, cell in enumerate(cells):
            if len(cell) > MAX_CELL_CHARS:
                column = shown(header[i]) if n and i < len(header) else None
                problems.append(
                    Problem(
                        name,
                        line,
                        column,
                        f"the cell is {len(cell):,} characters long, over the limit of "
                        f"{MAX_CELL_CHARS:,}",
                    )
                )
    return problems


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
            problems.append(Problem(name, line, shown(col), "appears twice in the header"))
        if "\ufeff" in col:
            problems.append(
                Problem(
                    name,
                    line,
                    shown(col),
                    "the column name holds a byte order mark (U+FEFF, invisible); "
                    "remove it, e.g. save the file once more as UTF-8",
                )
            )
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
                raw_cell = cell.encode("utf-8", "surrogateescape")
                text = shown(raw_cell.decode("utf-8", "backslashreplace"))
                column = shown(header[i]) if line != parsed[0][0] and i < len(header) else None
                problems.append(
                    Problem(
                        name, line, column, f"'{text}' is not UTF-8 text; save the file as UTF-8"
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
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for row in documents.to_dict("records"):
        doc_id, rel = row.get("id", ""), row.get("path", "")
        path = folder / rel
        inside = path.resolve().is_relative_to(folder.resolve())
        if doc_id and rel and inside and os.path.lexists(path):
            text = _collect(problems, document_text, path)
            if text is not None:
                texts[doc_id] = text
    if problems:
        raise DataError(problems)
    return texts


def _read_bytes(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    The file's type is checked with ``os.stat`` before it is opened (opening a FIFO for
    reading blocks until a writer comes), it is opened non-blocking and checked again on
    the open descriptor, and at most ``limit + 1`` bytes are read, so a file that grows
    meanwhile or reports no size (``/proc``) cannot exhaust memory either.
    """
    name = shown(path)
    try:
        before = os.stat(path)
    except OSError as err:
        raise _unreadable(name, err) from err
    _require_regular(name, before, limit, what)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise _unreadable(name, err) from err
    with os.fdopen(fd, "rb") as f:
        _require_regular(name, os.fstat(f.fileno()), limit, what)  # the file opened
        try:
            raw = f.read(limit + 1)
        except OSError as err:
            raise _unreadable(name, err) from err
    if len(raw) > limit:
        raise SourceError(f"{name}: is over the limit of {_size(limit)} for {what}")
    return raw


def _unreadable(name: str, err: OSError) -> SourceError:
    if isinstance(err, FileNotFoundError):
        return SourceError(f"{name}: missing input file")
    if isinstance(err, NotADirectoryError):
        return SourceError(f"{name}: missing input file (a folder on its path is a file)")
    return SourceError(f"{name}: cannot be read ({err.strerror or err})")


def _require_regular(name: str, st: os.stat_result, limit: int, what: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise SourceError(f"{name}: is a folder, not a file; expected {what}")
    if not stat.S_ISREG(st.st_mode):
        kind = (
            "a FIFO (named pipe)"
            if stat.S_ISFIFO(st.st_mode)
            else "a device"
            if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
            else "a socket"
            if stat.S_ISSOCK(st.st_mode)
            else "not a regular file"
        )
        raise SourceError(
            f"{name}: is {kind}, not a regular file; expected {what} saved as a file"
        )
    if st.st_size > limit:
        raise SourceError(
            f"{name}: is {_size(st.st_size)}, over the limit of {_size(limit)} for {what}"
        )


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _refuse_utf16(name: str, raw: bytes) -> None:
    """A clear message for UTF-16 (or UTF-32) text, which UTF-8 decoding would report as
    stray bytes: recognised by its byte order mark, or by NUL bytes in every other byte."""
    head = raw[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        why = "it starts with a UTF-16 byte order mark"
    elif len(head) >= 4 and head.count(0) >= len(head) // 4:
        why = f"{head.count(0):,} of its first {len(head):,} bytes are NUL"
    else:
        return
    raise DataError(
        [Problem(shown(name), None, None, f"looks like UTF-16 ({why}); save it as UTF-8")]
    )
