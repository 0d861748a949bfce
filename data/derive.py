"""Derive ``data/derived/`` from Natural Earth, as packaged by ``world-atlas`` on npm.

Run ``python data/derive.py`` (or ``make data``): it fetches ``world-atlas@2.0.2`` with
``npm pack`` into a temporary folder (or reads ``--tarball``), then writes

* ``countries.geojson``: 1:50m country polygons with ISO 3166-1 alpha-3 codes (mapped from
  the ISO numeric ids by pycountry), made valid, simplified for what the map shows (see
  :func:`simplify_countries`: one coverage, so shared borders stay shared and no island is
  lost, coarser away from the Asia-Pacific) and snapped to a grid; Antarctica is left out;
* ``disputed.geojson``: one shape per row of ``disputes.csv``, selected from the 1:10m
  geometries by the rule in :func:`dispute_shapes`;
* ``manifest.json``: source package, version, tarball SHA-256 and the parameters used.

Users never run this: ``make map`` reads the committed results. It is a data-build tool,
not part of the ``geo`` package; it shares the package's geometry helpers
(:mod:`geo.geometry`) and its atomic writes.
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
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.ops import nearest_points

from geo import geometry, settings, sources
from geo.errors import DeriveError
from geo.export import write_text

PACKAGE = "world-atlas"
VERSION = "2.0.2"
#: Countries are simplified in the map's display space (Web Mercator, in degrees at the
#: equator) with this Visvalingam-Whyatt tolerance inside the focus longitudes, where the map
#: is looked at closely (0.1 is about 1 px at zoom 4, about 2 px at zoom 5) ...
SIMPLIFY_DEG = 0.1
#: ... which run, in the Pacific frame of ``geo.geometry``, from 30 E eastwards to 160 W:
#: Moscow (where most relation lines start) to Kamchatka, Chukotka and the Pacific islands,
#: with all of Asia, Australia and New Zealand.
FOCUS_LON = (30.0, 200.0)
#: Elsewhere (Europe, Africa, the Americas: seen at zoom 2-3) the tolerance is this many
#: times coarser ...
FAR_FACTOR = 4.0
#: ... and parts smaller than this (Mercator square degrees, about 20 km across) are
#: dropped there, never a country's largest part.
FAR_MIN_AREA = 0.04
#: Countries are snapped to a grid of 10**-GRID_DECIMALS degrees (0.01, about 1 km), far
#: finer than the simplification, before simplifying: shared vertices stay identical (this
#: also undoes the float noise of cutting rings at 180 deg, which used to unmatch Russia's
#: borders from its neighbours') and two decimals are lossless. A part smaller than a grid
#: cell is kept as that one cell.
GRID_DECIMALS = 2
#: Web Mercator's latitude limit.
_MAX_LAT = 85.0511
#: Dispute polygons keep the 1:10m detail, rounded to about 10 m.
DISPUTE_GRID_DECIMALS = 4
#: A part of the administering country belongs to a dispute when it contains the
#: reference point or lies within this distance of it.
SELECT_KM = 25.0
_GEOD = Geod(ellps="WGS84")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python data/derive.py", description=__doc__.split("\n\n")[0]
    )
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
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{VERSION}"], cwd=folder, check=True, capture_output=True
        )
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
    write_text(_geojson(countries, GRID_DECIMALS, coverage=True), out / "countries.geojson")
    write_text(
        _geojson(dispute_shapes(disputes, detailed), DISPUTE_GRID_DECIMALS),
        out / "disputed.geojson",
    )
    manifest = {
        "source": f"npm:{PACKAGE}@{VERSION} (Natural Earth 4.1.0, public domain)",
        "tarball_sha256": hashlib.sha256(tarball.read_bytes()).hexdigest(),
        "countries": {
            "file": "countries-50m.json",
            "simplify_deg": SIMPLIFY_DEG,
            "simplify_space": "Web Mercator, degrees at the equator; "
            "Visvalingam-Whyatt coverage simplification",
            "focus_lon": list(FOCUS_LON),
            "far_factor": FAR_FACTOR,
            "far_min_area": FAR_MIN_AREA,
            "grid_deg": 10.0**-GRID_DECIMALS,
            "dropped": ["ATA"],
            "borders_as_of": "2013-11: Crimea drawn as Ukraine's (CRIMEA_BOX)",
        },
        "disputed": {
            "file": "countries-10m.json",
            "grid_deg": 10.0**-DISPUTE_GRID_DECIMALS,
            "select_km": SELECT_KM,
        },
    }
    write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", out / "manifest.json")


def countries_from_topojson(path: Path, *, simplify: bool = True) -> gpd.GeoDataFrame:
    """Natural Earth countries with ``iso3`` codes, valid polygons, optionally simplified."""
    frame = gpd.read_file(path, layer="countries", engine="pyogrio")
    frame["iso3"] = [_iso3(i) for i in frame["id"]]
    frame = borders_as_of_2013(frame[frame["iso3"] != "ATA"].reset_index(drop=True))
    split = [geometry.split_at_antimeridian(g) for g in frame.geometry.values]
    if simplify:
        geoms = simplify_countries(split)
    else:
        geoms = shapely.make_valid(split, method="structure", keep_collapsed=False)
    frame = frame.set_geometry(list(geoms)).set_crs(settings.CRS, allow_override=True)
    return frame[["iso3", "name", "geometry"]].sort_values(["iso3", "name"]).reset_index(drop=True)


#: Natural Earth 4.1 draws Crimea as Russian; the map describes November 2013, before
#: Russia annexed it in March 2014
#: (https://en.wikipedia.org/wiki/Annexation_of_Crimea_by_the_Russian_Federation).
#: Russian parts whose centroid lies in this box (the peninsula, west of the Kerch Strait)
#: are drawn as Ukraine's.
CRIMEA_BOX = (32.0, 44.0, 36.6, 46.3)


def borders_as_of_2013(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Countries as they stood in November 2013: Crimea back with Ukraine."""
    out = frame.copy()
    russia = out.index[out["iso3"] == "RUS"]
    ukraine = out.index[out["iso3"] == "UKR"]
    if len(russia) != 1 or len(ukraine) != 1:
        return out
    box = shapely.box(*CRIMEA_BOX)
    parts = list(getattr(out.geometry[russia[0]], "geoms", [out.geometry[russia[0]]]))
    crimea = [p for p in parts if box.contains(p.centroid)]
    if not crimea:
        return out
    rest = [p for p in parts if not box.contains(p.centroid)]
    out.loc[russia[0], "geometry"] = MultiPolygon(rest)
    out.loc[ukraine[0], "geometry"] = shapely.make_valid(
        shapely.union_all([out.geometry[ukraine[0]], *crimea])
    )
    return out


def simplify_countries(geoms: list[shapely.Geometry]) -> list[shapely.Geometry]:
    """Simplify country polygons (cut at 180 deg) to what the map shows, as one coverage.

    1. Snap to the grid (:func:`on_grid`), so that shared borders have identical vertices.
    2. Move every part into the Pacific frame by an exact multiple of 360 deg and re-join the
       pieces cut at 180 deg, so Russia and Fiji are simplified whole.
    3. Go to display space: Web Mercator latitudes, and longitudes outside ``FOCUS_LON``
       squeezed by ``FAR_FACTOR ** 2``, which makes the tolerance there ``FAR_FACTOR`` times
       coarser (Visvalingam-Whyatt removes by triangle area).
    4. Coverage-simplify with ``SIMPLIFY_DEG``: it only removes vertices, shared borders stay
       shared, and no polygon collapses (the smallest become triangles), so the Kurils and
       the Pacific atolls survive.
    5. Back to longitude and latitude, on the grid; drop far-away parts under
       ``FAR_MIN_AREA``; cut at 180 deg again for RFC 7946.

    Raises ``DeriveError`` if the result is not a valid coverage (neighbours overlapping, or
    a shared border drawn twice).
    """
    framed = [geometry.shift_geometry(g) for g in on_grid(geoms, GRID_DECIMALS)]
    simplified = shapely.coverage_simplify(shapely.transform(framed, _to_display), SIMPLIFY_DEG)
    back = on_grid(shapely.transform(simplified, _from_display), GRID_DECIMALS)
    out = on_grid([geometry.to_rfc7946(_drop_far_specks(g)) for g in back], GRID_DECIMALS)
    if not shapely.coverage_is_valid(out):
        edges = shapely.coverage_invalid_edges(out)
        bad = [i for i, e in enumerate(edges) if e is not None and not e.is_empty]
        raise DeriveError(
            f"simplified countries are not a valid coverage at {len(bad)} "
            f"geometries (first: {out[bad[0]].representative_point()})"
        )
    return out


def on_grid(geoms: list[shapely.Geometry], decimals: int) -> list[shapely.Geometry]:
    """Round every vertex to ``decimals``, the same way everywhere, then repair.

    Plain rounding keeps vertices that neighbours share identical, which snap-rounding one
    geometry at a time (``shapely.set_precision``) does not. A polygon part that rounds away
    is kept as the one grid cell under it, so no island is lost.
    """
    grid = 10.0**-decimals
    out = []
    for geom in geoms:
        rounded = shapely.transform(geom, lambda xy: np.round(xy, decimals))
        if not rounded.is_valid:
            rounded = shapely.make_valid(rounded, method="structure", keep_collapsed=False)
        if isinstance(geom, Polygon | MultiPolygon):
            lost = [p for p in getattr(geom, "geoms", [geom]) if not p.intersects(rounded)]
            if lost:
                kept = [p for p in shapely.get_parts(rounded) if isinstance(p, Polygon)]
                cells = [_cell(p.representative_point(), grid, decimals) for p in lost]
                rounded = shapely.make_valid(MultiPolygon(kept + cells), method="structure")
        out.append(rounded)
    return out


def _cell(point: Point, grid: float, decimals: int) -> Polygon:
    x = round(float(np.floor(point.x / grid)) * grid, decimals)
    y = round(float(np.floor(point.y / grid)) * grid, decimals)
    return shapely.box(x, y, round(x + grid, decimals), round(y + grid, decimals))


def _squeeze(x: np.ndarray, factor: float) -> np.ndarray:
    west, east = FOCUS_LON
    return np.where(
        x < west, west + (x - west) * factor, np.where(x > east, east + (x - east) * factor, x)
    )


def _to_display(xy: np.ndarray) -> np.ndarray:
    lat = np.radians(np.clip(xy[:, 1], -_MAX_LAT, _MAX_LAT))
    y = np.degrees(np.log(np.tan(np.pi / 4 + lat / 2)))
    return np.column_stack([_squeeze(xy[:, 0], FAR_FACTOR**-2), y])


def _from_display(xy: np.ndarray) -> np.ndarray:
    lat = np.degrees(2 * np.arctan(np.exp(np.radians(xy[:, 1]))) - np.pi / 2)
    return np.column_stack([_squeeze(xy[:, 0], FAR_FACTOR**2), lat])


def _drop_far_specks(geom: shapely.Geometry) -> shapely.Geometry:
    parts = list(getattr(geom, "geoms", [geom]))
    if len(parts) == 1:
        return geom
    areas = shapely.area(shapely.transform(parts, _to_mercator))
    x = shapely.get_x(shapely.centroid(parts))
    far = (x < FOCUS_LON[0]) | (x > FOCUS_LON[1])
    keep = ~far | (areas >= FAR_MIN_AREA)
    keep[int(np.argmax(areas))] = True
    kept = [p for p, k in zip(parts, keep, strict=True) if k]
    return MultiPolygon(kept) if len(kept) > 1 else kept[0]


def _to_mercator(xy: np.ndarray) -> np.ndarray:
    return np.column_stack([xy[:, 0], _to_display(xy)[:, 1]])


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
        ref = Point(float(d["ref_lon"]), float(d["ref_lat"])) if d["ref_lat"] else None
        if d["ne_unit"]:
            match = countries[countries["name"] == d["ne_unit"]]
            if match.empty:
                raise DeriveError(f"disputes.csv: no Natural Earth unit named {d['ne_unit']!r}")
            shape, basis = match.geometry.iloc[0], f"Natural Earth 1:10m unit {d['ne_unit']}"
        else:
            admin = d["administered_by"].split(";")[0]
            owner = countries[countries["iso3"] == admin]
            shape = _parts_near(owner.geometry.iloc[0], ref) if ref and not owner.empty else None
            basis = (
                f"parts of {admin} (Natural Earth 1:10m) within {SELECT_KM:g} km of the "
                "reference point"
            )
            if shape is None:
                shape, basis = ref, "reference point only (no 1:10m polygon nearby)"
        if shape is None:
            raise DeriveError(f"disputes.csv: {d['id']} has neither ne_unit nor a reference point")
        rows.append({"id": d["id"], "basis": basis, "geometry": shape})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=settings.CRS)


def _parts_near(geom: shapely.Geometry, ref: Point) -> MultiPolygon | None:
    parts = [
        p
        for p in getattr(geom, "geoms", [geom])
        if p.contains(ref) or _distance_km(p, ref) <= SELECT_KM
    ]
    return MultiPolygon(parts) if parts else None


def _distance_km(part: shapely.Geometry, ref: Point) -> float:
    nearest = nearest_points(part, ref)[0]
    return _GEOD.inv(ref.x, ref.y, nearest.x, nearest.y)[2] / 1000.0


def _iso3(numeric: object) -> str:
    if not isinstance(numeric, str) or not numeric:
        return ""
    country = pycountry.countries.get(numeric=numeric.zfill(3))
    return country.alpha_3 if country else ""


def _geojson(frame: gpd.GeoDataFrame, decimals: int, *, coverage: bool = False) -> str:
    """GeoJSON text of ``frame`` on a grid of ``10**-decimals`` degrees: by plain rounding
    for a coverage (already on the grid), else by snap-rounding each geometry."""
    if coverage:
        geoms = on_grid(list(frame.geometry.values), decimals)
    else:
        snapped = shapely.set_precision(frame.geometry.values, 10.0**-decimals)
        snapped = shapely.make_valid(snapped, method="structure", keep_collapsed=False)
        geoms = shapely.transform(snapped, lambda xy: np.round(xy, decimals))
    out = frame.set_geometry(list(geoms))
    return (
        json.dumps(
            json.loads(out.to_json(drop_id=True)),
            separators=(",", ":"),
            sort_keys=True,
            ensure_ascii=False,
        )
        + "\n"
    )


if __name__ == "__main__":
    sys.exit(main())
