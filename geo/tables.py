"""Tables as CSV text that a spreadsheet opens safely: the relations' download and export.

Pure text in, text out: :mod:`geo.page` puts the CSV into the map's download link and
:mod:`geo.export` writes it to a file.
"""

from __future__ import annotations

import re

import pandas as pd

from geo.validate import RELATION_COLUMNS

#: Leading characters a spreadsheet would read as a formula.
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def neutralise(value: object) -> object:
    """Prefix text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) with
    an apostrophe, so it opens as text."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def relations_csv(relations: pd.DataFrame) -> str:
    """The relationship table as CSV text, formula-safe, in the curated column order."""
    columns = [c for c in (*RELATION_COLUMNS, "confidence") if c in relations.columns]
    return table_csv(pd.DataFrame(relations[columns]))


def table_csv(frame: pd.DataFrame) -> str:
    """Any table as formula-safe CSV text with ``\\n`` line endings."""
    return frame.map(neutralise).to_csv(index=False, lineterminator="\n")
