"""Progress of long work on a terminal, silent everywhere else.

The stages report what they start with :func:`step` and loops wrap their items in
:func:`items`; both do nothing unless a caller (the CLI) opened a bar with :func:`shown`, and
the bar is opened only when its stream is a terminal, so piped output, logs, tests and the
library API never see it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import IO, Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class _Shown:
    stream: IO[str]
    desc: str
    bar: Any  # a tqdm bar of stages, or None when only loops are counted


_OPEN: ContextVar[_Shown | None] = ContextVar("geo_progress", default=None)


@contextmanager
def shown(total: int | None, desc: str, *, stream: IO[str] | None = None) -> Iterator[None]:
    """Show progress on ``stream`` (stderr) while the block runs: a bar of ``total`` stages
    named ``desc``, or with ``total=None`` only the loops of :func:`items`.

    Nothing is drawn unless the stream is a terminal; what is drawn is erased when the block
    ends, so what the command prints afterwards (``wrote …``) stands alone.
    """
    stream = stream or sys.stderr
    if not stream.isatty():
        yield
        return
    from tqdm import tqdm

    bar = None
    if total is not None:
        bar = tqdm(
            total=total,
            desc=desc,
            file=stream,
            leave=False,
            mininterval=0,  # a handful of stages: draw each as it starts
            bar_format="|{bar:20}| {n_fmt}/{total_fmt} {desc}",
        )
    token = _OPEN.set(_Shown(stream, desc, bar))
    try:
        yield
    finally:
        _OPEN.reset(token)
        if bar is not None:
            bar.close()


def step(text: str) -> None:
    """Start the next stage, named ``text`` (e.g. ``"validating"``), on the open bar, if any."""
    shown_ = _OPEN.get()
    if shown_ is None or shown_.bar is None:
        return
    bar = shown_.bar
    if bar.desc != shown_.desc:  # the previous stage is done
        bar.update()
    bar.set_description_str(f"{shown_.desc}: {text}")


def items(iterable: Iterable[T], *, total: int, desc: str) -> Iterable[T]:
    """``iterable``, counted on a bar of its own while progress is shown (a corpus of
    articles); the plain ``iterable`` otherwise."""
    shown_ = _OPEN.get()
    if shown_ is None:
        return iterable
    from tqdm import tqdm

    position = 0 if shown_.bar is None else 1
    return tqdm(
        iterable,
        total=total,
        desc=desc,
        file=shown_.stream,
        leave=False,
        mininterval=0,
        position=position,
        dynamic_ncols=True,
    )
