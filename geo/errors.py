"""One exception hierarchy for everything the pipeline can reject.

Each subclass also inherits the matching builtin, so callers that already catch
``ValueError`` or ``OSError`` keep working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class GeoError(Exception):
    """Base class for every error ``geo`` raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file: where it is and what to do about it."""

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", line {self.row}"
        if self.field:
            where += f", column '{self.field}'"
        return f"{where}: {self.message}"


class DataError(GeoError, ValueError):
    """Input data is malformed; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(f"{len(self.problems)} {noun} in the input data:\n{lines}")


class JoinError(GeoError, ValueError):
    """A code in the data does not match any country geometry or declared group."""


class SourceError(GeoError, OSError):
    """A required input file is missing or cannot be read."""


class OutputError(GeoError, OSError):
    """An output cannot be written where it was asked for."""


class DeriveError(GeoError, RuntimeError):
    """Deriving geometries from the raw Natural Earth package failed (``make data``)."""


class AuditError(GeoError, ValueError):
    """The map failed its own audit (:mod:`geo.audit`): an error finding stops a build."""


class OptionError(GeoError, ValueError):
    """A command-line option (or the matching keyword argument) has an unusable value; the
    message names the option."""


#: Characters shown escaped when a value is echoed in a message: C0/C1 controls (NUL, line
#: breaks, escape sequences), byte order marks, zero-width and bidirectional controls, line
#: and paragraph separators, and lone surrogates (undecodable bytes).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def shown(text: object) -> str:
    """``text`` safe to print in a message: invisible and control characters escaped as
    ``\\xNN`` or ``\\uXXXX``; everything else, curly quotes and Cyrillic included, as is."""

    def escape(m: re.Match[str]) -> str:
        code = ord(m.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(escape, str(text))
