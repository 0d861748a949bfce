"""Derive ``data/derived/country_names.json``: the country names placed ahead of time.

Run from the project root after ``data/derive.py`` (or ``make data``; no network needed)::

    .venv/bin/python data/derive_names.py

A country's name is placed once per label mode (``en``, ``local``, ``both``) from the
countries of ``derived/countries.geojson`` as the build joins them (see
``geo.layers.labels``): at each zoom from the furthest out, the largest country first, a
name is shown once its box lies inside its country and clear of the names already shown.
The result never changes between builds, so the build reads it instead of placing the
names again. Each mode is stored with its key (``geo.layers.labels.placement_key``: the
zooms, the font box and each country's code, name and outline); a build whose countries,
names or rules differ places its names itself. ``tests/test_labels.py`` fails when this file
no longer matches a fresh placement: run this script again after changing the placement.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent
sys.path.insert(0, str(DATA.parent))  # run as a script from a checkout: `geo` is one level up

from geo.export import write_text  # noqa: E402
from geo.layers.labels import prepared_placements  # noqa: E402
from geo.pipeline import map_data  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="data folder (default: data/)")
    args = parser.parse_args(argv)
    doc = prepared_placements(map_data(args.data).countries)
    out = args.data / "derived" / "country_names.json"
    write_text(as_text(doc), out)
    counts = ", ".join(f"{mode} {len(doc[mode]['names'])}" for mode in sorted(doc))
    print(f"{out}: names placed per mode: {counts}")
    return 0


def as_text(doc: dict) -> str:
    """``doc`` as JSON with one name per line (a re-derivation diffs name by name)."""

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    modes = [
        f' {dumps(mode)}: {{"key": {dumps(entry["key"])}, "names": [\n'
        + ",\n".join(f"  {dumps(name)}" for name in entry["names"])
        + "\n ]}"
        for mode, entry in sorted(doc.items())
    ]
    return "{\n" + ",\n".join(modes) + "\n}\n"


if __name__ == "__main__":
    sys.exit(main())
