"""One exception hierarchy for everything the pipeline can reject.

Each subclass also inherits the matching builtin, so callers that already catch
``ValueError`` or ``OSError`` keep working.
"""

from __future__ import annotations

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


class OptionError(GeoError, ValueError):
    """An option (a layer name, a size, a format) is not one the map can take."""


class DeriveError(GeoError, RuntimeError):
    """Deriving geometries from the raw Natural Earth package failed (``make data``)."""
