"""Where the bytes of a built map go: Leaflet, CSS, markup, and the drawing payload by table.

    python tests/benchmarks/breakdown.py [output/russia-asia-pacific.html]

Prints one Markdown table: bytes (and gzip bytes of each part alone) per part of the page.
The drawing payload (see ``geo/payload.py``) is split into its tables; its geometries are
split by the layer that first uses them (later layers that reuse a geometry cost nothing).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_HTML = Path(__file__).resolve().parents[2] / "output" / "russia-asia-pacific.html"

_BLOCK = re.compile(r"<(style|script)[^>]*>(.*?)</\1>", re.S)
_TEXT_ALTERNATIVE = re.compile(r'<details id="geo-text[^"]*" class="geo-text">.*?</details>', re.S)
_CSV_LINK = re.compile(r'href="data:text/csv[^"]*"')


@dataclass
class Part:
    """A named slice of the page and its size."""

    name: str
    bytes: int = 0
    gzip: int = 0
    children: list[Part] = field(default_factory=list)

    @classmethod
    def of(cls, name: str, text: str) -> Part:
        raw = text.encode("utf-8")
        return cls(name, len(raw), len(gzip.compress(raw, 6)))


def analyse(html: str) -> list[Part]:
    """Split ``html`` into named parts."""
    parts: list[Part] = []
    rest = html
    manifest = re.search(
        r'<script type="application/json" class="geo-manifest">(.*?)</script>', html
    )
    layers = json.loads(manifest.group(1))["layers"] if manifest else []
    for match in _BLOCK.finditer(html):
        kind, body = match.groups()
        rest = rest.replace(match.group(0), "", 1)
        if kind == "style":
            name = "Leaflet CSS" if ".leaflet-pane" in body else "page CSS"
            parts.append(Part.of(name, body))
        elif "@preserve" in body[:400]:
            parts.append(Part.of("Leaflet JS", body))
        elif 'class="geo-manifest"' in match.group(0):
            parts.append(Part.of("manifest", body))
        elif 'class="geo-drawing"' in match.group(0)[:100]:
            parts.append(_payload(body, layers))
        else:  # the project's behaviours (geo/static/*.js, inlined minified) and map setup
            parts.append(Part.of("map setup, layer control, page behaviour (JS)", body))
    markup = Part.of("HTML markup", rest)
    alternative = _TEXT_ALTERNATIVE.search(rest)
    csv_link = _CSV_LINK.search(rest)
    markup.children = [
        Part.of("of which the text version (table of every feature)", alternative.group(0))
        if alternative
        else Part("of which the text version"),
        Part.of("of which the relations CSV link (data URI)", csv_link.group(0))
        if csv_link
        else Part("of which the relations CSV link"),
    ]
    parts.append(markup)
    return _merge(parts)


def _payload(text: str, layers: list[str]) -> Part:
    """The payload by table; geometries by the layer that draws them first (later layers
    that reuse one cost nothing)."""
    data = json.loads(text)
    part = Part.of("drawing payload (JSON)", text)
    for table in (
        k for k, v in data.items() if isinstance(v, list) and k not in ("parts", "geoms")
    ):
        part.children.append(
            Part.of(f"payload: {table} ({len(data[table])})", _dumps(data[table]))
        )
    part.children.append(Part.of("payload: features (indexes)", _dumps(data["parts"])))
    first_layer: dict[int, int] = {}
    for record in data["parts"]:
        for feature in record["features"]:
            first_layer.setdefault(feature[0], record["group"])
    by_layer: dict[int, list] = {}
    for index, geom in enumerate(data["geoms"]):
        by_layer.setdefault(first_layer.get(index, -1), []).append(geom)

    def name(group: int) -> str:
        return layers[group] if 0 <= group < len(layers) else "(unused)"

    for group, geoms in sorted(by_layer.items()):
        part.children.append(
            Part.of(f"payload: geometries of {name(group)} ({len(geoms)})", _dumps(geoms))
        )
    return part


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _merge(parts: list[Part]) -> list[Part]:
    merged: dict[str, Part] = {}
    for part in parts:
        if part.name in merged:
            old = merged[part.name]
            old.bytes += part.bytes
            old.gzip += part.gzip
            old.children += part.children
        else:
            merged[part.name] = part
    return list(merged.values())


def report(path: Path, out: object = sys.stdout) -> None:
    """Print the page breakdown of ``path``."""
    html = path.read_text(encoding="utf-8")
    parts = analyse(html)
    total = len(html.encode("utf-8"))
    gz = len(gzip.compress(html.encode("utf-8"), 6))

    def pct(n: int) -> str:
        return f"{100 * n / total:.1f} %"

    print(f"### Size breakdown of `{path.name}`: {total:,} bytes, {gz:,} gzip\n", file=out)
    print("| part | bytes | share | gzip bytes (alone) |", file=out)
    print("|---|---:|---:|---:|", file=out)
    for part in parts:
        print(f"| {part.name} | {part.bytes:,} | {pct(part.bytes)} | {part.gzip:,} |", file=out)
        for child in part.children:
            print(
                f"| &nbsp;&nbsp;{child.name} | {child.bytes:,} | {pct(child.bytes)} | "
                f"{child.gzip:,} |",
                file=out,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", nargs="?", type=Path, default=DEFAULT_HTML)
    args = parser.parse_args(argv)
    report(args.html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
