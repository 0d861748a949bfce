"""Read the project's inputs: the only module that opens files under ``data/``.

Every reader returns plain pandas/geopandas objects with text left as text (no type
coercion): turning text into numbers is validation's job, so that a typo is reported with
its file and line instead of silently becoming ``NaN``.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

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
}

#: Geometries derived from Natural Earth by ``python -m geo.derive``.
GEOMETRY_FILES: dict[str, str] = {
    "countries": "derived/countries.geojson",
    "disputed": "derived/disputed.geojson",
}


@dataclass
class SourceData:
    """Everything the pipeline reads, as read: tables, document texts and geometries."""

    data_dir: Path
    tables: dict[str, pd.DataFrame]
    texts: dict[str, str]
    countries: gpd.GeoDataFrame
    disputed: gpd.GeoDataFrame
    paths: dict[str, Path] = field(default_factory=dict)
    digest: str = ""


def table_from_csv(path: str | Path) -> pd.DataFrame:
    """Read one CSV table with every cell as text.

    Parameters
    ----------
    path
        The CSV file.

    Returns
    -------
    The table; missing cells are empty strings. ``attrs["path"]`` records the file.
    """
    path = Path(path)
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataError(
            [Problem(str(path), line, None, f"is not UTF-8 (byte {raw[err.start]:#04x}); "
                     "save the file as UTF-8")]
        ) from err
    if not text.strip():
        raise DataError([Problem(str(path), None, None, "is empty; expected a header row")])
    frame = pd.read_csv(
        io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False
    )
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.attrs["path"] = str(path)
    return frame


def document_text(path: str | Path) -> str:
    """Read a source document exactly as stored (UTF-8), for verbatim quote checks."""
    path = Path(path)
    try:
        return _read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError([Problem(str(path), None, None, "is not UTF-8")]) from err


def geometries_from_geojson(path: str | Path) -> gpd.GeoDataFrame:
    """Read a derived geometry file (GeoJSON, WGS 84 longitudes and latitudes)."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: missing; run `make data` to derive it")
    frame = gpd.read_file(path, engine="pyogrio")
    frame.attrs["path"] = str(path)
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
    """
    data_dir = Path(data_dir) if data_dir is not None else settings.DATA_DIR
    if not data_dir.is_dir():
        raise SourceError(f"{data_dir}: no such data folder")
    paths = {name: data_dir / rel for name, rel in TABLE_FILES.items()}
    tables = {name: table_from_csv(path) for name, path in paths.items()}
    texts = _document_texts(tables["documents"], data_dir / "sources")
    geometry_paths = {name: data_dir / rel for name, rel in GEOMETRY_FILES.items()}
    return SourceData(
        data_dir=data_dir,
        tables=tables,
        texts=texts,
        countries=geometries_from_geojson(geometry_paths["countries"]),
        disputed=geometries_from_geojson(geometry_paths["disputed"]),
        paths=paths,
        digest=inputs_digest(data_dir, [*paths.values(), *geometry_paths.values()],
                             texts),
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


def _document_texts(documents: pd.DataFrame, folder: Path) -> dict[str, str]:
    texts = {}
    for row in documents.to_dict("records"):
        doc_id, rel = row.get("id", ""), row.get("path", "")
        if doc_id and rel and (folder / rel).is_file():
            texts[doc_id] = document_text(folder / rel)
    return texts


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as err:
        raise SourceError(f"{path}: missing input file") from err
    except OSError as err:
        raise SourceError(f"{path}: cannot be read ({err.strerror})") from err
