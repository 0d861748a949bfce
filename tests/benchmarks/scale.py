"""Scaling run: the map built from 100, 1,000 and 10,000 synthetic relations.

    make bench-scale                            # = python tests/benchmarks/scale.py
    python tests/benchmarks/scale.py [--sizes 100 1000 10000] [--runs 3]
        [--browser-runs 3] [--no-browser] [--timeout 180] [--profile N] [--keep DIR]

For each size it copies ``data/`` to a temporary folder and replaces ``relations.csv`` with
generated rows that pass the project's validation like real data: kinds and statuses from
:mod:`geo.validate`, ISO 3166-1 alpha-3 codes of countries in
``data/derived/countries.geojson`` (every fourth row with Russia, every twentieth through a
transit country, trade and investment rows with values in half the cases), and as evidence
either a sentence appended to a synthetic article (its own ``documents.csv`` row) or
``source_url=https://example.org/synthetic``. It runs ``geo check`` on it, builds it
(``--runs`` whole processes) and opens the page in headless Chromium, then prints one
Markdown table. A build slower than ``--timeout`` seconds is stopped and profiled with
cProfile for that long instead; ``--profile N`` profiles the build of size N anyway.
Nothing is asserted; this is a report.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import median, table

from geo.validate import RELATION_COLUMNS

FIELDS = list(RELATION_COLUMNS)
DOC_ID = "synthetic"
DOC_FILE = "synthetic-article.txt"
DOC_TITLE = "Synthetic relations for the geo scaling benchmark"
URL = "https://example.org/synthetic"
FOCAL = "RUS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="timed builds per size")
    parser.add_argument("--browser-runs", type=int, default=3, help="page loads per size")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--timeout",
        type=float,
        default=180.0,
        help="stop (and profile) a build slower than this, seconds",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also print a cProfile summary of the build of size N",
    )
    parser.add_argument("--seed", type=int, default=20131112)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--profile-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.profile_child:
        data, out, seconds = args.profile_child
        return profile_build(Path(data), Path(out), float(seconds))
    with tempfile.TemporaryDirectory(prefix="geo-scale-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows = [measure(args, work, "real data", common.ROOT / "data")]
        for n in args.sizes:
            folder = synthetic_data(work / f"data-{n}", n, seed=args.seed)
            rows.append(measure(args, work, n, folder))
        print(report(rows))
    return 0


# --- data --------------------------------------------------------------------------------


def country_codes(data_dir: Path) -> list[str]:
    """ISO alpha-3 codes of the countries in the derived geometries, sorted."""
    from geo.validate import ISO3

    doc = json.loads((data_dir / "derived" / "countries.geojson").read_text(encoding="utf-8"))
    return sorted({f["properties"]["iso3"] for f in doc["features"]} & set(ISO3))


def synthetic_rows(
    n: int, codes: list[str], *, seed: int, claims: list[tuple[str, str]] = ()
) -> tuple[list[dict], list[str]]:
    """``n`` relation rows and the sentences they quote; a claim row is one of ``claims``
    (claimant, administrator) of ``disputes.csv``."""
    from geo.validate import KINDS, RELATION_STATUSES

    rng = random.Random(seed + n)
    others = [c for c in codes if c != FOCAL]
    rows, sentences = [], []
    for i in range(n):
        rid = f"syn{i:05d}"
        if i % 4 == 0:
            pair = [FOCAL, rng.choice(others)]
            rng.shuffle(pair)
            source, target = pair
        else:
            source, target = rng.sample(codes, 2)
        via = rng.choice([c for c in codes if c not in (source, target)]) if i % 20 == 19 else ""
        kind = rng.choice(KINDS)
        if kind == "dispute" and claims:  # a claim must reach a disputed territory (geo audit)
            source, target = rng.choice(claims)
            via = ""
        status = rng.choice(RELATION_STATUSES)
        row = dict.fromkeys(FIELDS, "")
        row.update(
            id=rid,
            kind=kind,
            source=source,
            target=target,
            via=via,
            status=status,
            year=str(rng.randint(1992, 2013)),
        )
        if kind in ("trade", "investment") and rng.random() < 0.5:
            row.update(value=f"{rng.uniform(0.1, 50):.1f}", unit="USD bn")
        if i % 2 == 0:
            sentence = f"Synthetic statement {rid}: {source} and {target}, {kind}, {status}."
            sentences.append(sentence)
            row.update(quote=sentence, source_doc=DOC_ID)
        else:
            row.update(source_url=URL)
        rows.append(row)
    return rows, sentences


def synthetic_data(folder: Path, n: int, *, seed: int) -> Path:
    """A copy of ``data/`` whose relations are ``n`` generated rows; return the folder."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(common.ROOT / "data", folder)
    with (folder / "disputes.csv").open(encoding="utf-8-sig", newline="") as f:
        claims = sorted(
            {
                (claimant, admin)
                for d in csv.DictReader(f)
                for claimant in d["claimed_by"].split(";")
                for admin in d["administered_by"].split(";")
                if claimant and admin and claimant != admin
            }
        )
    rows, sentences = synthetic_rows(n, country_codes(folder), seed=seed, claims=claims)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / "relations.csv").write_text(buf.getvalue(), encoding="utf-8")
    dropped = _drop_event_links(folder / "events.csv")
    _drop_story_links(folder / "story.csv", dropped, {r["id"] for r in rows})
    sources = folder / "sources"
    (sources / DOC_FILE).write_text(
        "\n".join([DOC_TITLE, "", *sentences]) + "\n", encoding="utf-8"
    )
    with (sources / "documents.csv").open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    doc = {
        "id": DOC_ID,
        "title": DOC_TITLE,
        "author": "geo benchmarks",
        "publication": "tests/benchmarks/scale.py",
        "published": "2013-11-12",
        "date_basis": "generated for the scaling benchmark",
        "path": DOC_FILE,
    }
    with (sources / "documents.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow([doc.get(h, "") for h in header])
    return folder


def _drop_event_links(path: Path) -> set[str]:
    """Keep only events that cite no relation (the others cite ids the synthetic rows lack);
    return the ids of the events dropped."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows, header = list(reader), reader.fieldnames or []
    _write_rows(path, header, [r for r in rows if not r["relations"]])
    return {r["id"] for r in rows if r["relations"]}


def _drop_story_links(path: Path, dropped: set[str], relation_ids: set[str]) -> None:
    """In the story's ``highlight`` and ``fit`` lists: the article's relation ``rNNN``
    becomes the synthetic ``syn{NNN-1:05d}`` (dropped if there is none), and the events
    dropped with their relations go."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows, header = list(reader), reader.fieldnames or []

    def swap(token: str) -> str:
        if token in dropped:
            return ""
        if token[:1] == "r" and token[1:].isdigit() and token not in relation_ids:
            syn = f"syn{int(token[1:]) - 1:05d}"
            return syn if syn in relation_ids else ""
        return token

    for row in rows:
        for column in ("highlight", "fit"):
            if row.get(column):
                row[column] = " ".join(filter(None, map(swap, row[column].split())))
    _write_rows(path, header, rows)


def _write_rows(path: Path, header: list[str] | tuple[str, ...], rows: list[dict]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


# --- measuring ---------------------------------------------------------------------------


def measure(args: argparse.Namespace, work: Path, label: object, data: Path) -> dict:
    """Check, build and open the map of ``data``; return the numbers for one table row."""
    print(f"{label}: check, build x{args.runs} ...", file=sys.stderr)
    out = work / f"map-{str(label).replace(' ', '-')}.html"
    row: dict = {"label": label, "data": str(data)}
    check_s, _, code, err = common.run_process(
        [common.PYTHON, "-m", "geo", "check", "--data", str(data)], timeout=args.timeout
    )
    row["check_s"] = check_s
    if code != 0:
        row["failed"] = f"geo check exit {code}: {err.strip()[-400:]}"
        return row
    builds = common.repeat_build(
        [common.PYTHON, "-m", "geo", "build", "--data", str(data), "--out", str(out)],
        args.runs,
        timeout=args.timeout,
        warmup=0,
    )
    row.update(build_s=builds.seconds, peak_mib=builds.peak_mib, failed=builds.failed)
    if builds.failed or args.profile == label:
        seconds = args.timeout if builds.failed else 10 * args.timeout
        print(f"{label}: profiling the build (up to {seconds:.0f} s) ...", file=sys.stderr)
        row["profile"] = run_profile(data, work / "profiled.html", seconds)
    if builds.failed:
        return row
    row["html_bytes"], row["gzip_bytes"] = common.html_sizes(out)
    if not args.no_browser:
        print(f"{label}: Chromium x{args.browser_runs} ...", file=sys.stderr)
        row["browser"] = vars(common.measure_page(out, args.browser_runs, timeout_ms=600_000))
    return row


def run_profile(data: Path, out: Path, seconds: float) -> str:
    """cProfile of one build, stopped after ``seconds``: the top of the cumulative list."""
    import subprocess

    proc = subprocess.run(
        [common.PYTHON, __file__, "--profile-child", str(data), str(out), str(seconds)],
        cwd=common.ROOT,
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    )
    return proc.stdout + proc.stderr[-2000:]


def profile_build(data: Path, out: Path, seconds: float) -> int:
    """Build under cProfile; after ``seconds`` stop, then print where the time went."""
    import cProfile
    import pstats
    import signal

    def stop(_signum: int, _frame: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    profiler = cProfile.Profile()
    note = "finished"
    profiler.enable()
    try:
        from geo.cli import main as geo_main

        geo_main(["build", "--data", str(data), "--out", str(out)])
    except TimeoutError:
        note = f"stopped after {seconds:.0f} s"
    finally:
        profiler.disable()
        signal.setitimer(signal.ITIMER_REAL, 0)
    print(f"cProfile of `geo build` ({note}), top 25 by cumulative time:")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats("cumulative").print_stats(25)
    return 0


# --- report ------------------------------------------------------------------------------


def report(rows: list[dict]) -> str:
    """The scaling table, then any failure or profile."""
    lines = [
        "## Scaling: synthetic relations among all countries",
        "",
        f"Machine: {common.machine_note()}.",
        "",
    ]
    body = []
    for r in rows:
        b = r.get("browser") or {}
        if r.get("failed") and not r.get("build_s"):
            body.append(
                [r["label"], f"{r['check_s']:.2f} s", r["failed"][:120], "", "", "", "", "", ""]
            )
            continue
        if b.get("unavailable"):
            load = toggle = pan = b["unavailable"]
        elif b:
            load = f"{median(b['load_dom_ms']):,.0f} / {median(b['load_painted_ms']):,.0f} ms"

            def worst(stage: str, b: dict = b) -> float:
                return max(
                    (
                        median(v)
                        for t in b["toggles"].values()
                        for k, v in t.items()
                        if k.endswith(stage)
                    ),
                    default=float("nan"),
                )

            toggle = f"{worst('dom'):,.0f} / {worst('painted'):,.0f} ms"
            gaps = sorted(b["pan_frame_ms"])
            pan = (
                f"{gaps[int(0.95 * (len(gaps) - 1))]:,.0f} / {gaps[-1]:,.0f} ms" if gaps else "n/a"
            )
        else:
            load = toggle = pan = "not measured"
        build = f"{median(r['build_s']):.2f} s" if r.get("build_s") else "n/a"
        body.append(
            [
                r["label"],
                f"{r['check_s']:.2f} s",
                build,
                f"{median(r['peak_mib']):,.0f} MiB" if r.get("peak_mib") else "n/a",
                f"{r['html_bytes']:,}" if "html_bytes" in r else "n/a",
                f"{r['gzip_bytes']:,}" if "gzip_bytes" in r else "n/a",
                load,
                toggle,
                pan,
            ]
        )
    lines.append(
        table(
            [
                "relations",
                "geo check (1 run)",
                "build (median)",
                "peak RSS",
                "HTML bytes",
                "gzip bytes",
                "Chromium: all layers on the map / painted",
                "slowest toggle: on/off the map / painted",
                "panning: 95th percentile / longest frame",
            ],
            body,
        )
    )
    for r in rows:
        if r.get("failed"):
            lines += ["", f"**{r['label']}**: {r['failed']}"]
        if r.get("profile"):
            lines += [
                "",
                f"### Profile, {r['label']} relations",
                "",
                "```",
                r["profile"].strip(),
                "```",
            ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
