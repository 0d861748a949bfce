"""The review step: one offline page to accept, reject or edit extracted candidates.

:func:`review_page` turns a candidate table (``geo extract --out``) and its article into a
self-contained HTML page: each candidate beside its sentence in context, both partners
highlighted, with accept, reject and edit (kind, direction, value, year) controls, driven
from the keyboard. Its button downloads the reviewed table in the project's schema:
accepted rows become ``reported`` (so the map no longer marks them UNREVIEWED), rejected
rows are left out, rows not yet reviewed stay ``unreviewed``.

The page is ``geo/templates/review.html`` (Jinja, every value escaped), its behaviour and
styles ``geo/static/review.js`` and ``review.css``, inlined when the page is written.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict

import pandas as pd
from markupsafe import Markup

from geo.assets import static_text, template
from geo.extract.article import CANDIDATE_COLUMNS, STATUS
from geo.extract.lexicon import find_actors, find_places
from geo.extract.text import clean_article
from geo.validate import KINDS

#: Keys of the page, shown on it; ``geo/static/review.js`` implements the same list.
KEYS: tuple[tuple[str, str], ...] = (
    ("j / ↓", "next candidate"),
    ("k / ↑", "previous candidate"),
    ("a", "accept"),
    ("r", "reject"),
    ("u", "undo: back to not reviewed"),
    ("s", "swap direction (source ↔ target)"),
    ("e", "edit the kind"),
    ("v", "edit the value"),
    ("y", "edit the year"),
    ("Enter / Esc", "leave a field"),
    ("D", "download the reviewed table"),
)


def review_page(candidates: pd.DataFrame, article: str, *, title: str) -> str:
    """The review page of ``candidates`` extracted from ``article``, as HTML text.

    Parameters
    ----------
    candidates
        Rows in the schema of ``geo extract`` (:data:`~geo.extract.article.CANDIDATE_COLUMNS`).
    article
        The article they were extracted from (its paragraphs give each quote's context).
    title
        Shown as the page's heading.

    Returns
    -------
    A self-contained page: no request leaves it, the download is built in the browser.
    """
    missing = [c for c in ("id", "kind", "source", "target", "quote") if c not in candidates]
    if missing:
        raise ValueError(f"candidates: missing columns {missing}")
    columns = [c for c in CANDIDATE_COLUMNS if c in candidates.columns]
    records = [{c: str(r[c]) for c in columns} for _, r in candidates.iterrows()]
    paragraphs = [p for p in re.split(r"\n\s*\n", clean_article(article)) if p.strip()]
    payload = json.dumps(
        {"columns": columns, "rows": records, "filename": "reviewed-candidates.csv"},
        ensure_ascii=False,
    ).replace("</", "<\\/")
    return template("review.html").render(
        title=title,
        status=STATUS,
        keys=KEYS,
        kinds=KINDS,
        rows=[defaultdict(str, r) for r in records],
        contexts=[Markup(_context(r, paragraphs)) for r in records],
        payload=Markup(payload),
        style=Markup(static_text("review.css")),
        script=Markup(static_text("review.js")),
    )


def _context(row: dict[str, str], paragraphs: list[str]) -> str:
    """The paragraph holding the quote, the quote marked and both partners highlighted:
    their names, and the references and people the note says were read as them."""
    quote = row["quote"]
    paragraph = next((p for p in paragraphs if quote in p), quote)
    start = paragraph.find(quote)
    end = start + len(quote)
    codes = {row["source"], row["target"]}
    marks = [
        (m.start, m.end)
        for m in find_actors(paragraph, find_places(paragraph))
        if m.code in codes and start <= m.start < end
    ]
    for form in re.findall(r"'([^']+)' read as", row.get("note", "")):
        marks += [
            (start + m.start(), start + m.end()) for m in re.finditer(re.escape(form), quote)
        ]
    pieces, at = [], 0
    for a, b in sorted(set(marks)):
        if a < at:
            continue
        pieces.append(_quoted(paragraph, at, a, start, end))
        opens, closes = ("\x00" if a == start else ""), ("\x01" if b == end else "")
        pieces.append(f"{opens}<mark>{html.escape(paragraph[a:b])}</mark>{closes}")
        at = b
    pieces.append(_quoted(paragraph, at, len(paragraph), start, end))
    body = "".join(pieces)
    return body.replace("\x00", '<span class="quote">').replace("\x01", "</span>")


def _quoted(paragraph: str, a: int, b: int, start: int, end: int) -> str:
    """Escaped text of ``paragraph[a:b]`` with the quote's edges marked by placeholders."""
    out = []
    for i in range(a, b):
        if i == start:
            out.append("\x00")
        out.append(html.escape(paragraph[i]))
        if i == end - 1:
            out.append("\x01")
    return "".join(out)
