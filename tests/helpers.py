"""Small helpers the tests share (imported as ``helpers``; pytest puts tests/ on the path)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path

#: A change made to a copy of the data folder.
Mutation = Callable[[Path], None]


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


def rewrite(rel: str, change: Callable[[bytes], bytes]) -> Mutation:
    """A mutation that rewrites the bytes of the data folder's file ``rel``."""

    def mutate(data: Path) -> None:
        path = data / rel
        path.write_bytes(change(path.read_bytes()))

    return mutate


#: JavaScript: what a drawn feature shows, read through Leaflet's public API (its tooltip and
#: popup HTML) and the map's context on its root element (the year the filter uses).
PROPS_JS = """const props = (l) => {
  const t = l.getTooltip && l.getTooltip(), q = l.getPopup && l.getPopup();
  if (!t && !q) return null;
  const ctx = l._map ? l._map.getContainer().closest('.geo-root').geo : null;
  const d = ctx ? ctx.dated.find(d => d.layer === l) : null;
  return {tooltip: t ? String(t.getContent()) : '', popup: q ? String(q.getContent()) : '',
          year: d ? d.year : null};
};"""


#: The page's data block (geo.render.page_data, packed by geo.payload.pack).
DATA_BLOCK = re.compile(
    r'<script type="text/plain" class="geo-data" data-size="(\d+)">([^<]*)</script>'
)


def page_data(html: str) -> dict:
    """The data block of a built page, unpacked (``ctx.data`` in the browser)."""
    from geo.payload import unpack

    block = DATA_BLOCK.search(html)
    assert block, "no data block in the page"
    data = unpack(block.group(2))
    assert isinstance(data, dict)
    return data


def readable(html: str) -> str:
    """``html`` with its data block unpacked after it, as text to search: everything a reader
    of the page can reach, its cards, tooltips and CSV included."""
    return html + "\n" + json.dumps(page_data(html), ensure_ascii=False)


def page_texts(html: str) -> list[str]:
    """The tooltips, cards and labels of a built page's drawing payload, each joined from
    its pieces as ``geo/static/drawing.js`` does (see :func:`geo.payload.piece_table`)."""
    from geo.payload import CODE_DIGITS

    data = page_data(html)["drawing"]
    pieces, width = data["pieces"], data["width"]

    def joined(code: str) -> str:
        out = []
        for i in range(0, len(code), width):
            number = 0
            for digit in code[i : i + width]:
                number = number * len(CODE_DIGITS) + CODE_DIGITS.index(digit)
            out.append(pieces[number])
        return "".join(out)

    return [joined(code) for code in data["texts"]]
