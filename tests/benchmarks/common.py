"""Shared measuring tools of the benchmarks: whole-process builds, page sizes, Chromium timings.

Nothing here asserts: every function measures and returns numbers (or says why it cannot).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the tests' own launch settings)

PYTHON = sys.executable
VIEWPORT = {"width": 1400, "height": 900}


# --- builds ----------------------------------------------------------------------------------


@dataclass
class BuildRuns:
    """Wall times (s) and peak resident memory (MiB) of repeated whole-process builds."""

    command: list[str]
    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)
    failed: str = ""

    @property
    def median_s(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def peak_mib_max(self) -> float:
        return max(self.peak_mib) if self.peak_mib else float("nan")


def run_process(
    command: Sequence[str], *, timeout: float | None = None, cwd: Path = ROOT
) -> tuple[float, float, int, str]:
    """Run ``command`` once; return (wall seconds, peak RSS MiB, exit code, stderr tail).

    The peak RSS is this child's own ``ru_maxrss`` (from ``os.wait4``), not the running
    maximum over every child that ``RUSAGE_CHILDREN`` gives. A run past ``timeout`` seconds
    is killed and reported with exit code -9 and "timed out".
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(command), cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(timeout, proc.kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            if timer:
                timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-4000:].decode("utf-8", "replace")
    if code == -9 and timeout and seconds >= timeout:
        tail += "\ntimed out"
    return seconds, usage.ru_maxrss / 1024, code, tail


def repeat_build(
    command: Sequence[str], runs: int, *, timeout: float | None = None, warmup: int = 1
) -> BuildRuns:
    """Run a build ``warmup`` times untimed (to fill the OS file cache), then ``runs`` times."""
    result = BuildRuns(list(command))
    for i in range(warmup + runs):
        seconds, peak, code, err = run_process(command, timeout=timeout)
        if code != 0:
            result.failed = f"exit {code}: {err.strip().splitlines()[-1] if err.strip() else ''}"
            return result
        if i >= warmup:
            result.seconds.append(seconds)
            result.peak_mib.append(peak)
    return result


def interleaved_builds(
    commands: dict[str, Sequence[str]], runs: int, *, timeout: float | None = None
) -> dict[str, BuildRuns]:
    """Run every command once per round, ``runs`` rounds (plus one untimed warm-up round).

    Interleaving spreads the noise of a shared machine over both sides instead of letting
    a busy minute land on one of them.
    """
    results = {name: BuildRuns(list(cmd)) for name, cmd in commands.items()}
    for i in range(runs + 1):
        for name, cmd in commands.items():
            res = results[name]
            if res.failed:
                continue
            seconds, peak, code, err = run_process(cmd, timeout=timeout)
            if code != 0:
                tail = err.strip().splitlines()[-1] if err.strip() else ""
                res.failed = f"exit {code}: {tail}"
            elif i > 0:
                res.seconds.append(seconds)
                res.peak_mib.append(peak)
    return results


# --- sizes -----------------------------------------------------------------------------------


def html_sizes(path: Path) -> tuple[int, int]:
    """(bytes, gzip -6 bytes) of a file."""
    raw = path.read_bytes()
    return len(raw), len(gzip.compress(raw, 6))


def external_assets(path: Path) -> list[str]:
    """URLs of scripts and stylesheets the page loads from the network."""
    html = path.read_text(encoding="utf-8")
    return re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', html)


# --- browser ---------------------------------------------------------------------------------

SLUG = "(name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')"

# How many features of layer `slug` are on the map: Leaflet layers whose className holds
# `geo-<slug>`. The same count whether they are SVG paths (one DOM element each) or drawn on
# a canvas (no element of their own).
ON_MAP = """(s) => {
  const el = document.querySelector('.folium-map'), map = el && window[el.id];
  if (!map || !map.eachLayer) return 0;
  let n = 0;
  map.eachLayer(l => {
    const c = l.options && l.options.className;
    if (typeof c === 'string' && c.split(' ').includes('geo-' + s)) n++;
  });
  return n;
}"""

# Layer names, whether each is on, and how many features each puts on the map when on.
PROBE_JS = """() => {
  const slug = __SLUG__, count = __ON_MAP__;
  const out = {leaflet: typeof L !== 'undefined', layers: []};
  const sel = '.leaflet-control-layers-base label, .leaflet-control-layers-overlays label';
  for (const label of document.querySelectorAll(sel)) {
    const input = label.querySelector('input');
    const name = label.textContent.trim();
    const overlay = input.type === 'checkbox';
    const on = input.checked;
    let n = count(slug(name));
    if (overlay && !on) { input.click(); n = count(slug(name)); input.click(); }
    out.layers.push({name, slug: slug(name), overlay, on, count: n});
  }
  return out;
}""".replace("__SLUG__", SLUG).replace("__ON_MAP__", ON_MAP)

# Installed before the page's own scripts: note when every layer shown at open has all its
# features on the map (checked on every DOM change and every 2 ms), then when that state was
# first painted. Chromium holds back the first paint while a page loads, so a frame callback
# is not a paint: if the first contentful paint came after the layers were in place, it is
# the time; otherwise the frame after next (two requestAnimationFrame callbacks).
OBSERVE_JS = """(() => {
  const want = __WANT__, count = __ON_MAP__;
  const ready = () => Object.entries(want).every(([s, n]) => count(s) >= n);
  window.__geo = {};
  const check = () => {
    if (window.__geo.dom === undefined && ready()) {
      window.__geo.dom = performance.now();
      obs.disconnect();
      clearInterval(timer);
      requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__geo.frames = performance.now(); }));
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(document, {childList: true, subtree: true});
  const timer = setInterval(check, 2);
})();""".replace("__ON_MAP__", ON_MAP)

TOGGLE_JS = """async ([name, slug, target]) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const label = [...document.querySelectorAll('.leaflet-control-layers-overlays label')]
    .find(l => l.textContent.trim() === name);
  const input = label.querySelector('input');
  const count = () => (__ON_MAP__)(slug);
  await frame(); await frame();
  const t0 = performance.now();
  input.click();
  while (count() !== target) { await new Promise(r => setTimeout(r, 0)); }
  const dom = performance.now() - t0;
  await frame();
  return {dom, painted: performance.now() - t0, on: input.checked};
}""".replace("__ON_MAP__", ON_MAP)


# Smoothness of panning: eight animated pans of 400 px; the gaps between animation frames
# over the whole sequence, including the redraw after each pan ends.
PAN_JS = """async () => {
  const el = document.querySelector('.folium-map'), map = window[el.id];
  const times = [];
  let running = true;
  const tick = t => { times.push(t); if (running) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  for (let i = 0; i < 8; i++) {
    const done = new Promise(r => map.once('moveend', r));
    map.panBy([i % 2 ? -400 : 400, i % 3 ? 100 : -100], {animate: true, duration: 0.4});
    await done;
    await new Promise(r => setTimeout(r, 50));
  }
  running = false;
  return times.slice(1).map((t, i) => t - times[i]);
}"""


@dataclass
class BrowserResult:
    """Chromium timings of one page, or why there are none."""

    unavailable: str = ""
    layers: list[dict] = field(default_factory=list)
    load_dom_ms: list[float] = field(default_factory=list)
    load_painted_ms: list[float] = field(default_factory=list)
    load_event_ms: list[float] = field(default_factory=list)
    toggles: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    pan_frame_ms: list[float] = field(default_factory=list)


def _offline(context: object) -> list[str]:
    blocked: list[str] = []

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if url.startswith(("file:", "data:", "about:")):
            r.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(url)
            r.abort()  # type: ignore[attr-defined]

    context.route("**/*", route)  # type: ignore[attr-defined]
    return blocked


def measure_page(
    path: Path, runs: int, *, toggles: bool = True, timeout_ms: float = 120_000
) -> BrowserResult:
    """Open ``path`` (file://, network blocked) ``runs`` times in headless Chromium.

    Each run gets a fresh browser context. Load time: from navigation start until every
    layer shown at open has all its features (class ``geo-<slug>``) on the map (``dom``), and
    until that was first painted (``painted``: see ``OBSERVE_JS``). Toggle time: from
    clicking a layer's checkbox until its features are all off or all back on the map
    (``dom``) and until the next frame has been produced (``painted``);
    each overlay is switched away from and back to its state at open. Then the gaps between
    animation frames while the map pans (``PAN_JS``).
    """
    from playwright.sync_api import sync_playwright

    result = BrowserResult()
    uri = path.resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            blocked = _offline(context)
            page = context.new_page()
            page.set_default_timeout(timeout_ms)
            page.goto(uri, wait_until="load", timeout=timeout_ms)
            probe = page.evaluate(PROBE_JS)
            context.close()
            if not probe["leaflet"] or not probe["layers"]:
                hosts = sorted({u.split("/")[2] for u in blocked})
                result.unavailable = (
                    "Leaflet never loaded: the page needs CDN assets "
                    f"({len(blocked)} requests to {', '.join(hosts) or 'none'}) and the "
                    "network is unreachable here (the benchmark also blocks it)"
                )
                return result
            result.layers = probe["layers"]
            if not any(layer["count"] for layer in result.layers):
                result.unavailable = "no `geo-<slug>` features found on the map"
                return result
            want = {la["slug"]: la["count"] for la in result.layers if la["on"] and la["count"]}
            for _ in range(runs):
                context = browser.new_context(viewport=VIEWPORT)
                _offline(context)
                context.add_init_script(OBSERVE_JS.replace("__WANT__", json.dumps(want)))
                page = context.new_page()
                page.set_default_timeout(timeout_ms)
                page.goto(uri, wait_until="load", timeout=timeout_ms)
                page.wait_for_function(
                    "window.__geo && window.__geo.frames !== undefined", timeout=timeout_ms
                )
                marks = page.evaluate("""() => ({...window.__geo,
                    fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {})
                      .startTime,
                    load: performance.getEntriesByType('navigation')[0].loadEventEnd})""")
                fcp = marks.get("fcp")
                painted = fcp if fcp is not None and fcp >= marks["dom"] else marks["frames"]
                result.load_dom_ms.append(marks["dom"])
                result.load_painted_ms.append(painted)
                result.load_event_ms.append(marks["load"])
                if toggles:
                    _toggle_round(page, result)
                result.pan_frame_ms += page.evaluate(PAN_JS)
                context.close()
        finally:
            browser.close()
    return result


def _toggle_round(page: object, result: BrowserResult) -> None:
    for layer in result.layers:
        if not layer["overlay"]:
            continue
        first, second = ("off", "on") if layer["on"] else ("on", "off")
        for state in (first, second):
            target = layer["count"] if state == "on" else 0
            t = page.evaluate(TOGGLE_JS, [layer["name"], layer["slug"], target])  # type: ignore[attr-defined]
            rec = result.toggles.setdefault(layer["name"], {})
            rec.setdefault(f"{state}_dom", []).append(t["dom"])
            rec.setdefault(f"{state}_painted", []).append(t["painted"])


# --- formatting ------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt_bytes(n: float) -> str:
    return f"{n:,.0f} B ({n / 1024:,.0f} KiB)"


def ratio(ours: float, base: float) -> str:
    if not base or base != base or ours != ours:  # zero or NaN
        return "n/a"
    return f"{ours / base:.2f}x"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; the first column left-aligned, the others right-aligned."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" + "---:|" * (len(header) - 1)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_note() -> str:
    """Where the numbers come from: CPU count, load average, Python, Chromium."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    try:
        chromium = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "chromium: unknown version"
    return (
        f"{os.cpu_count()} CPUs, load average {load}; Python {sys.version.split()[0]}; {chromium}"
    )
