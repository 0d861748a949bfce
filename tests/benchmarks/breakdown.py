"""Where the bytes of a built map go: Leaflet, CSS, markup, and the data block by table.

    python tests/benchmarks/breakdown.py [output/russia-asia-pacific.html]

Prints one Markdown table: bytes (and gzip bytes of each part alone) per part of the page.
The data block (see ``geo/payload.py``) is counted as the page holds it, deflated and in
base 64; its parts are counted unpacked (plain JSON): the relations table, the country
names, and the drawing payload's tables, its geometries split by the layer that first uses
them (later layers that reuse a geometry cost nothing).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from geo.payload import unpack

DEFAULT_HTML = Path(__file__).resolve().parents[2] / "output" / "russia-asia-pacific.html"

_BLOCK = re.compile(r"<(style|script)[^>]*>(.*?)</\1>", re.S)
_TEXT_ALTERNATIVE = re.compile(r'<details id="geo-text[^"]*" class="geo-text">.*?</details>', re.S)


@dataclass
class Part:
    """A named slice of the page and its size."""

    name: str
    bytes: int = 0
    gzip: int = 0
    children: list[Part] = field(default_factory=list)
    #: False for what the page holds packed: its bytes are not the page's
    in_page: bool = True

    @classmethod
    def of(cls, name: str, text: str, *, in_page: bool = True) -> Part:
        raw = text.encode("utf-8")
        return cls(name, len(raw), len(gzip.compress(raw, 6)), in_page=in_page)


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
        elif 'class="geo-data"' in match.group(0)[:100]:
            parts.append(_data_block(body, layers))
        else:  # the project's behaviours (geo/static/*.js, inlined minified) and map setup
            parts.append(Part.of("map setup, layer control, page behaviour (JS)", body))
    markup = Part.of("HTML markup", rest)
    alternative = _TEXT_ALTERNATIVE.search(rest)
    markup.children = [
        Part.of("of which the text version (table of every feature)", alternative.group(0))
        if alternative
        else Part("of which the text version"),
    ]
    parts.append(markup)
    return _merge(parts)


def _data_block(text: str, layers: list[str]) -> Part:
    """The packed block, then its parts unpacked: the relations table, the country names,
    and the drawing payload by table (:func:`_payload`)."""
    block = unpack(text)
    assert isinstance(block, dict)
    part = Part.of("data block (deflated, base 64)", text)
    part.children = [
        Part.of("unpacked: relations table (CSV)", block["csv"], in_page=False),
        Part.of("unpacked: country names (search)", _dumps(block["countries"]), in_page=False),
        *_payload(block["drawing"], layers),
    ]
    return part


def _payload(data: dict, layers: list[str]) -> list[Part]:
    """The payload by table; geometries by the layer that draws them first (later layers
    that reuse one cost nothing)."""
    parts = [Part.of("unpacked: drawing payload (JSON)", _dumps(data), in_page=False)]
    for table in (
        k for k, v in data.items() if isinstance(v, list) and k not in ("parts", "geoms")
    ):
        parts.append(
            Part.of(f"payload: {table} ({len(data[table])})", _dumps(data[table]), in_page=False)
        )
    parts.append(Part.of("payload: features (indexes)", _dumps(data["parts"]), in_page=False))
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
        parts.append(
            Part.of(
                f"payload: geometries of {name(group)} ({len(geoms)})",
                _dumps(geoms),
                in_page=False,
            )
        )
    return parts


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

    def pct(part: Part) -> str:
        return f"{100 * part.bytes / total:.1f} %" if part.in_page else "packed"

    print(f"### Size breakdown of `{path.name}`: {total:,} bytes, {gz:,} gzip\n", file=out)
    print("| part | bytes | share | gzip bytes (alone) |", file=out)
    print("|---|---:|---:|---:|", file=out)
    for part in parts:
        print(f"| {part.name} | {part.bytes:,} | {pct(part)} | {part.gzip:,} |", file=out)
        for child in part.children:
            print(
                f"| &nbsp;&nbsp;{child.name} | {child.bytes:,} | {pct(child)} | {child.gzip:,} |",
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
