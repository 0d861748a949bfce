"""Debian's Chromium as this machine can run it, for the browser tests and the benchmarks:
no sandbox as root, no GPU, and none of the background requests a closed network refuses."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
