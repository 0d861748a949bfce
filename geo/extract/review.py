"""The review step: one offline page to accept, reject or edit extracted candidates.

:func:`review_page` turns a candidate table (``geo extract --out``) and its article into a
self-contained HTML page: each candidate beside its sentence in context, both partners
highlighted, with accept, reject and edit (kind, direction, value, year) controls, driven
from the keyboard. Its button downloads the reviewed table in the project's schema:
accepted rows become ``reported`` (so the map no longer marks them UNREVIEWED), rejected
rows are left out, rows not yet reviewed stay ``unreviewed``.
"""

from __future__ import annotations

import html
import json
import re

import pandas as pd

from geo.extract.article import CANDIDATE_COLUMNS, STATUS
from geo.extract.lexicon import find_actors, find_places
from geo.extract.text import clean_article
from geo.validate import KINDS

#: Keys of the page, shown on it; the script below implements the same list.
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

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 60rem;
  padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.3rem; }
.keys { display: grid; grid-template-columns: max-content 1fr; gap: 0 .8rem; font-size: .9rem; }
.keys dt { font-family: ui-monospace, monospace; }
ol { list-style: none; padding: 0; }
.row { border: 1px solid #c8c8c8; border-radius: 6px; padding: .6rem .8rem; margin: .7rem 0; }
.row:focus, .row.current { outline: 3px solid #1d5fa8; outline-offset: 2px; }
.row[data-decision="accepted"] { background: #eef7ee; border-color: #2e7d32; }
.row[data-decision="rejected"] { background: #f6eded; border-color: #a33; opacity: .75; }
.row header { font-weight: 600; }
.context { margin: .5rem 0; padding-left: .7rem; border-left: 3px solid #bbb; }
.quote { background: #fff4c2; }
mark { background: #ffd24d; font-weight: 600; }
.note { font-size: .85rem; color: #555; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.controls input { width: 6rem; }
#download { font-size: 1rem; padding: .4rem .9rem; }
"""

_SCRIPT = r"""
(() => {
  const data = JSON.parse(document.getElementById('candidates').textContent);
  const columns = data.columns;
  const rows = [...document.querySelectorAll('.row')];
  const state = data.rows.map(r => ({decision: 'pending', row: {...r}, original: {...r}}));
  let current = 0;
  const FORMULA = /^[=+\-@\t\r]/, NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

  function show(i) {
    const s = state[i], el = rows[i];
    el.dataset.decision = s.decision;
    el.querySelector('.state').textContent = {pending: 'not reviewed', accepted: 'accepted',
      rejected: 'rejected'}[s.decision];
    el.querySelector('.pair').textContent = s.row.source + ' → ' + s.row.target;
    el.querySelector('.kind').textContent = s.row.kind;
    const done = state.filter(x => x.decision !== 'pending').length;
    document.getElementById('counts').textContent =
      done + ' of ' + state.length + ' reviewed';
  }
  function go(i) {
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((el, k) => el.classList.toggle('current', k === current));
    rows[current].focus();
  }
  function decide(i, decision) { state[i].decision = decision; show(i); }
  function swap(i) {
    const r = state[i].row;
    [r.source, r.target] = [r.target, r.source];
    show(i);
  }
  function edited(s) {
    const changes = [];
    for (const c of ['kind', 'source', 'target', 'value', 'unit', 'year']) {
      if (s.row[c] === s.original[c]) continue;
      changes.push(c + ' ' + (s.original[c] || '-') + ' -> ' + (s.row[c] || '-'));
    }
    return changes;
  }
  function cell(v) {
    v = v == null ? '' : String(v);
    if (FORMULA.test(v) && !NUMBER.test(v)) v = "'" + v;
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function csv() {
    const lines = [columns.map(cell).join(',')];
    for (const s of state) {
      if (s.decision === 'rejected') continue;
      const r = {...s.row};
      if (s.decision === 'accepted') {
        const changes = edited(s);
        r.status = 'reported';
        const said = changes.length ? ' (' + changes.join(', ') + ')' : '';
        r.note = [r.note, 'reviewed: accepted' + said].filter(Boolean).join('; ');
      }
      lines.push(columns.map(c => cell(r[c])).join(','));
    }
    return lines.join('\n') + '\n';
  }
  function download() {
    const blob = new Blob([csv()], {type: 'text/csv;charset=utf-8'});
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = data.filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  rows.forEach((el, i) => {
    el.addEventListener('click', () => {
      current = i;
      rows.forEach((x, k) => x.classList.toggle('current', k === i));
    });
    el.querySelectorAll('button[data-act]').forEach(b => b.addEventListener('click', ev => {
      ev.stopPropagation();
      const act = b.dataset.act;
      if (act === 'swap') swap(i); else decide(i, act);
    }));
    el.querySelectorAll('[name]').forEach(f => f.addEventListener('change', () => {
      state[i].row[f.name] = f.value.trim();
      const date = state[i].row.date;
      if (f.name === 'year' && date && !date.startsWith(f.value.trim())) state[i].row.date = '';
      show(i);
    }));
    show(i);
  });
  document.getElementById('download').addEventListener('click', download);
  document.addEventListener('keydown', ev => {
    const t = ev.target;
    if (t.matches('input, select')) {
      if (ev.key === 'Enter' || ev.key === 'Escape') {
        t.dispatchEvent(new Event('change'));
        rows[current].focus();
        ev.preventDefault();
      }
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const field = name => { rows[current].querySelector('[name="' + name + '"]').focus(); };
    const act = {
      j: () => go(current + 1), ArrowDown: () => go(current + 1),
      k: () => go(current - 1), ArrowUp: () => go(current - 1),
      a: () => decide(current, 'accepted'), r: () => decide(current, 'rejected'),
      u: () => decide(current, 'pending'), s: () => swap(current),
      e: () => field('kind'), v: () => field('value'), y: () => field('year'),
      D: download,
    }[ev.key];
    if (act) { act(); ev.preventDefault(); }
  });
  if (rows.length) go(0);
})();
"""


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
    items = "\n".join(_item(i, r, paragraphs) for i, r in enumerate(records))
    keys = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in KEYS)
    payload = json.dumps(
        {"columns": columns, "rows": records, "filename": "reviewed-candidates.csv"},
        ensure_ascii=False,
    ).replace("</", "<\\/")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Review: {html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<h1>Review: {html.escape(title)}</h1>\n"
        f"<p>{len(records)} candidate relations, status <code>{STATUS}</code>. Accept, reject "
        "or edit each, then download the reviewed table.</p>\n"
        f'<dl class="keys">{keys}</dl>\n'
        '<p id="counts" aria-live="polite"></p>\n'
        '<button id="download" type="button">Download reviewed CSV (D)</button>\n'
        f'<ol id="rows">\n{items}\n</ol>\n'
        f'<script type="application/json" id="candidates">{payload}</script>\n'
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _item(i: int, row: dict[str, str], paragraphs: list[str]) -> str:
    """One candidate: heading, its quote in its paragraph, note and controls."""
    esc = html.escape
    options = "".join(
        f'<option value="{k}"{" selected" if k == row["kind"] else ""}>{k}</option>' for k in KINDS
    )
    figure = (
        f" · {esc(row.get('value', ''))} {esc(row.get('unit', ''))}" if row.get("value") else ""
    )
    when = f" · {esc(row.get('year', ''))}" if row.get("year") else ""
    return (
        f'<li class="row" id="row-{i}" tabindex="-1" data-decision="pending">'
        f'<header>{esc(row["id"])} · <span class="kind">{esc(row["kind"])}</span> · '
        f'<span class="pair">{esc(row["source"])} → {esc(row["target"])}</span>{figure}{when}'
        f" · confidence {esc(row.get('confidence', ''))} · "
        '<span class="state">not reviewed</span></header>'
        f'<blockquote class="context">{_context(row, paragraphs)}</blockquote>'
        f'<p class="note">{esc(row.get("note", ""))}</p>'
        '<div class="controls">'
        '<button type="button" data-act="accepted">Accept (a)</button>'
        '<button type="button" data-act="rejected">Reject (r)</button>'
        '<button type="button" data-act="pending">Undo (u)</button>'
        '<button type="button" data-act="swap">Swap direction (s)</button>'
        f'<label>Kind <select name="kind">{options}</select></label>'
        f'<label>Value <input name="value" value="{esc(row.get("value", ""))}"></label>'
        f'<label>Unit <input name="unit" value="{esc(row.get("unit", ""))}"></label>'
        f'<label>Year <input name="year" value="{esc(row.get("year", ""))}"></label>'
        "</div></li>"
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
