"""Tables as CSV text that a spreadsheet opens safely: the relations' download and export.

Pure text in, text out: :mod:`geo.page` puts the CSV into the map's download link and
:mod:`geo.export` writes it to a file.
"""

from __future__ import annotations

import re

import pandas as pd

from geo.validate import RELATION_COLUMNS, RELATION_OPTIONAL

#: Leading characters a spreadsheet would read as a formula.
_FORMULA = re.compile(r"^[=+\-@\t\r]")
#: A plain decimal number (``-8.8``, ``+3``, ``1e-5``): a spreadsheet reads it as a number,
#: never a formula, so it stays as it is (the tables are read as text: ``lat`` is ``"-8.8"``).
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: object) -> object:
    """Prefix text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, a tab or
    carriage return first) with an apostrophe, so it opens as text. Numbers, and text that
    is a plain number (``"-8.8"``), are left as they are."""
    if isinstance(value, str) and _FORMULA.match(value) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def relations_csv(relations: pd.DataFrame) -> str:
    """The relationship table as CSV text, formula-safe, in the curated column order."""
    columns = [
        c for c in (*RELATION_COLUMNS, *RELATION_OPTIONAL, "confidence") if c in relations.columns
    ]
    return table_csv(pd.DataFrame(relations[columns]))


def table_csv(frame: pd.DataFrame) -> str:
    """Any table as formula-safe CSV text with ``\\n`` line endings; cells and column names.

    Every cell holding a line break, ``\\r`` included, is quoted. (The csv module quotes only
    the characters of its line terminator, so with ``\\n`` alone a lone ``\\r`` went out
    unquoted and a reader split the row there.) The table is written with ``\\r\\n`` row
    ends, which quotes both, then the row ends outside quotes become ``\\n``.
    """
    safe = frame.map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    text = safe.to_csv(index=False, lineterminator="\r\n")
    # between quotes (odd pieces) a cell's own "\r\n" stays; outside, it can only be a row end
    pieces = text.split('"')
    pieces[::2] = [piece.replace("\r\n", "\n") for piece in pieces[::2]]
    return '"'.join(pieces)
