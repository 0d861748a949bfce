"""The ``geo`` command: thin wrappers around the public functions.

Exit codes: 0 success, 2 bad input (every problem printed to stderr, nothing written).
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from pathlib import Path

from geo import settings
from geo.errors import GeoError

log = logging.getLogger("geo")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s: %(message)s")
    warnings.simplefilter("default")
    try:
        return int(args.func(args))
    except GeoError as err:
        print(f"geo: error: {err}", file=sys.stderr)
        return 2


def _build(args: argparse.Namespace) -> int:
    from geo.export import save_html
    from geo.render import build_map

    path = save_html(build_map(args.data), args.out)
    print(f"wrote {path}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from geo.join import join
    from geo.sources import load_data
    from geo.validate import validate

    data = join(validate(load_data(args.data)))
    print(f"{args.data or settings.DATA_DIR}: OK ({len(data.relations)} relations, "
          f"{len(data.routes)} routes, {len(data.places)} places, "
          f"{len(data.disputes)} disputed territories)")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="geo", description="Map Russia's Asia-Pacific ties from an evidence-linked table.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="build the self-contained HTML map")
    build.add_argument("--data", type=Path, default=None,
                       help=f"data folder (default: {settings.DATA_DIR})")
    build.add_argument("--out", type=Path, default=None,
                       help=f"output HTML file (default: {settings.OUTPUT_HTML})")
    build.set_defaults(func=_build)

    check = sub.add_parser("check", help="validate the data without building anything")
    check.add_argument("--data", type=Path, default=None,
                       help=f"data folder (default: {settings.DATA_DIR})")
    check.set_defaults(func=_check)
    return parser
