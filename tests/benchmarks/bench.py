"""Benchmark: the project's map against a naive folium map of the same inputs.

    make bench                                  # = python tests/benchmarks/bench.py
    python tests/benchmarks/bench.py [--runs 5] [--browser-runs 5] [--no-browser]
        [--topojson countries-50m.json] [--breakdown] [--json FILE] [--keep DIR]

In one run it builds both maps as whole processes (imports included), interleaved,
``--runs`` times after one untimed warm-up round: ``python -m geo build`` and
``python tests/benchmarks/baseline.py`` (see its docstring). Then it opens each page from
disk in headless Chromium with the network blocked. It prints Markdown: build wall time
(median), peak RSS, HTML and gzip bytes, Chromium time from navigation until every layer
shown at open has all its features on the map (and until that is first painted), the time to
switch each layer off and on, and frame gaps while panning. Ratios are project / baseline:
quote those, not the absolute times, which depend on the (shared, noisy) machine.

The baseline needs world-atlas 1:50m: ``--topojson``, else ``npm pack world-atlas@2.0.2``
into a temporary folder (checked against the SHA-256 in ``data/derived/manifest.json``).
Nothing is asserted; this is a report.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline
import common
from common import fmt_bytes, median, ratio, table

GOALS = {
    "html_bytes": 600 * 1024,
    "html_ratio": 1 / 7,
    "build_ratio": 0.5,
    "load_ms": 300.0,
    "toggle_ms": 50.0,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed builds of each (>= 5)")
    parser.add_argument("--browser-runs", type=int, default=5, help="page loads (>= 5)")
    parser.add_argument("--no-browser", action="store_true", help="skip Chromium")
    parser.add_argument("--topojson", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument("--data", type=Path, default=common.ROOT / "data")
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="also print where the bytes of the project's page go",
    )
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args(argv)
    if args.runs < 5 or args.browser_runs < 5:
        print("note: fewer than 5 runs; quote medians of at least 5", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="geo-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        results = run(args, work)
        print(report(results))
        if args.breakdown:
            import breakdown

            print()
            breakdown.report(work / "project.html")
        if args.json:
            args.json.write_text(
                json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8"
            )
    return 0


def run(args: argparse.Namespace, work: Path) -> dict:
    """Build both maps, measure them, and return every raw number."""
    topojson = args.topojson or fetch_pinned_topojson(work)
    anchors = baseline.anchors_csv(args.data, work / "anchors.csv")
    ours_html, base_html = work / "project.html", work / "baseline.html"
    commands = {
        "project": [
            common.PYTHON,
            "-m",
            "geo",
            "build",
            "--data",
            str(args.data),
            "--out",
            str(ours_html),
        ],
        "baseline": [
            common.PYTHON,
            str(Path(baseline.__file__).resolve()),
            "--out",
            str(base_html),
            "--topojson",
            str(topojson),
            "--anchors",
            str(anchors),
            "--data",
            str(args.data),
        ],
    }
    print(f"building each map {args.runs} times (+1 warm-up), interleaved ...", file=sys.stderr)
    builds = common.interleaved_builds(commands, args.runs)
    out: dict = {
        "machine": common.machine_note(),
        "runs": args.runs,
        "commands": {k: " ".join(v) for k, v in commands.items()},
    }
    for name, html in (("project", ours_html), ("baseline", base_html)):
        b = builds[name]
        entry: dict = {"build_s": b.seconds, "peak_mib": b.peak_mib, "failed": b.failed}
        if html.exists() and not b.failed:
            entry["html_bytes"], entry["gzip_bytes"] = common.html_sizes(html)
            entry["external_assets"] = common.external_assets(html)
        out[name] = entry
    if not args.no_browser:
        for name, html, runs in (
            ("project", ours_html, args.browser_runs),
            ("baseline", base_html, 1),
        ):
            if not html.exists():
                continue
            print(f"Chromium: {name} ...", file=sys.stderr)
            out[name]["browser"] = vars(common.measure_page(html, runs))
    return out


def fetch_pinned_topojson(work: Path) -> Path:
    """world-atlas 1:50m via ``npm pack``, checked against the derived data's manifest."""
    sys.path.insert(0, str(common.ROOT / "data"))
    from derive import npm_pack  # data/derive.py, the data-build tool

    tarball = npm_pack(work)
    manifest = json.loads((common.ROOT / "data" / "derived" / "manifest.json").read_text())
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != manifest.get("tarball_sha256"):
        print(
            f"warning: {tarball.name} SHA-256 {digest} differs from the manifest's",
            file=sys.stderr,
        )
    with tarfile.open(tarball) as tar:
        tar.extract("package/countries-50m.json", work, filter="data")
    return work / "package" / "countries-50m.json"


def _ms(values: list[float]) -> str:
    return f"{median(values):,.0f} ms" if values else "n/a"


def report(r: dict) -> str:
    """The Markdown report of :func:`run`'s numbers."""
    ours, base = r["project"], r["baseline"]
    lines = [
        f"## Benchmark: project map vs naive folium ({r['runs']} runs each)",
        "",
        f"Machine: {r['machine']}.",
        "",
        f"- project: `{_short(r['commands']['project'])}`",
        f"- baseline: `{_short(r['commands']['baseline'])}`",
        "",
    ]
    for name, entry in (("project", ours), ("baseline", base)):
        if entry["failed"]:
            lines.append(f"**{name} build failed**: {entry['failed']}")
    rows = []
    b_s, o_s = median(base["build_s"]), median(ours["build_s"])
    rows.append(
        [
            "build wall time, whole process (median)",
            f"{o_s:.2f} s",
            f"{b_s:.2f} s",
            ratio(o_s, b_s),
            f"≤ {GOALS['build_ratio']:.2f}",
            _met(o_s / b_s <= GOALS["build_ratio"] if b_s else None),
        ]
    )
    rows.append(
        ["build wall time, min to max", _span(ours["build_s"]), _span(base["build_s"]), "", "", ""]
    )
    o_m, b_m = median(ours["peak_mib"]), median(base["peak_mib"])
    rows.append(
        ["peak RSS (median)", f"{o_m:,.0f} MiB", f"{b_m:,.0f} MiB", ratio(o_m, b_m), "", ""]
    )
    o_h, b_h = ours.get("html_bytes", float("nan")), base.get("html_bytes", float("nan"))
    rows.append(
        [
            "HTML",
            fmt_bytes(o_h),
            fmt_bytes(b_h),
            ratio(o_h, b_h),
            f"≤ {GOALS['html_ratio']:.3f} and ≤ 600 KiB",
            _met(o_h / b_h <= GOALS["html_ratio"] and o_h <= GOALS["html_bytes"]),
        ]
    )
    o_g, b_g = ours.get("gzip_bytes", float("nan")), base.get("gzip_bytes", float("nan"))
    rows.append(["HTML, gzip -6", fmt_bytes(o_g), fmt_bytes(b_g), ratio(o_g, b_g), "", ""])
    o_x, b_x = ours.get("external_assets", []), base.get("external_assets", [])
    rows.append(
        ["external JS/CSS the page loads", str(len(o_x)), str(len(b_x)), "", "0", _met(not o_x)]
    )
    ob, bb = ours.get("browser", {}), base.get("browser", {})
    na = "n/a¹" if bb.get("unavailable") else "n/a"
    if ob:
        if ob.get("unavailable"):
            rows.append(["Chromium", ob["unavailable"], na, "", "", ""])
        else:
            dom, painted = ob["load_dom_ms"], ob["load_painted_ms"]
            rows.append(
                ["Chromium: navigation → all layers on the map (median)", _ms(dom), na, "", "", ""]
            )
            rows.append(
                [
                    "Chromium: navigation → all layers painted (median)",
                    _ms(painted),
                    na,
                    "",
                    f"≤ {GOALS['load_ms']:.0f} ms",
                    _met(median(painted) <= GOALS["load_ms"]),
                ]
            )
            rows.append(
                ["Chromium: load event (median)", _ms(ob["load_event_ms"]), na, "", "", ""]
            )
            worst = max(
                (
                    median(v)
                    for t in ob["toggles"].values()
                    for k, v in t.items()
                    if k.endswith("painted")
                ),
                default=float("nan"),
            )
            rows.append(
                [
                    "Chromium: slowest layer toggle, click → painted (median)",
                    f"{worst:,.0f} ms",
                    na,
                    "",
                    f"< {GOALS['toggle_ms']:.0f} ms",
                    _met(worst < GOALS["toggle_ms"]),
                ]
            )
            gaps = sorted(ob.get("pan_frame_ms", []))
            if gaps:
                rows.append(
                    [
                        "Chromium: panning, 95th percentile / longest frame",
                        f"{gaps[int(0.95 * (len(gaps) - 1))]:,.0f} / {gaps[-1]:,.0f} ms",
                        na,
                        "",
                        "",
                        "",
                    ]
                )
    lines.append(
        table(["", "project", "naive folium", "ratio (project ÷ baseline)", "goal", "met"], rows)
    )
    if bb.get("unavailable"):
        lines += ["", f"¹ Baseline in Chromium: {bb['unavailable']}."]
    if ob and not ob.get("unavailable"):
        lines += ["", toggle_table(ob)]
    lines += [
        "",
        "Build times are whole processes (interpreter start and imports "
        "included), interleaved project/baseline; the baseline gets its anchor points "
        "precomputed (see baseline.py), so it times only the naive map itself.",
    ]
    return "\n".join(lines)


def toggle_table(browser: dict) -> str:
    """Per layer: features, on at open, median click → on/off the map / → painted, off and on."""
    rows = []
    for layer in browser["layers"]:
        t = browser["toggles"].get(layer["name"])
        if not t:
            rows.append([layer["name"], layer["count"], "base layer", "", ""])
            continue
        rows.append(
            [
                layer["name"],
                layer["count"],
                "yes" if layer["on"] else "no",
                f"{median(t['off_dom']):.1f} / {median(t['off_painted']):.1f}",
                f"{median(t['on_dom']):.1f} / {median(t['on_painted']):.1f}",
            ]
        )
    return (
        "### Layer toggles, median ms: click → features off/back on the map / → next "
        "frame\n\n" + table(["layer", "features", "on at open", "switch off", "switch on"], rows)
    )


def _span(values: list[float]) -> str:
    return f"{min(values):.2f} to {max(values):.2f} s" if values else "n/a"


def _met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "no")


def _short(command: str) -> str:
    return command.replace(str(common.ROOT) + "/", "").replace(common.PYTHON, "python")


if __name__ == "__main__":
    sys.exit(main())
