"""The benchmark's peers (tests/benchmarks/peers.py) build the article's whole map.

Not a timed test: each peer builds the real data into a temporary folder as its own process,
and its page must hold every relation, partner country, route and dispute, counted from
what the tool wrote (plotly's figure JSON, pydeck's deck JSON, kepler.gl's datasets,
lonboard's Parquet tables), against counts taken from the data folder here.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PEERS = ROOT / "tests" / "benchmarks" / "peers.py"
LAYERS = ("partners", "disputes", "routes", "relations")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def expected() -> dict[str, int]:
    """Features per layer, counted from the data folder."""
    members: dict[str, set[str]] = {}
    for row in _rows("group_members.csv"):
        members.setdefault(row["group"], set()).add(row["member"])
    named: set[str] = set()
    for r in _rows("relations.csv"):
        for code in filter(None, (r["source"], r["via"], r["target"])):
            named |= members.get(code, {code})
    countries = json.loads((DATA / "derived" / "countries.geojson").read_text("utf-8"))
    disputed = json.loads((DATA / "derived" / "disputed.geojson").read_text("utf-8"))
    routed = {w["route"] for w in _rows("route_waypoints.csv")}
    return {
        "partners": sum(f["properties"]["iso3"] in named for f in countries["features"]),
        "disputes": len(disputed["features"]),
        "routes": sum(r["id"] in routed for r in _rows("routes.csv")),
        "relations": len(_rows("relations.csv")),
    }


@pytest.fixture(scope="module")
def anchors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(PEERS.parent))
    import baseline

    return baseline.anchors_csv(DATA, tmp_path_factory.mktemp("anchors") / "anchors.csv")


def _after(html: str, marker: str, start: int = 0) -> tuple[object, int]:
    """The JSON value that follows ``marker`` in ``html`` (from ``start``), and its end."""
    i = html.index(marker, start) + len(marker)
    while html[i].isspace():
        i += 1
    return json.JSONDecoder().raw_decode(html, i)


def plotly_counts(html: str) -> dict[str, int]:
    i = html.index("Plotly.newPlot(")
    traces, _ = _after(html, ",", html.index('"', i + len("Plotly.newPlot(")) + 1)
    out = {}
    for t in traces:  # type: ignore[attr-defined]
        if t["type"] == "choropleth":
            out[t["name"]] = len(t["geojson"]["features"])
        else:  # lines separated by null
            out[t["name"]] = sum(v is None for v in t["lon"])
    return out


def pydeck_counts(html: str) -> dict[str, int]:
    deck, _ = _after(html, "const jsonInput = ")
    return {la["id"]: len(la["data"]["features"]) for la in deck["layers"]}  # type: ignore[index]


def kepler_counts(html: str) -> dict[str, int]:
    out = {}
    for m in re.finditer(r'datasets\.push\(\{info: \{id: ("[^"]+")', html):
        data, _ = _after(html, "keplerGl.processGeojson(", m.end())
        out[json.loads(m.group(1))] = len(data["features"])  # type: ignore[index]
    return out


def lonboard_counts(html: str) -> dict[str, list[int]]:
    """Rows of each layer's Parquet table, grouped by layer type (lonboard keeps no names)."""
    import pyarrow.parquet as pq

    m = re.search(
        r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', html, re.S
    )
    assert m, "no widget state in the page"
    out: dict[str, list[int]] = {}
    for model in json.loads(m.group(1))["state"].values():
        for buf in model.get("buffers", []):
            rows = pq.read_table(io.BytesIO(base64.b64decode(buf["data"]))).num_rows
            out.setdefault(model["state"]["_layer_type"], []).append(rows)
    return out


TOOLS = ("plotly", "pydeck", "kepler", "lonboard")


@pytest.fixture(scope="module")
def pages(anchors: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each peer's page of the article's data, the four built at once (separate processes)."""
    folder = tmp_path_factory.mktemp("peers")
    procs = {
        tool: subprocess.Popen(
            [
                sys.executable,
                str(PEERS),
                tool,
                "--data",
                str(DATA),
                "--anchors",
                str(anchors),
                "--out",
                str(folder / f"{tool}.html"),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for tool in TOOLS
    }
    for tool, proc in procs.items():
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"{tool}: {err.decode()[-2000:]}"
    return {tool: folder / f"{tool}.html" for tool in TOOLS}


@pytest.mark.parametrize("tool", TOOLS)
def test_peer_builds_the_same_content(tool: str, pages: dict[str, Path]) -> None:
    html = pages[tool].read_text(encoding="utf-8")
    want = expected()
    assert want["relations"] == 75 and all(want.values())
    if tool == "lonboard":
        got = lonboard_counts(html)
        assert sorted(got["polygon"]) == sorted([want["partners"], want["disputes"]])
        assert sorted(got["path"]) == sorted([want["routes"], want["relations"]])
    else:
        got = {"plotly": plotly_counts, "pydeck": pydeck_counts, "kepler": kepler_counts}[tool](
            html
        )
        assert got == want
