"""Benchmark: two built pages side by side in Chromium, as ``peers_bench.py`` measures them.

    python tests/benchmarks/ab_pages.py BEFORE.html AFTER.html [--runs 21] [--throttled-runs 7]

Loads the two pages alternately (the order flips every round), offline, with the bench's
observer: "all drawn" at 1x and at 4x CPU throttling, and on each load of a page that has a
packed data block (``geo.payload.pack``), the time ``geo.unpack`` takes (mean of 5 calls).
Prints the medians and the ratio AFTER / BEFORE. Nothing is asserted; this is a report.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import peers_bench

UNPACK_JS = """() => {
  const block = document.querySelector('script.geo-data');
  if (!block || !window.geo || !geo.unpack) return null;
  const t0 = performance.now();
  for (let k = 0; k < 5; k++) geo.unpack(block);
  return (performance.now() - t0) / 5;
}"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs=2, type=Path, metavar="PAGE", help="before, after")
    parser.add_argument("--runs", type=int, default=21, help="loads of each page at 1x")
    parser.add_argument("--throttled-runs", type=int, default=7, help="loads of each at 4x")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    uris = [p.resolve().as_uri() for p in args.pages]
    times: list[dict[str, list[float]]] = [{"1x": [], "4x": [], "unpack": []} for _ in uris]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=common.CHROMIUM, args=common.CHROMIUM_ARGS)
        counts = {"partners": 0, "disputes": 0}  # only the peers' observers read these
        scripts = [
            peers_bench.observe_js("geo", counts, peers_bench.geo_want(browser, u, 60_000))
            for u in uris
        ]
        for rate, runs, key in ((1, args.runs, "1x"), (4, args.throttled_runs, "4x")):
            for i in range(runs):
                for j in (0, 1) if i % 2 == 0 else (1, 0):
                    marks, page, context = peers_bench.load_once(
                        browser, "geo", uris[j], scripts[j], rate, 600_000
                    )
                    times[j][key].append(peers_bench.all_drawn(marks))
                    unpack = page.evaluate(UNPACK_JS) if rate == 1 else None
                    if unpack is not None:
                        times[j]["unpack"].append(unpack)
                    context.close()
        browser.close()
    print("| page | all drawn | all drawn, 4× | unpacking |\n|---|---:|---:|---:|")
    for path, t in zip(args.pages, times, strict=True):
        cells = [f"{statistics.median(t[k]):,.0f} ms" if t[k] else "" for k in t]
        print(f"| {path} | " + " | ".join(cells) + " |")
    ratio = [
        f"{statistics.median(times[1][k]) / statistics.median(times[0][k]):.2f}×"
        for k in ("1x", "4x")
    ]
    print(f"| after ÷ before | {ratio[0]} | {ratio[1]} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
