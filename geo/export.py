"""Write outputs. Every write is atomic: a temporary file in the target folder, renamed
into place only when complete, so a failed run never leaves a half-written file or damages
the file that was there before."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import folium

from geo import settings
from geo.errors import GeoError


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it onto ``path`` if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text(text: str, path: str | Path) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically; return the path."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return path


def html_from_map(m: folium.Map) -> str:
    """The complete, self-contained HTML document of a built map."""
    return m.get_root().render()


def save_html(m: folium.Map, path: str | Path | None = None) -> Path:
    """Render ``m`` and write it to ``path`` (default ``settings.OUTPUT_HTML``) atomically.

    The map is rendered to a string first, so a rendering error writes nothing.
    """
    path = Path(path) if path is not None else settings.OUTPUT_HTML
    if path.is_dir():
        raise GeoError(f"{path}: is a folder; give a file name ending in .html")
    return write_text(html_from_map(m), path)
