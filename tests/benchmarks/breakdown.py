"""Where the bytes of a built map go: Leaflet, CSS, each layer's GeoJSON, popups, glue.

    python tests/benchmarks/breakdown.py [output/russia-asia-pacific.html]

Prints two Markdown tables: bytes (and gzip bytes) per part of the page, then each layer's
GeoJSON split into coordinates, ``bbox``, properties and structure, with what a few common
reductions would save (estimated by re-serialising the same payload, as folium writes it).
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

_BLOCK = re.compile(r"<(style|script)>(.*?)</\1>", re.S)
_ADD = re.compile(r"^[ \t]*(geo_json_\w+)_add\((.*)\);[ \t]*$", re.M)
_ADDTO = re.compile(r"(geo_json_\w+)\.addTo\((feature_group_\w+)\)")
_CONTROL = re.compile(r'"([^"]+)"\s*:\s*(feature_group_\w+)')
_NUMBER = re.compile(r"-?\d+\.\d+(?:[eE][-+]?\d+)?")


@dataclass
class Part:
    """A named slice of the page and its size."""

    name: str
    text: str = ""
    bytes: int = 0
    gzip: int = 0
    children: list[Part] = field(default_factory=list)

    @classmethod
    def of(cls, name: str, text: str) -> Part:
        raw = text.encode("utf-8")
        return cls(name, text, len(raw), len(gzip.compress(raw, 6)))


def htmlsafe_dumps(obj: object, **kwargs: object) -> str:
    """``json.dumps`` escaped the way folium (Jinja's ``tojson``) embeds data in a script."""
    text = json.dumps(obj, **kwargs)  # type: ignore[arg-type]
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(char, code)
    return text


def analyse(html: str) -> tuple[list[Part], list[dict]]:
    """Split ``html`` into parts; return them and one record per GeoJSON payload."""
    parts: list[Part] = []
    rest = html
    payloads: list[dict] = []
    for kind, body in _BLOCK.findall(html):
        rest = rest.replace(f"<{kind}>{body}</{kind}>", "", 1)
        if kind == "style":
            if ".leaflet-pane" in body:
                uris = "".join(re.findall(r"url\(data:[^)]*\)", body))
                part = Part.of("Leaflet CSS", body)
                part.children.append(Part.of("of which inlined images (data URIs)", uris))
                parts.append(part)
            elif "#geo-title" in body:
                parts.append(Part.of("page CSS (geo)", body))
            elif ".geo-tooltip" in body or ".geo-popup" in body:
                parts.append(Part.of("folium tooltip/popup CSS (one block per binder)", body))
            else:
                parts.append(Part.of("folium map CSS", body))
        elif "Leaflet" in body[:400] and "@preserve" in body[:400]:
            parts.append(Part.of("Leaflet JS", body))
        elif "_add(" in body or "L.map(" in body:
            parts.append(_main_script(body, payloads))
        else:
            parts.append(Part.of("folium inline script", body))
    parts.append(Part.of("HTML markup (title, legend, map div)", rest))
    return _merge(parts), payloads


def _merge(parts: list[Part]) -> list[Part]:
    """One row per name: repeated blocks (folium's per-binder CSS) are added up."""
    merged: dict[str, Part] = {}
    for part in parts:
        if part.name in merged:
            old = merged[part.name]
            old.text += part.text
            old.bytes += part.bytes
            old.gzip = len(gzip.compress(old.text.encode("utf-8"), 6))
            old.children += part.children
        else:
            merged[part.name] = part
    return list(merged.values())


def _main_script(body: str, payloads: list[dict]) -> Part:
    group_of = dict(_ADDTO.findall(body))
    name_of = {fg: name for name, fg in _CONTROL.findall(body)}
    glue = body
    children = []
    for var, payload in _ADD.findall(body):
        glue = glue.replace(payload, "", 1)
        layer = name_of.get(group_of.get(var, ""), var)
        payloads.append({"var": var, "layer": layer, "text": payload, "data": json.loads(payload)})
        children.append(Part.of(f"GeoJSON: {layer} ({var})", payload))
    script = Part.of("map script", body)
    script.children = [
        *children,
        Part.of("folium JS glue (stylers, tooltip/popup binders, control)", glue),
    ]
    return script


def payload_breakdown(record: dict) -> dict[str, int]:
    """Bytes of one GeoJSON payload by component, plus what some reductions would save."""
    data = record["data"]
    total = len(record["text"].encode("utf-8"))
    out = {"total": total, "features": len(data.get("features", []))}
    coords = bbox = ident = 0
    props: dict[str, int] = {}
    for feature in data.get("features", []):
        coords += len(htmlsafe_dumps(feature["geometry"]["coordinates"]))
        if "bbox" in feature:
            bbox += len(htmlsafe_dumps({"bbox": feature["bbox"]})) - 2 + 2  # key, value, ", "
        if "id" in feature:
            ident += len(htmlsafe_dumps({"id": feature["id"]})) - 2 + 2
        for key, value in feature.get("properties", {}).items():
            size = len(htmlsafe_dumps({key: value}).encode("utf-8")) - 2 + 2
            props[key] = props.get(key, 0) + size
    if "bbox" in data:
        bbox += len(htmlsafe_dumps({"bbox": data["bbox"]})) - 2 + 2
    out.update({"coordinates": coords, "bbox": bbox, "id": ident})
    out.update({f"properties.{k}": v for k, v in sorted(props.items())})
    out["structure"] = total - coords - bbox - ident - sum(props.values())
    out["vertices"] = sum(
        _count_positions(f["geometry"]["coordinates"]) for f in data.get("features", [])
    )
    out["noisy numbers"] = sum(
        1 for n in _NUMBER.findall(record["text"]) if len(n.split(".")[1]) > 6
    )
    out["numbers"] = len(_NUMBER.findall(record["text"]))
    # What-ifs, each measured on its own against `total`.
    out["save: drop bbox and id"] = total - len(_dumps(_strip(data, ("bbox", "id"))))
    for digits in (3, 4):
        out[f"save: round coordinates to {digits} decimals"] = total - len(
            _dumps(_rounded(data, digits))
        )
    out["save: compact separators"] = total - len(
        htmlsafe_dumps(data, separators=(",", ":")).encode("utf-8")
    )
    all_in = _rounded(_strip(data, ("bbox", "id")), 4)
    out["save: all three"] = total - len(
        htmlsafe_dumps(all_in, separators=(",", ":")).encode("utf-8")
    )
    return out


def _dumps(data: dict) -> bytes:
    return htmlsafe_dumps(data).encode("utf-8")


def _count_positions(coords: object) -> int:
    if isinstance(coords, list) and coords and isinstance(coords[0], int | float):
        return 1
    return sum(_count_positions(c) for c in coords) if isinstance(coords, list) else 0


def _round_coords(coords: object, digits: int) -> object:
    if isinstance(coords, list):
        return [_round_coords(c, digits) for c in coords]
    if isinstance(coords, float):
        value = round(coords, digits)
        return int(value) if value.is_integer() else value
    return coords


def _rounded(data: dict, digits: int) -> dict:
    features = [
        {
            **f,
            "geometry": {
                **f["geometry"],
                "coordinates": _round_coords(f["geometry"]["coordinates"], digits),
            },
        }
        for f in data.get("features", [])
    ]
    return {**data, "features": features}


def _strip(data: dict, keys: tuple[str, ...]) -> dict:
    features = [{k: v for k, v in f.items() if k not in keys} for f in data.get("features", [])]
    return {**{k: v for k, v in data.items() if k not in keys}, "features": features}


def duplicate_text(payloads: list[dict]) -> int:
    """Bytes of popup/tooltip strings that repeat a string already on the page."""
    seen: set[str] = set()
    dup = 0
    for record in payloads:
        for feature in record["data"].get("features", []):
            for key in ("tooltip", "popup"):
                value = feature.get("properties", {}).get(key)
                if isinstance(value, str):
                    if value in seen:
                        dup += len(htmlsafe_dumps(value).encode("utf-8"))
                    seen.add(value)
    return dup


def report(path: Path, out: object = sys.stdout) -> None:
    """Print the page breakdown and the per-layer GeoJSON breakdown of ``path``."""
    html = path.read_text(encoding="utf-8")
    parts, payloads = analyse(html)
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
    print(
        f"\nPopup/tooltip strings that repeat one already on the page: "
        f"{duplicate_text(payloads):,} bytes.\n",
        file=out,
    )
    rows = [(r["layer"], payload_breakdown(r)) for r in payloads]
    keys: list[str] = []
    for _, b in rows:
        keys += [k for k in b if k not in keys]
    print("### GeoJSON payloads by component (bytes; `save:` rows are what-ifs)\n", file=out)
    print("| | " + " | ".join(name for name, _ in rows) + " |", file=out)
    print("|---|" + "---:|" * len(rows), file=out)
    for key in keys:
        print(f"| {key} | " + " | ".join(f"{b.get(key, 0):,}" for _, b in rows) + " |", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", nargs="?", type=Path, default=DEFAULT_HTML)
    args = parser.parse_args(argv)
    report(args.html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
