"""The naive folium map the benchmark measures the project against, as one process.

    python tests/benchmarks/baseline.py --out FILE [--topojson countries-50m.json]
                                        [--anchors anchors.csv] [--data DIR]

What a first folium attempt looks like: ``folium.Map()`` with its default tiles and CDN
assets, ``folium.GeoJson`` of the Natural Earth 1:50m countries from the world-atlas
package (read with geopandas, every property kept, no simplification), and each relation
of ``relations.csv`` as a plain ``folium.PolyLine`` from its source through its transit
country (if any) to its target, with the quote (or source URL) as popup, one
``FeatureGroup`` per kind and a ``LayerControl``.

The line ends are the project's own anchor points (capital, else a point inside the
country; groups at their members' mean). ``bench.py`` computes them once with
:mod:`geo.join` and passes ``--anchors``, so this process only times the naive map itself;
without ``--anchors`` it computes them here. Without ``--topojson`` it fetches
world-atlas@2.0.2 with ``npm pack`` into a temporary folder (the project never needs npm;
only this benchmark does).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="HTML file to write")
    parser.add_argument("--topojson", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument("--anchors", type=Path, help="CSV code,lon,lat (see anchors_csv)")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        topojson = args.topojson or fetch_topojson(Path(tmp))
        anchors = read_anchors(args.anchors) if args.anchors else project_anchors(args.data)
        naive_map(topojson, args.data / "relations.csv", anchors).save(str(args.out))
    return 0


def naive_map(topojson: Path, relations_csv: Path, anchors: dict[str, tuple[float, float]]):
    """The baseline ``folium.Map``."""
    import folium
    import geopandas as gpd

    m = folium.Map()
    countries = gpd.read_file(topojson, layer="countries").set_crs("EPSG:4326")  # TopoJSON: no CRS
    folium.GeoJson(countries, name="Natural Earth countries (1:50m)").add_to(m)
    groups: dict[str, folium.FeatureGroup] = {}
    with relations_csv.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            kind = row["kind"]
            if kind not in groups:
                groups[kind] = folium.FeatureGroup(name=kind).add_to(m)
            stops = [anchors[c] for c in (row["source"], row["via"], row["target"]) if c]
            folium.PolyLine(
                [(lat, lon) for lon, lat in stops],
                tooltip=f"{kind}: {row['source']} → {row['target']}",
                popup=row["quote"] or row["source_url"],
            ).add_to(groups[kind])
    folium.LayerControl().add_to(m)
    return m


def read_anchors(path: Path) -> dict[str, tuple[float, float]]:
    """``{code: (lon, lat)}`` from a CSV written by :func:`anchors_csv`."""
    with path.open(encoding="utf-8", newline="") as f:
        return {r["code"]: (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f)}


def project_anchors(data_dir: Path) -> dict[str, tuple[float, float]]:
    """The project's anchor points of every country and group code, via :mod:`geo.join`."""
    sys.path.insert(0, str(ROOT))
    from geo.join import join
    from geo.sources import load_data

    anchors = join(load_data(data_dir)).anchors
    return {code: (g.x, g.y) for code, g in zip(anchors["code"], anchors.geometry, strict=True)}


def anchors_csv(data_dir: Path, path: Path) -> Path:
    """Write the project's anchors as ``code,lon,lat`` for ``--anchors``; return ``path``."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["code", "lon", "lat"])
        for code, (lon, lat) in sorted(project_anchors(data_dir).items()):
            writer.writerow([code, repr(lon), repr(lat)])
    return path


def fetch_topojson(folder: Path) -> Path:
    """``npm pack world-atlas@2.0.2`` into ``folder``; return its ``countries-50m.json``."""
    sys.path.insert(0, str(ROOT / "data"))
    from derive import npm_pack  # data/derive.py, the data-build tool

    tarball = npm_pack(folder)
    with tarfile.open(tarball) as tar:
        tar.extract("package/countries-50m.json", folder, filter="data")
    return folder / "package" / "countries-50m.json"


if __name__ == "__main__":
    sys.exit(main())
