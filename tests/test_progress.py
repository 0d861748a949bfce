"""Progress of long work: shown on a terminal, silent when piped."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

from geo import progress

STAGES = (
    "reading",
    "validating",
    "joining",
    "building layers",
    "auditing",
    "rendering",
    "writing",
)


def _build(tmp_path: Path, *, stderr: int) -> subprocess.CompletedProcess[bytes]:
    out = tmp_path / "map.html"
    return subprocess.run(
        [sys.executable, "-m", "geo", "build", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=stderr,
        check=True,
        timeout=300,
    )


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def test_build_shows_its_stages_on_a_terminal(tmp_path: Path) -> None:
    """``geo build`` with stderr on a terminal (a pseudo-terminal) names every stage on one
    line redrawn in place, erases it at the end, and still prints ``wrote …`` on stdout."""
    leader, follower = pty.openpty()
    # a terminal of 40 rows and 120 columns (a new pseudo-terminal has none, and tqdm draws
    # nothing in a window with no rows)
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    try:
        result = _build(tmp_path, stderr=follower)
        os.close(follower)
        follower = -1
        shown = _read_all(leader).decode("utf-8", "replace")
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    assert result.stdout.decode().startswith("wrote ")
    for stage in STAGES:
        assert stage in shown, (stage, shown[-500:])
    assert "geo build html" in shown
    assert "\r" in shown  # redrawn in place, not a scrolling log


def test_build_piped_prints_no_progress(tmp_path: Path) -> None:
    """Piped, the same build writes nothing about its stages: a log or a script sees only
    what it always saw."""
    result = _build(tmp_path, stderr=subprocess.PIPE)
    err = result.stderr.decode()
    assert not any(stage in err for stage in STAGES), err
    assert "\r" not in err
    assert result.stdout.decode().startswith("wrote ")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_items_counts_a_loop_only_under_an_open_bar() -> None:
    """A corpus loop is counted on the open bar's stream; with no bar it is the plain list."""
    names = ["a", "b", "c"]
    assert progress.items(names, total=3, desc="articles") is names
    stream = _Terminal()
    with progress.shown(None, "geo extract --evaluate", stream=stream):
        assert list(progress.items(names, total=3, desc="articles")) == names
    assert "articles" in stream.getvalue() and "3/3" in stream.getvalue()


def test_a_bar_on_a_pipe_is_never_opened() -> None:
    stream = io.StringIO()  # not a terminal
    with progress.shown(3, "geo build html", stream=stream):
        progress.step("reading")
        assert progress.items([1], total=1, desc="x") == [1]
    assert stream.getvalue() == ""
