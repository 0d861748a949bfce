"""Derive ``data/derived/`` from Natural Earth, as packaged by ``world-atlas`` on npm.

Run ``python -m geo.derive`` (or ``make data``): it fetches ``world-atlas@2.0.2`` with
``npm pack`` into a temporary folder (or reads ``--tarball``), then writes

* ``countries.geojson``: 1:50m country polygons with ISO 3166-1 alpha-3 codes (mapped from
  the ISO numeric ids by pycountry), made valid, simplified as a coverage (shared borders
  stay shared) and rounded; Antarctica is left out;
* ``disputed.geojson``: one shape per row of ``disputes.csv``, selected from the 1:10m
  geometries by the rule in :func:`dispute_shapes`;
* ``manifest.json``: source package, version, tarball SHA-256 and the parameters used.

Users never run this: ``make map`` reads the committed results.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Point
from shapely.ops import nearest_points

from geo import geometry, settings, sources
from geo.errors import DeriveError
from geo.export import write_text

PACKAGE = "world-atlas"
VERSION = "2.0.2"
#: Simplification tolerance (degrees) and grid (degrees) for the 1:50m countries.
SIMPLIFY_DEG = 0.05
GRID_DEG = 0.001
#: Dispute polygons keep the 1:10m detail, rounded to about 10 m.
DISPUTE_GRID_DEG = 0.0001
#: A part of the administering country belongs to a dispute when it contains the
#: reference point or lies within this distance of it.
SELECT_KM = 25.0
_GEOD = Geod(ellps="WGS84")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.derive", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--tarball", type=Path, help="a local world-atlas-2.0.2.tgz")
    parser.add_argument("--data", type=Path, default=settings.DATA_DIR)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or npm_pack(Path(tmp))
        derive(tarball, data_dir=args.data, workdir=Path(tmp))
    return 0


def npm_pack(folder: Path) -> Path:
    """Download the pinned world-atlas tarball with ``npm pack``; return its path."""
    try:
        subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}"], cwd=folder, check=True,
                       capture_output=True)
    except (OSError, subprocess.CalledProcessError) as err:
        raise DeriveError(f"`npm pack {PACKAGE}@{VERSION}` failed: {err}") from err
    return folder / f"{PACKAGE}-{VERSION}.tgz"


def derive(tarball: Path, *, data_dir: Path, workdir: Path) -> None:
    """Write countries, disputed shapes and the manifest into ``data_dir/derived``."""
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    pkg = workdir / "package"
    out = data_dir / "derived"
    countries = countries_from_topojson(pkg / "countries-50m.json")
    detailed = countries_from_topojson(pkg / "countries-10m.json", simplify=False)
    disputes = sources.table_from_csv(data_dir / "disputes.csv")
    write_text(_geojson(countries, GRID_DEG), out / "countries.geojson")
    write_text(_geojson(dispute_shapes(disputes, detailed), DISPUTE_GRID_DEG),
               out / "disputed.geojson")
    manifest = {
        "source": f"npm:{PACKAGE}@{VERSION} (Natural Earth 4.1.0, public domain)",
        "tarball_sha256": hashlib.sha256(tarball.read_bytes()).hexdigest(),
        "countries": {"file": "countries-50m.json", "simplify_deg": SIMPLIFY_DEG,
                      "grid_deg": GRID_DEG, "dropped": ["ATA"]},
        "disputed": {"file": "countries-10m.json", "grid_deg": DISPUTE_GRID_DEG,
                     "select_km": SELECT_KM},
    }
    write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", out / "manifest.json")


def countries_from_topojson(path: Path, *, simplify: bool = True) -> gpd.GeoDataFrame:
    """Natural Earth countries with ``iso3`` codes, valid polygons, optionally simplified."""
    frame = gpd.read_file(path, layer="countries", engine="pyogrio")
    frame["iso3"] = [_iso3(i) for i in frame["id"]]
    frame = frame[frame["iso3"] != "ATA"].reset_index(drop=True)
    split = [geometry.split_at_antimeridian(g) for g in frame.geometry.values]
    geoms = shapely.make_valid(split, method="structure", keep_collapsed=False)
    if simplify:
        geoms = shapely.coverage_simplify(geoms, SIMPLIFY_DEG)
    frame = frame.set_geometry(list(geoms)).set_crs("EPSG:4326", allow_override=True)
    return frame[["iso3", "name", "geometry"]].sort_values(["iso3", "name"]).reset_index(
        drop=True)


def dispute_shapes(disputes: pd.DataFrame, countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One shape per dispute, by this rule.

    1. When ``ne_unit`` names a Natural Earth unit (``Spratly Is.``), take it whole.
    2. Otherwise take the parts of the first administering country's multipolygon that
       contain the reference point or lie within ``SELECT_KM`` of it.
    3. When no part qualifies (the islands are too small for 1:10m), keep the reference point
       itself; the map then shows a marker and says the position is a point only.
    """
    rows = []
    for d in disputes.to_dict("records"):
        ref = (Point(float(d["ref_lon"]), float(d["ref_lat"])) if d["ref_lat"] else None)
        if d["ne_unit"]:
            match = countries[countries["name"] == d["ne_unit"]]
            if match.empty:
                raise DeriveError(f"disputes.csv: no Natural Earth unit named {d['ne_unit']!r}")
            shape, basis = match.geometry.iloc[0], f"Natural Earth 1:10m unit {d['ne_unit']}"
        else:
            admin = d["administered_by"].split(";")[0]
            owner = countries[countries["iso3"] == admin]
            shape = _parts_near(owner.geometry.iloc[0], ref) if ref and not owner.empty else None
            basis = (f"parts of {admin} (Natural Earth 1:10m) within {SELECT_KM:g} km of the "
                     "reference point")
            if shape is None:
                shape, basis = ref, "reference point only (no 1:10m polygon nearby)"
        if shape is None:
            raise DeriveError(f"disputes.csv: {d['id']} has neither ne_unit nor a reference "
                              "point")
        rows.append({"id": d["id"], "basis": basis, "geometry": shape})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _parts_near(geom: shapely.Geometry, ref: Point) -> MultiPolygon | None:
    parts = [p for p in getattr(geom, "geoms", [geom])
             if p.contains(ref) or _distance_km(p, ref) <= SELECT_KM]
    return MultiPolygon(parts) if parts else None


def _distance_km(part: shapely.Geometry, ref: Point) -> float:
    nearest = nearest_points(part, ref)[0]
    return _GEOD.inv(ref.x, ref.y, nearest.x, nearest.y)[2] / 1000.0


def _iso3(numeric: object) -> str:
    if not isinstance(numeric, str) or not numeric:
        return ""
    country = pycountry.countries.get(numeric=numeric.zfill(3))
    return country.alpha_3 if country else ""


def _geojson(frame: gpd.GeoDataFrame, grid: float) -> str:
    geoms = shapely.set_precision(frame.geometry.values, grid)
    geoms = shapely.make_valid(geoms, method="structure", keep_collapsed=False)
    rounded = shapely.transform(geoms, lambda xy: np.round(xy, 6))
    out = frame.set_geometry(list(rounded))
    return json.dumps(json.loads(out.to_json(drop_id=True)), separators=(",", ":"),
                      sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.exit(main())
