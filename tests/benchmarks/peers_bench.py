"""Benchmark: ``geo`` against plotly, pydeck, kepler.gl and lonboard on the same inputs.

    make bench                                  # installs the `bench` extra, then runs this
    python tests/benchmarks/peers_bench.py [--runs 3] [--runs-10k 2] [--browser-runs 3]
        [--throttled-runs 2] [--sizes 1000 10000] [--tools geo plotly ...] [--no-browser]
        [--out output/bench.md] [--json FILE] [--keep DIR] [--floors-only --json FILE]
    python tests/benchmarks/peers_bench.py --from-json FILE     # the report of saved numbers

Three scales: the article's data (``data/``, 75 relations) and the synthetic folders of
:mod:`scale` (``--sizes``, every country's polygons, the same routes and disputes). For each
scale every tool builds its map as a whole process (``python -m geo build`` and
``python tests/benchmarks/peers.py TOOL``), interleaved, ``--runs`` rounds after one
untimed warm-up round (``--runs-10k`` for sizes of 10,000 and more); the report gives the
median wall time. Then each page is opened from disk in headless Chromium with every request
that is not ``file:``, ``data:``, ``blob:`` or ``about:`` aborted:

- *renders offline*: the tool's own "all drawn" test (below) passes within ``--probe-s``
  seconds and a screenshot is not blank (over 1 % of its pixels differ from the commonest
  colour); otherwise the blocked hosts are named and no timings are taken.
- *first paint*: the browser's first-contentful-paint; on a page whose only content is a
  WebGL canvas Chromium reports none, so there it is the first frame the tool drew (deck.gl's
  ``onAfterRender``).
- *all drawn*: ``geo``: every layer shown at open has all its features on the map (Leaflet
  layers with class ``geo-<slug>``, the count taken from the page itself first), then two
  animation frames (see ``common.OBSERVE_JS``); pydeck: a deck.gl frame rendered with every
  layer loaded, then two animation frames; plotly: as many choropleth paths as partner and
  disputed polygons and both line traces in the SVG. Median of ``--browser-runs`` loads,
  and of ``--throttled-runs`` loads under ``Emulation.setCPUThrottlingRate`` 4 (CDP).
- *pan*: four mouse drags of 300 px across the map centre (20 mouse moves each; no drag
  starts after 20 s), the gaps between ``requestAnimationFrame`` callbacks from the first
  press until 300 ms after the last release: the longest and the median, pooled over the
  unthrottled loads.

It prints one Markdown table (ratios ``geo`` / tool) and the issue's goals, each met or
missed; under a missed goal, the measured floor (:func:`floors`: the build's third-party
imports alone against plotly's whole build; importing, reading and validating the 10,000
relations' inputs against kepler.gl's whole build; a blank Leaflet page's bytes and first
paint; Leaflet with only the basemap, all drawn; Leaflet alone drawing the 10,000 relations
as plain lines on one canvas, all drawn and pan), or that none stops it. It writes the same
text to ``--out``. Nothing is asserted; this is a report. ``--floors-only`` measures the
floors again into the numbers saved by ``--json``.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import peers
from common import median, table

TOOLS = ("geo", *peers.TOOLS)
NAMES = {
    "geo": "geo",
    "plotly": "plotly (`write_html`, plotly.js inline)",
    "pydeck": "pydeck (`to_html(offline=True)`)",
    "kepler": "kepler.gl (`save_to_html`)",
    "lonboard": "lonboard (`Map.to_html`)",
}
ARTICLE = 75
SEED = 20131112  # of the synthetic relations (scale.synthetic_data)
PAN_STEPS = 20  # mouse moves per drag
PAN_BUDGET_S = 20.0  # no further drag starts after this long
THROTTLE = 4
GOALS_ARTICLE = {"build_vs_plotly": 1.5, "paint_ms": 250.0, "paint_4x_ms": 1000.0}
GOAL_ARTICLE_BYTES = 400_000
GOALS_10K = {"all_drawn_ms": 600.0, "pan_frame_ms": 50.0, "html_bytes": 8_000_000}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed builds per tool and size")
    parser.add_argument("--runs-10k", type=int, default=2, help="the same for 10,000 and up")
    parser.add_argument("--browser-runs", type=int, default=3, help="page loads, unthrottled")
    parser.add_argument("--throttled-runs", type=int, default=2, help="page loads at 4x")
    parser.add_argument("--probe-s", type=float, default=60.0, help="wait for 'all drawn'")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--tools", nargs="+", choices=TOOLS, default=list(TOOLS))
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-article", action="store_true", help="only the --sizes")
    parser.add_argument(
        "--browser-tools", nargs="+", choices=TOOLS, default=list(TOOLS), help="open these"
    )
    parser.add_argument("--no-floors", action="store_true", help="skip the floors")
    parser.add_argument(
        "--floors-only",
        action="store_true",
        help="measure only the floors, into the numbers saved in --json (the report of both)",
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="per build, seconds")
    parser.add_argument("--out", type=Path, default=common.ROOT / "output" / "bench.md")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--from-json", type=Path, help="only print the report of saved numbers")
    args = parser.parse_args(argv)
    if args.from_json:
        print(report(from_json(args.from_json)))
        return 0
    with tempfile.TemporaryDirectory(prefix="geo-peers-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.floors_only:
            if not (args.json and args.json.exists()):
                parser.error("--floors-only needs --json FILE with a saved run")
            results = from_json(args.json)
            results["floors"] = floors(args, work)
        else:
            results = run(args, work)
    text = report(results)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", "utf-8")
    return 0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace, work: Path) -> dict:
    """Build and measure every tool at every scale; return the raw numbers."""
    import baseline
    import scale

    out: dict = {"machine": common.machine_note(), "scales": {}, "args": vars(args)}
    folders = {} if args.no_article else {ARTICLE: common.ROOT / "data"}
    for n in args.sizes:
        log(f"synthetic data, {n:,} relations ...")
        folders[n] = scale.synthetic_data(work / f"data-{n}", n, seed=SEED)
    for n, data in folders.items():
        anchors = baseline.anchors_csv(data, work / f"anchors-{n}.csv")
        layers = peers.features(data, peers.read_anchors(anchors))
        pages = {tool: work / f"{tool}-{n}.html" for tool in args.tools}
        commands = {tool: build_command(tool, data, anchors, pages[tool]) for tool in args.tools}
        runs = args.runs_10k if n >= 10_000 else args.runs
        log(f"{n:,} relations: building each map {runs} times (+1 warm-up), interleaved ...")
        builds = common.interleaved_builds(commands, runs, timeout=args.timeout)
        scale_out: dict = {"counts": peers.counts(layers), "tools": {}}
        for tool in args.tools:
            b = builds[tool]
            entry: dict = {"build_s": b.seconds, "peak_mib": b.peak_mib, "failed": b.failed}
            if pages[tool].exists() and not b.failed:
                entry["html_bytes"], entry["gzip_bytes"] = common.html_sizes(pages[tool])
                if not args.no_browser and tool in args.browser_tools:
                    log(f"{n:,} relations: Chromium, {tool} ...")
                    entry["browser"] = measure(tool, pages[tool], scale_out["counts"], args)
            scale_out["tools"][tool] = entry
        out["scales"][n] = scale_out
    if not args.no_floors:
        out["floors"] = floors(args, work)
    return out


def build_command(tool: str, data: Path, anchors: Path, page: Path) -> list[str]:
    if tool == "geo":
        return [common.PYTHON, "-m", "geo", "build", "--data", str(data), "--out", str(page)]
    script = str(Path(peers.__file__).resolve())
    return [
        common.PYTHON,
        script,
        tool,
        "--data",
        str(data),
        "--anchors",
        str(anchors),
        "--out",
        str(page),
    ]


# --- the browser ---------------------------------------------------------------------------

# Per tool: a JavaScript expression, true once everything is drawn (geo: its features on the
# map; plotly: its SVG paths). pydeck's is set from deck.gl's own render callback (HOOK_JS).
ALL_DRAWN = {
    "geo": "Object.entries(__WANT__).every(([s, n]) => (__ON_MAP__)(s) >= n)",
    "plotly": "document.querySelectorAll('path.choroplethlocation').length >= __POLYS__"
    " && document.querySelectorAll('.scattergeo path.js-line').length >= 2",
    "pydeck": "W.allRender !== undefined",
    "kepler": "!!document.querySelector('.kepler-gl canvas, #app canvas')",
    "lonboard": "!!document.querySelector('.lonboard canvas, .widget-subarea canvas')",
    "leaflet": "!!document.querySelector('.leaflet-control-zoom-in')",
    "leaflet-lines": "window.__lines !== undefined",
}

# deck.gl (pydeck's `deckInstance`): note the first frame it renders, and the first one
# rendered with every layer loaded.
HOOK_JS = """if (!W.hooked && typeof deckInstance !== 'undefined' && deckInstance) {
    W.hooked = true;
    deckInstance.setProps({onAfterRender: () => {
      const t = performance.now();
      if (W.firstRender === undefined) W.firstRender = t;
      const ls = deckInstance.layerManager ? deckInstance.layerManager.getLayers() : [];
      if (W.allRender === undefined && ls.length >= __LAYERS__ && ls.every(l => l.isLoaded))
        W.allRender = t;
    }});
  }"""

OBSERVE_JS = """(() => {
  const W = window.__bench = {};
  const drawn = () => { try { return __ALL__; } catch (e) { return false; } };
  const check = () => {
    __HOOK__
    if (W.all === undefined && drawn()) {
      W.all = performance.now();
      clearInterval(timer);
      if (obs) obs.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => {
        W.frames = performance.now(); }));
    }
  };
  let obs = null;
  const timer = setInterval(check, 2);
  const watch = () => { obs = new MutationObserver(check);
    obs.observe(document, {childList: true, subtree: true}); };
  watch();
})();"""

MARKS_JS = """() => ({...window.__bench,
  fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,
  webgl: (() => { const c = document.createElement('canvas').getContext('webgl');
    const x = c && c.getExtension('WEBGL_debug_renderer_info');
    return x ? c.getParameter(x.UNMASKED_RENDERER_WEBGL) : (c ? 'webgl' : 'none'); })(),
  centre: (() => { const e = document.elementFromPoint(__X__, __Y__);
    return e ? e.tagName.toLowerCase() + '.' + String(e.className.baseVal ?? e.className)
      .split(' ')[0] : ''; })()})"""

FRAMES_START = """() => { window.__pan = {times: [], on: true};
  const tick = t => { window.__pan.times.push(t);
    if (window.__pan.on) requestAnimationFrame(tick); };
  requestAnimationFrame(tick); }"""
FRAMES_STOP = """() => { window.__pan.on = false; const t = window.__pan.times;
  return t.slice(1).map((x, i) => x - t[i]); }"""


def observe_js(tool: str, counts: dict[str, int], want: dict[str, int] | None) -> str:
    drawn = (
        ALL_DRAWN[tool]
        .replace("__WANT__", json.dumps(want or {}))
        .replace("__ON_MAP__", common.ON_MAP)
        .replace("__POLYS__", str(counts["partners"] + counts["disputes"]))
    )
    hook = HOOK_JS.replace("__LAYERS__", str(len(peers.LAYERS))) if tool == "pydeck" else ""
    return OBSERVE_JS.replace("__ALL__", drawn).replace("__HOOK__", hook)


def _offline_context(browser: object) -> tuple[object, list[str]]:
    context = browser.new_context(viewport=common.VIEWPORT)  # type: ignore[attr-defined]
    blocked: list[str] = []

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if url.startswith(("file:", "data:", "about:", "blob:")):
            r.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(url)
            r.abort()  # type: ignore[attr-defined]

    context.route("**/*", route)  # type: ignore[attr-defined]
    return context, blocked


def blank_share(png: bytes) -> float:
    """Share of pixels that differ from the commonest colour of a screenshot."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    colours = img.getcolors(img.width * img.height) or []
    return 1 - max(c for c, _ in colours) / (img.width * img.height)


from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402


def load_once(browser: object, tool: str, uri: str, script: str, rate: int, timeout_ms: float):
    """One load in a fresh context: (marks, page, context); the caller closes the context."""
    context, blocked = _offline_context(browser)
    context.add_init_script(script)  # type: ignore[attr-defined]
    page = context.new_page()  # type: ignore[attr-defined]
    page.set_default_timeout(timeout_ms)
    if rate != 1:
        cdp = context.new_cdp_session(page)  # type: ignore[attr-defined]
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    page.goto(uri, wait_until="load", timeout=timeout_ms)
    try:
        page.wait_for_function(
            "window.__bench && window.__bench.frames !== undefined", timeout=timeout_ms
        )
    except PlaywrightTimeout:
        return {"timeout": True, "blocked": blocked}, page, context
    x, y = common.VIEWPORT["width"] // 2, common.VIEWPORT["height"] // 2
    marks = page.evaluate(MARKS_JS.replace("__X__", str(x)).replace("__Y__", str(y)))
    marks["blocked"] = blocked
    return marks, page, context


def first_paint(marks: dict) -> float | None:
    return marks.get("fcp") if marks.get("fcp") is not None else marks.get("firstRender")


def all_drawn(marks: dict) -> float:
    """When the complete state was first on screen (as ``common.measure_page`` defines it)."""
    fcp = marks.get("fcp")
    return fcp if fcp is not None and fcp >= marks["all"] else marks["frames"]


def pan(page: object) -> list[float]:
    """Frame gaps (ms) over four mouse drags across the middle of the map."""
    x, y = common.VIEWPORT["width"] // 2, common.VIEWPORT["height"] // 2
    mouse = page.mouse  # type: ignore[attr-defined]
    page.evaluate(FRAMES_START)  # type: ignore[attr-defined]
    start = time.monotonic()
    for dx, dy in ((300, 80), (-300, -80), (-300, 80), (300, -80)):
        if time.monotonic() - start > PAN_BUDGET_S:
            break  # a page this slow has already shown its longest frames
        mouse.move(x, y)
        mouse.down()
        mouse.move(x + dx, y + dy, steps=PAN_STEPS)
        mouse.up()
        page.wait_for_timeout(150)  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    return page.evaluate(FRAMES_STOP)  # type: ignore[attr-defined]


def geo_want(browser: object, uri: str, timeout_ms: float) -> dict[str, int]:
    """Features per layer shown at open, from the page itself (``common.PROBE_JS``)."""
    context, _ = _offline_context(browser)
    page = context.new_page()  # type: ignore[attr-defined]
    page.goto(uri, wait_until="load", timeout=timeout_ms)
    probe = page.evaluate(common.PROBE_JS)
    context.close()  # type: ignore[attr-defined]
    return {la["slug"]: la["count"] for la in probe["layers"] if la["on"] and la["count"]}


def measure(tool: str, path: Path, counts: dict[str, int], args: argparse.Namespace) -> dict:
    """Probe (renders offline?), then timed loads, throttled loads and pans."""
    from playwright.sync_api import sync_playwright

    uri = path.resolve().as_uri()
    probe_ms = args.probe_s * 1000
    res: dict = {"first_ms": [], "all_ms": [], "first_4x_ms": [], "all_4x_ms": [], "pan_ms": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=common.CHROMIUM, args=common.CHROMIUM_ARGS)
        try:
            want = geo_want(browser, uri, probe_ms) if tool == "geo" else None
            script = observe_js(tool, counts, want)
            marks, page, context = load_once(browser, tool, uri, script, 1, probe_ms)
            shot = page.screenshot()  # type: ignore[attr-defined]
            context.close()  # type: ignore[attr-defined]
            res["blocked_hosts"] = sorted({u.split("/")[2] for u in marks["blocked"]})
            res["drawn_share"] = blank_share(shot)
            if marks.get("timeout"):
                res["renders"] = False
                res["why"] = f"nothing drawn in {args.probe_s:.0f} s"
                return res
            res["webgl"], res["centre"] = marks["webgl"], marks["centre"]
            # (the blank Leaflet floor page is one grey field with a zoom control)
            res["renders"] = tool.startswith("leaflet") or res["drawn_share"] > 0.01
            if not res["renders"]:
                res["why"] = f"blank screenshot ({res['drawn_share']:.2%} drawn)"
                return res
            for rate, n, keys in (
                (1, args.browser_runs, ("first_ms", "all_ms")),
                (THROTTLE, args.throttled_runs, ("first_4x_ms", "all_4x_ms")),
            ):
                for _ in range(n):
                    marks, page, context = load_once(browser, tool, uri, script, rate, 600_000)
                    if marks.get("timeout"):  # not drawn in 10 minutes: say so, go on
                        context.close()  # type: ignore[attr-defined]
                        res.setdefault("timeouts", []).append(rate)
                        continue
                    res[keys[0]].append(first_paint(marks))
                    res[keys[1]].append(all_drawn(marks))
                    if rate == 1:
                        res["pan_ms"] += pan(page)
                    context.close()  # type: ignore[attr-defined]
        finally:
            browser.close()
    return res


# --- floors: what stops a goal that is missed --------------------------------------------

IMPORTS = "import pandas, geopandas, shapely, pandera, folium"


#: The script of :func:`blank_leaflet`'s page, which the floor pages replace.
BLANK_SCRIPT = "<script>L.map('map').setView([40, 115], 3);</script>"


def blank_leaflet(path: Path) -> Path:
    """A page with Leaflet inlined (from xstatic-leaflet, as geo's) and an empty map."""
    import xstatic.pkg.leaflet as xleaflet

    base = Path(xleaflet.BASE_DIR)
    js = (base / "leaflet.js").read_text("utf-8")
    css = (base / "leaflet.css").read_text("utf-8")
    path.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        + css
        + "html,body,#map{margin:0;height:100%}</style><script>"
        + js
        + "</script></head>"
        "<body><div id='map'></div>" + BLANK_SCRIPT + "</body></html>",
        encoding="utf-8",
    )
    return path


def lines_leaflet(path: Path, data: Path, anchors: Path) -> tuple[Path, int]:
    """The least a Leaflet page showing ``data``'s relations does: Leaflet inlined, one
    canvas, and each relation one plain polyline between its stops (straight, as the peers
    draw them; geo draws great circles with more vertices), nothing else; the page and how
    many lines it draws. It sets ``window.__lines`` once every line is added."""
    layers = peers.features(data, peers.read_anchors(anchors))
    lines = [
        [[lat, lon] for lon, lat in f["geometry"]["coordinates"]]
        for f in layers["relations"]["features"]
    ]
    blank_leaflet(path)
    script = (
        "<script>const LINES=" + json.dumps(lines, separators=(",", ":")) + ";"
        "const map=L.map('map',{preferCanvas:true}).setView([40,115],3);"
        "const r=L.canvas();"
        "for(const c of LINES)L.polyline(c,{renderer:r,weight:1.5,color:'#5a5a5a'}).addTo(map);"
        "window.__lines=LINES.length;</script>"
    )
    page = path.read_text("utf-8").replace(BLANK_SCRIPT, script)
    path.write_text(page, encoding="utf-8")
    return path, len(lines)


def basemap_leaflet(path: Path) -> Path:
    """A page with Leaflet inlined and only the basemap: ``data/derived/countries.geojson``
    (the outlines geo draws) as one ``L.geoJSON`` layer in SVG, nothing else. It sets
    ``window.__lines`` once the layer is on the map."""
    outlines = (common.ROOT / "data" / "derived" / "countries.geojson").read_text("utf-8")
    blank_leaflet(path)
    script = (
        "<script>const C=" + outlines + ";const map=L.map('map').setView([40,115],3);"
        "L.geoJSON(C,{style:{color:'#999',weight:0.6,fillColor:'#eee',fillOpacity:1}})"
        ".addTo(map);window.__lines=C.features.length;</script>"
    )
    page = path.read_text("utf-8").replace(BLANK_SCRIPT, script)
    path.write_text(page, encoding="utf-8")
    return path


#: What a build must do before any map work: import, read and validate every input (the
#: product validates on every build), as one process.
VALIDATE = "from geo import pipeline; pipeline.source_data({data!r})"


def floors(args: argparse.Namespace, work: Path) -> dict:
    """What stops the goals that are missed, measured: the third-party imports of a build
    against plotly's whole build (interleaved); at 10,000 relations, importing, reading and
    validating the inputs against kepler.gl's whole build (interleaved); a blank Leaflet
    page (bytes, first paint at 1× and 4×) and one with only the basemap (all drawn at 1×
    and 4×); Leaflet alone drawing the 10,000 relations' lines (all drawn, pan frames)."""
    import baseline
    import scale

    data = common.ROOT / "data"
    anchors = baseline.anchors_csv(data, work / "anchors-floor.csv")
    commands = {
        "imports": [common.PYTHON, "-c", IMPORTS],
        "plotly": build_command("plotly", data, anchors, work / "plotly-floor.html"),
    }
    log("floors: imports against plotly's build, interleaved ...")
    builds = common.interleaved_builds(commands, args.runs)
    out: dict = {name: b.seconds for name, b in builds.items()}
    big = work / "data-10000"
    if not (work / "anchors-10000.csv").exists():
        scale.synthetic_data(big, 10_000, seed=SEED)
        baseline.anchors_csv(big, work / "anchors-10000.csv")
    commands = {
        "validate_10k": [common.PYTHON, "-c", VALIDATE.format(data=str(big))],
        "kepler_10k": build_command(
            "kepler", big, work / "anchors-10000.csv", work / "kepler-floor.html"
        ),
    }
    log("floors: 10,000 relations imported, read and validated against kepler.gl's build ...")
    builds = common.interleaved_builds(commands, args.runs, timeout=args.timeout)
    out.update({name: b.seconds for name, b in builds.items()})
    page = blank_leaflet(work / "leaflet.html")
    out["leaflet_bytes"], out["leaflet_gzip"] = common.html_sizes(page)
    if not args.no_browser:
        none = {"partners": 0, "disputes": 0}
        log("floors: a blank Leaflet page in Chromium ...")
        out["leaflet"] = measure("leaflet", page, none, args)
        log("floors: Leaflet with only the basemap ...")
        basemap = basemap_leaflet(work / "basemap.html")
        out["basemap"] = measure("leaflet-lines", basemap, none, args)
        log("floors: Leaflet alone drawing the 10,000 relations' lines ...")
        lines, out["lines_n"] = lines_leaflet(work / "lines.html", big, work / "anchors-10000.csv")
        out["lines"] = measure("leaflet-lines", lines, none, args)
    return out


# --- the report ----------------------------------------------------------------------------


def _num(values: list) -> float:
    vals = [v for v in values if v is not None]
    return median(vals) if vals else float("nan")


def _cell(value: float, fmt: str, geo: float | None) -> str:
    if value != value:  # NaN
        return "n/a"
    text = fmt.format(value)
    if geo is not None and geo == geo and value:
        text += f" ({geo / value:.2f}×)"
    return text


def report(r: dict) -> str:  # long because: one table row per tool and scale, then the goals
    lines = [
        "## Benchmark: geo against plotly, pydeck, kepler.gl and lonboard",
        "",
        f"Machine: {r['machine']}. Builds: whole processes, interleaved, median of "
        f"{r['args']['runs']} (of {r['args']['runs_10k']} at 10,000 relations and more) "
        f"after a warm-up round. Chromium: network blocked, median of "
        f"{r['args']['browser_runs']} loads ({r['args']['throttled_runs']} at "
        f"{THROTTLE}× CPU throttling). In brackets: geo ÷ tool.",
        "",
    ]
    rows = []
    webgl = ""
    for n, s in r["scales"].items():
        tools = s["tools"]
        g = tools.get("geo", {})
        gb = g.get("browser", {})
        geo_vals = {
            "build": median(g.get("build_s", [])) if g.get("build_s") else None,
            "html": g.get("html_bytes"),
            "gzip": g.get("gzip_bytes"),
            "first": _num(gb.get("first_ms", [])),
            "all": _num(gb.get("all_ms", [])),
            "first4": _num(gb.get("first_4x_ms", [])),
            "all4": _num(gb.get("all_4x_ms", [])),
        }
        for tool, e in tools.items():
            ref = None if tool == "geo" else geo_vals
            b = e.get("browser", {})
            if b.get("webgl") and "SwiftShader" in b["webgl"]:
                webgl = b["webgl"]
            if e.get("failed"):
                rows.append([f"{int(n):,}", NAMES[tool], f"failed: {e['failed'][:80]}"] + [""] * 9)
                continue
            if not b:
                offline = "not measured"
            elif b.get("renders"):
                hosts = ", ".join(b.get("blocked_hosts", []))
                offline = f"yes (without {hosts})" if hosts else "yes"
                if b.get("timeouts"):
                    offline += f"; {len(b['timeouts'])} load(s) not drawn in 10 min"
            else:
                hosts = ", ".join(b.get("blocked_hosts", [])) or b.get("why", "")
                offline = f"no: {b.get('why', '')}" + (
                    f"; blocked {hosts}" if b.get("blocked_hosts") else ""
                )
            pans = sorted(b.get("pan_ms", []))
            rows.append(
                [
                    f"{int(n):,}",
                    NAMES[tool],
                    _cell(median(e["build_s"]), "{:.2f} s", ref and ref["build"]),
                    _cell(e.get("html_bytes", float("nan")), "{:,.0f}", ref and ref["html"]),
                    _cell(e.get("gzip_bytes", float("nan")), "{:,.0f}", ref and ref["gzip"]),
                    offline,
                    _cell(_num(b.get("first_ms", [])), "{:,.0f} ms", ref and ref["first"]),
                    _cell(_num(b.get("all_ms", [])), "{:,.0f} ms", ref and ref["all"]),
                    _cell(_num(b.get("first_4x_ms", [])), "{:,.0f} ms", ref and ref["first4"]),
                    _cell(_num(b.get("all_4x_ms", [])), "{:,.0f} ms", ref and ref["all4"]),
                    f"{pans[-1]:,.0f} / {median(pans):,.0f} ms" if pans else "n/a",
                ]
            )
    lines.append(
        table(
            [
                "relations",
                "tool",
                "build",
                "HTML bytes",
                "gzip bytes",
                "renders offline",
                "first paint",
                "all drawn",
                f"first paint, {THROTTLE}×",
                f"all drawn, {THROTTLE}×",
                "pan frames: longest / median",
            ],
            rows,
        )
    )
    if webgl:
        lines += ["", f"WebGL in headless Chromium: {webgl} (software)."]
    lines += ["", goals(r)]
    return "\n".join(lines)


def _verdict(ok: bool | None) -> str:
    return "n/a (not measured)" if ok is None else ("met" if ok else "**missed**")


def floor_notes(f: dict) -> dict[str, str]:
    """The measured floor under each kind of goal, as text ("" where none was measured)."""
    notes = {
        "build": "",
        "build_10k": "",
        "paint": "",
        "paint_4x": "",
        "bytes": "",
        "lines": "",
        "pan": "no floor measured",
    }
    imports, plotly = median(f.get("imports", [])), median(f.get("plotly", []))
    if imports == imports and plotly == plotly:
        notes["build"] = (
            f'`python -c "{IMPORTS}"` alone: {imports:.2f} s, {imports / plotly:.2f}× '
            f"plotly's whole build ({plotly:.2f} s, same rounds)"
        )
    checked, kepler = median(f.get("validate_10k", [])), median(f.get("kepler_10k", []))
    if checked == checked and kepler == kepler:
        notes["build_10k"] = (
            f"importing, reading and validating the 10,000 relations' inputs alone (no map "
            f"work): {checked:.2f} s, {checked / kepler:.2f}× kepler.gl's whole build "
            f"({kepler:.2f} s, same rounds)"
        )
    leaf = f.get("leaflet") or {}
    first, first4 = _num(leaf.get("first_ms", [])), _num(leaf.get("first_4x_ms", []))
    if first == first:
        notes["paint"] = notes["paint_4x"] = (
            f"a blank Leaflet page (Leaflet inlined, no layers) first paints in {first:,.0f} ms"
            f" ({first4:,.0f} ms at {THROTTLE}×)"
        )
    base = f.get("basemap") or {}
    if base.get("all_ms"):
        drawn = "Leaflet with only the basemap (derived/countries.geojson, SVG) is all drawn in "
        notes["paint"] = f"{drawn}{_num(base['all_ms']):,.0f} ms; " + notes["paint"]
        notes["paint_4x"] = (
            f"{drawn}{_num(base.get('all_4x_ms', [])):,.0f} ms at {THROTTLE}×; "
            + notes["paint_4x"]
        )
    lines = f.get("lines") or {}
    if lines.get("all_ms"):
        pans = lines.get("pan_ms", [])
        notes["lines"] = (
            f"Leaflet alone drawing the {f['lines_n']:,} relations as plain 2–3-point lines on "
            f"one canvas (nothing else on the page): all drawn in "
            f"{_num(lines['all_ms']):,.0f} ms"
        )
        notes["pan"] = (
            f"the same Leaflet-only page: longest pan frame {max(pans):,.0f} ms"
            if pans
            else "no floor measured"
        )
    if f.get("leaflet_bytes"):
        notes["bytes"] = (
            f"Leaflet inlined alone: {f['leaflet_bytes']:,} bytes ({f['leaflet_gzip']:,} gzip)"
        )
    return notes


def goals(r: dict) -> str:  # long because: eight goals, each measured, judged and floored
    """The issue's goals for the article's map and for 10,000 relations, met or missed, and
    for each one missed the measured floor under it."""
    scales = {int(n): s["tools"] for n, s in r["scales"].items()}
    art, big = scales.get(ARTICLE, {}), scales.get(10_000, {})
    notes = floor_notes(r.get("floors", {}))

    def b_s(tools: dict, tool: str) -> float | None:
        runs = tools.get(tool, {}).get("build_s")
        return median(runs) if runs else None

    def br(tools: dict, key: str) -> float | None:
        vals = [v for v in tools.get("geo", {}).get("browser", {}).get(key, []) if v is not None]
        return median(vals) if vals else None

    def row(goal: str, measured: str, ok: bool | None, floor: str) -> list[str]:
        return [goal, measured, _verdict(ok), floor if ok is False else ""]

    geo_b, plotly_b = b_s(art, "geo"), b_s(art, "plotly")
    ratio = geo_b / plotly_b if geo_b and plotly_b else None
    rows = [
        row(
            "article: build < 1.5× plotly's",
            f"{ratio:.2f}× ({geo_b:.2f} s vs {plotly_b:.2f} s)" if ratio else "n/a",
            ratio < GOALS_ARTICLE["build_vs_plotly"] if ratio else None,
            notes["build"],
        )
    ]
    for label, key, goal, floor in (
        ("article: all drawn ≤ 250 ms", "all_ms", GOALS_ARTICLE["paint_ms"], notes["paint"]),
        (
            f"article: all drawn ≤ 1 s at {THROTTLE}×",
            "all_4x_ms",
            GOALS_ARTICLE["paint_4x_ms"],
            notes["paint_4x"],
        ),
    ):
        v = br(art, key)
        rows.append(row(label, f"{v:,.0f} ms" if v else "n/a", v <= goal if v else None, floor))
    size = art.get("geo", {}).get("html_bytes")
    rows.append(
        row(
            "article: page ≤ 400,000 bytes",
            f"{size:,}" if size else "n/a",
            size <= GOAL_ARTICLE_BYTES if size else None,
            notes["bytes"]
            + (
                " (under the goal: no floor stops this one)"
                if r.get("floors", {}).get("leaflet_bytes", GOAL_ARTICLE_BYTES + 1)
                <= GOAL_ARTICLE_BYTES
                else ""
            ),
        )
    )
    geo_b, kepler_b = b_s(big, "geo"), b_s(big, "kepler")
    rows.append(
        row(
            "10,000: build < kepler.gl's",
            f"{geo_b:.2f} s vs {kepler_b:.2f} s" if geo_b and kepler_b else "n/a",
            geo_b < kepler_b if geo_b and kepler_b else None,
            notes["build_10k"] or notes["build"],
        )
    )
    v = br(big, "all_ms")
    rows.append(
        row(
            "10,000: all drawn < 600 ms",
            f"{v:,.0f} ms" if v else "n/a",
            v < GOALS_10K["all_drawn_ms"] if v else None,
            notes["lines"] or notes["paint"],
        )
    )
    pans = big.get("geo", {}).get("browser", {}).get("pan_ms", [])
    rows.append(
        row(
            "10,000: longest pan frame < 50 ms",
            f"{max(pans):,.0f} ms" if pans else "n/a",
            max(pans) < GOALS_10K["pan_frame_ms"] if pans else None,
            notes["pan"],
        )
    )
    size = big.get("geo", {}).get("html_bytes")
    rows.append(
        row(
            "10,000: page < 8,000,000 bytes",
            f"{size:,}" if size else "n/a",
            size < GOALS_10K["html_bytes"] if size else None,
            notes["bytes"],
        )
    )
    return "### Goals (issue 18)\n\n" + table(["goal", "geo", "", "measured floor"], rows)


def from_json(path: Path) -> dict:
    """Numbers saved by ``--json``, with the scales' keys as numbers again."""
    r = json.loads(path.read_text("utf-8"))
    r["scales"] = {int(n): s for n, s in r["scales"].items()}
    return r


if __name__ == "__main__":
    sys.exit(main())
