"""Benchmark: how fast the ``geo`` command starts, as a ratio to a bare Python.

    python tests/benchmarks/startup.py [--runs 7]      # part of `make bench`

Runs ``python -c pass``, ``python -m geo --help``, ``python -m geo --version`` and
``python -m geo check`` as whole processes, interleaved, ``--runs`` times after one untimed
warm-up round, and prints the medians and their ratio to ``python -c pass``. Goal: ``--help``
and ``--version`` under 0.3 s. Nothing is asserted; this is a report.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import median, table

GOAL_S = 0.3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (>= 5)")
    args = parser.parse_args(argv)
    py = common.PYTHON
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "geo --help": [py, "-m", "geo", "--help"],
        "geo --version": [py, "-m", "geo", "--version"],
        "geo check": [py, "-m", "geo", "check"],
    }
    runs = common.interleaved_builds(commands, args.runs)
    bare = median(runs["python -c pass"].seconds)
    rows = []
    for name, r in runs.items():
        s = median(r.seconds)
        goal = f"< {GOAL_S} s" if name in ("geo --help", "geo --version") else ""
        met = ("met" if s < GOAL_S else "NOT met") if goal else ""
        rows.append([name, f"{s * 1000:.0f} ms", f"{s / bare:.1f}×", goal, met or r.failed])
    print(f"## Start-up, whole process, median of {args.runs} ({common.machine_note()})\n")
    print(table(["command", "median", "vs python -c pass", "goal", ""], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
