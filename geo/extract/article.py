"""The public entry points: an article's text in, candidate relations and its document row out."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd

from geo.errors import DataError, OptionError, Problem, shown
from geo.extract.lexicon import _REGION_ADJECTIVES, NON_STATE, find_people, office_holders
from geo.extract.relations import _sentence_candidates
from geo.extract.rules import PAIRING_RULES, STRONG_BINDINGS, WEAK_KIND_PENALTY
from geo.extract.spans import Candidate, Mention, _Clock
from geo.extract.text import BYLINE, PUBLICATION_LINE, check_sentences, clean_article, sentences
from geo.sources import SourceData
from geo.validate import RELATION_COLUMNS

CANDIDATE_COLUMNS: tuple[str, ...] = (*RELATION_COLUMNS, "confidence")


DOCUMENT_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "author",
    "publication",
    "published",
    "date_basis",
    "path",
)


STATUS = "unreviewed"


def document_from_article(
    text: str, *, doc_id: str, path: str, published: str | None = None
) -> dict[str, str]:
    """A row for ``data/sources/documents.csv`` describing the article.

    Parameters
    ----------
    text
        The raw article text.
    doc_id
        The document id other tables refer to in ``source_doc``.
    path
        The file name, relative to ``data/sources/``.
    published
        The publication date (ISO ``YYYY-MM-DD``), if known.

    Returns
    -------
    ``id, title, author, publication, published, date_basis, path``: the title is the first
    non-empty line once boilerplate is dropped; the author comes from a "By NAME" line
    ("unknown" without one); the publication from a copyright or source line ("unknown"
    without one).
    """
    lines = [line.strip() for line in text.splitlines()]
    body = [line.strip() for line in clean_article(text).splitlines()]
    title = next((line for line in body if line.strip("\u00a0")), "")
    author = next((m["name"] for line in body[:12] if (m := BYLINE.match(line))), "unknown")
    publication = next(
        (m["name"].strip() for line in lines if (m := PUBLICATION_LINE.search(line))), "unknown"
    )
    if published:
        _published(published)
        basis = f"Given when the article was extracted ({published}); not read from the text."
    else:
        published = ""
        basis = (
            "Unknown: no publication date was given and none is read from the text; "
            "relative dates such as 'last year' are left unresolved."
        )
    return {
        "id": doc_id,
        "title": title,
        "author": author,
        "publication": publication,
        "published": published,
        "date_basis": basis,
        "path": path,
    }


def relations_from_article(
    text: str, *, doc_id: str, published: str | None = None, path: str | None = None
) -> pd.DataFrame:
    """Candidate relations stated by an article, in the schema of ``relations.csv``.

    Parameters
    ----------
    text
        The article text (boilerplate is dropped first with :func:`clean_article`).
    doc_id
        The document id written to ``source_doc``.
    published
        Publication date (ISO ``YYYY-MM-DD``) for resolving "last year", "Nov. 1" etc.
    path
        The article's file, named in messages (see :func:`check_sentences`).

    Returns
    -------
    One row per (clause, source, target, kind) in article order, ids ``x001``...; every cell
    is text; ``status`` is ``unreviewed``; ``quote`` is the clause, verbatim; ``note`` names
    the rule; ``confidence`` is a number from 0 to 1 written as text.

    Raises
    ------
    OptionError
        When ``published`` is not a date written ``YYYY-MM-DD``.
    DataError
        When a sentence is longer than :data:`~geo.sources.MAX_SENTENCE_WORDS` words.
    """
    today = _published(published) if published else None
    check_sentences(text, path)
    clock = _Clock(today)
    found: list[Candidate] = []
    clean = clean_article(text)
    people = find_people(clean)
    for name, known in office_holders(clean, published).items():
        people.setdefault(name, known)
    recent: list[str] = []  # states named so far: this paragraph's, else the last one's
    paragraph = 0  # where this paragraph's states start in recent
    subjects: list[tuple[str, ...]] = []  # the previous sentence's subject, in this paragraph
    programmes: list[Mention] = []  # a state's programmes abroad named in this paragraph
    end = 0
    for sentence in sentences(clean):
        if re.search(r"\n\s*\n", clean[end : sentence.start]):  # a new paragraph
            recent, paragraph, subjects, programmes = recent[-3:], len(recent), [], []
        found += _sentence_candidates(
            sentence, clock, recent, people, recent[paragraph:], subjects, programmes
        )
        end = sentence.end
    found = [c for c in found if not (_non_state(c.source) or _non_state(c.target))]
    rows = [_row(c, i, doc_id) for i, c in enumerate(found, start=1)]
    return pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS), dtype=str)


def _row(candidate: Candidate, number: int, doc_id: str) -> dict[str, str]:
    figure, date = candidate.figure, candidate.date
    confidence, _ = PAIRING_RULES[candidate.binding]
    if candidate.cue.rule.generic:
        confidence -= 0.2
    if candidate.binding not in STRONG_BINDINGS:
        confidence -= WEAK_KIND_PENALTY.get(candidate.kind, 0.0)
    note = [
        f"rule: {candidate.cue.rule.name}; matched '{candidate.cue.text}'",
        f"pairing: {candidate.binding}",
    ]
    if candidate.direction and candidate.direction not in {"subject", "symmetric"}:
        note.append(f"direction: {candidate.direction}")
    if candidate.resolved:
        note.append(candidate.resolved)
    if date is not None and date.basis:
        note.append(date.basis)
    others = [f.text for f in candidate.extra_figures if f is not figure]
    if others:
        note.append("also: " + ", ".join(others))
    places = [p.text for p in candidate.clause.places if p.text not in _REGION_ADJECTIVES]
    if places:
        note.append("places: " + ", ".join(dict.fromkeys(places)))
    return {
        "id": f"x{number:03d}",
        "kind": candidate.kind,
        "source": candidate.source,
        "target": candidate.target,
        "via": candidate.via,
        "value": _number(figure.value) if figure else "",
        "unit": figure.unit if figure else "",
        "year": date.year if date else "",
        "date": date.date if date else "",
        "status": STATUS,
        "quote": candidate.clause.span.text,
        "source_doc": doc_id,
        "source_url": "",
        "note": "; ".join(note),
        "other_value": "",
        "other_source_url": "",
        "confidence": f"{max(0.05, min(confidence, 1.0)):.2f}",
    }


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _published(value: str) -> dt.date:
    """The ``--published`` option as a date; an unusable value is an :class:`OptionError`."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise OptionError(f"--published: {shown(value)!r} is not a real date written YYYY-MM-DD")


#: The layers a map of a new article shows: what the article's relations give.
ARTICLE_LAYERS: tuple[str, ...] = (
    "partners",
    "trade-flows",
    "investment",
    "arms-transfers",
    "energy-ties",
    "diplomacy-and-events",
    "security",
    "territorial-claims",
)


def data_from_article(base: SourceData, text: str, *, path: str, published: str) -> SourceData:
    """``base`` with its document and relations replaced by those of a new article.

    Places, groups and geometries stay (they are sourced geography); the relations are the
    article's unreviewed candidates, so the usual validation, join and map apply. The base
    documents stay too, since routes and disputes cite them; a map of the article shows
    only its relation layers (see :data:`geo.layers.catalogue.ARTICLE_LAYERS`).

    Parameters
    ----------
    base
        Inputs as read by :func:`geo.sources.load_data`.
    text
        The new article, raw.
    path
        Where the article came from (shown in messages and on the map).
    published
        Its publication date, ISO ``YYYY-MM-DD``: needed to resolve "last year".
    """
    doc_id = "article"
    name = Path(path).name
    if not clean_article(text).strip().strip("\u00a0\u200b\ufeff"):
        raise DataError([Problem(shown(path), None, None, "the article is empty")])
    documents = pd.DataFrame(
        [document_from_article(text, doc_id=doc_id, path=name, published=published)], dtype=str
    )
    documents.attrs["path"] = f"{path} (document metadata)"
    relations = relations_from_article(text, doc_id=doc_id, published=published, path=path)
    relations.attrs["path"] = f"{path} (extracted relations)"
    documents = pd.concat([base.tables["documents"], documents], ignore_index=True)
    documents.attrs["path"] = f"{path} (document metadata)"
    events = base.tables["events"]
    events = events[events["relations"] == ""]  # the others cite the base's relations
    events.attrs = dict(base.tables["events"].attrs)
    tables = {**base.tables, "documents": documents, "relations": relations, "events": events}
    return replace(
        base,
        tables=tables,
        # quotes and the title are read from the text without page boilerplate (whole
        # lines dropped), so they are checked against that text
        texts={**base.texts, doc_id: clean_article(text)},
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _non_state(code: str) -> bool:
    """Whether ``code`` is one of :data:`~geo.extract.lexicon.NON_STATE_ACTORS`."""
    return code.startswith(NON_STATE)
