"""Hostile output paths: each is refused with exit 2 and a one-line message naming the path,
and whatever was at the target before is left exactly as it was."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "data" / "sources" / "weitz-2013-putin-asia-tour.txt"


def _export(out: Path | str, *extra: str) -> int:
    return main(["export", "--format", "csv", "--out", str(out), *extra])


def _one_error(capsys, *names: str) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("geo: error:")]
    assert len(lines) == 1, err
    for name in names:
        assert name in lines[0]
    return lines[0]


def _leftovers(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith(".geo-") or ".tmp" in p.name
    )


def test_a_device_is_not_replaced(capsys):
    assert _export("/dev/null") == 2
    assert "device" in _one_error(capsys, "/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_not_replaced(tmp_path, capsys):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert _export(fifo) == 2
    assert "FIFO" in _one_error(capsys, str(fifo))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _leftovers(tmp_path) == []


def test_a_folder_is_not_replaced(tmp_path, capsys):
    folder = tmp_path / "out.csv"
    folder.mkdir()
    (folder / "keep").write_text("x")
    assert _export(folder) == 2
    assert "folder" in _one_error(capsys, str(folder))
    assert (folder / "keep").read_text() == "x"


def test_a_symlink_is_refused_and_its_target_untouched(tmp_path, capsys):
    target = tmp_path / "elsewhere.csv"
    target.write_text("before\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert _export(link) == 2
    assert "symbolic link" in _one_error(capsys, str(link))
    assert link.is_symlink() and target.read_text() == "before\n"
    assert _leftovers(tmp_path) == []


def test_export_never_overwrites_its_own_data(data_copy, capsys):
    rel = data_copy / "relations.csv"
    before = rel.read_bytes()
    code = main(["export", "--data", str(data_copy), "--format", "csv", "--out", str(rel)])
    assert code == 2
    assert "inputs" in _one_error(capsys, str(rel))
    assert rel.read_bytes() == before
    assert _leftovers(data_copy) == []


def test_build_never_overwrites_its_own_data(data_copy, capsys):
    places = data_copy / "places.csv"
    before = places.read_bytes()
    assert main(["build", "--data", str(data_copy), "--out", str(places)]) == 2
    _one_error(capsys, str(places))
    assert places.read_bytes() == before


def test_extract_never_overwrites_its_article(tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE.read_bytes())
    code = main(["extract", str(article), "--published", "2013-11-12", "--out", str(article)])
    assert code == 2
    assert "inputs" in _one_error(capsys, str(article))
    assert article.read_bytes() == ARTICLE.read_bytes()


@pytest.mark.parametrize("inside", ["x.csv", "sub/x.csv"])
def test_a_path_through_a_file_is_an_output_error(tmp_path, capsys, inside):
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder would be\n")
    out = blocker / inside
    assert _export(out) == 2
    assert "Not a directory" in _one_error(capsys, str(out))
    assert blocker.read_text() == "a file where a folder would be\n"


def test_a_250_byte_file_name_is_written(tmp_path, capsys):
    out = tmp_path / ("a" * 246 + ".csv")
    assert len(out.name.encode()) == 250
    assert _export(out) == 0
    assert out.stat().st_size > 0
    assert _leftovers(tmp_path) == []


def test_outputs_follow_the_umask(tmp_path):
    out = tmp_path / "private.csv"
    old = os.umask(0o077)
    try:
        assert _export(out) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert _export(out) == 0  # under the usual umask, a replaced file gets 0o644 (0o022)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~old


#: Runs ``geo`` with the final rename held up: the temporary file is complete and waiting, so
#: a signal sent now arrives mid-write, deterministically.
SLOW_WRITE = """
import os, pathlib, signal, sys, time
import geo.export

# as in a terminal: a test run started in the background (`&`, nohup) ignores SIGINT, and
# its children inherit that
signal.signal(signal.SIGINT, signal.default_int_handler)

class SlowOS:
    def __getattr__(self, name):
        return getattr(os, name)

    def replace(self, src, dst):
        pathlib.Path(sys.argv[1]).write_text("ready")
        time.sleep(60)
        os.replace(src, dst)

geo.export.os = SlowOS()
from geo.cli import main
raise SystemExit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [(signal.SIGTERM, 143, "geo: terminated"), (signal.SIGINT, 130, "geo: interrupted")],
)
def test_a_signal_mid_write_leaves_no_temporary_file(tmp_path, signum, code, line):
    out = tmp_path / "map.html"
    out.write_text("the previous map\n")
    ready = tmp_path / "ready"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITE, str(ready), "build", "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not ready.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), proc.stderr.read() if proc.stderr else ""
        assert [p for p in _leftovers(tmp_path)], "the temporary file should exist mid-write"
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code
    assert "Traceback" not in err
    said = [x for x in err.strip().splitlines() if not x.startswith("geo: audit: warning:")]
    assert said == [line]
    assert _leftovers(tmp_path) == []
    assert out.read_text() == "the previous map\n"


def test_sigterm_about_a_second_into_a_build(tmp_path):
    out = tmp_path / "map.html"
    out.write_text("the previous map\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "geo", "build", "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert "Traceback" not in err
    assert _leftovers(tmp_path) == []
    if proc.returncode != 0:  # stopped before the rename (the usual case): nothing changed
        assert proc.returncode in (143, -signal.SIGTERM)
        assert out.read_text() == "the previous map\n"
