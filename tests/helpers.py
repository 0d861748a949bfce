"""Small helpers the tests share (imported as ``helpers``; pytest puts tests/ on the path)."""

from __future__ import annotations

import csv
from pathlib import Path


def set_cell(path: Path, row_id: str, column: str, value: str) -> None:
    """Set one cell of a CSV table, found by the row's id (first column) and column name."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    col = rows[0].index(column)
    for row in rows[1:]:
        if row[0] == row_id:
            row[col] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
