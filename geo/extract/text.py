"""Text clean-up: page boilerplate dropped line by line, sentences split, small text helpers.

Whole lines are dropped and the rest is left untouched, so every quote stays an exact
substring of both the cleaned and the raw article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from geo.errors import DataError, Problem, shown
from geo.extract.spans import DateRef, Figure, Mention, Span
from geo.sources import MAX_SENTENCE_WORDS

#: A paragraph that is an author bio: "Name Name is a senior fellow at ...". It is dropped
#: when it names the byline's author, or when it is among the last :data:`BIO_EDGE`
#: non-empty lines of the page; elsewhere such a sentence is article text.
BIO = re.compile(
    r"^(?:[A-Z][\w.’'\-]+\s+){1,3}[A-Z][\w.’'\-]+\s+(?:is|was|has been)\s+(?:a|an|the)\s+"
    r"[^.]{0,160}?\b(?:fellow|editor|professor|lecturer|correspondent|columnist|analyst|"
    r"director|researcher|writer|author|journalist|reporter|contributor|scholar|chair|"
    r"founder|expert)\b"
)


BIO_EDGE = 4


#: Lines that prompt readers or sell the page.
PAGE_PROMPTS = re.compile(
    r"^(?:you can (?:comment|discuss|share|read|follow)|(?:leave|post|add|write) a comment|"
    r"comments?\b|join the (?:discussion|conversation)|share (?:this|on)\b|follow us|"
    r"subscribe|sign up|newsletter|related (?:articles|stories|content)|read more|more from|"
    r"recommended|advertisement|sponsored|click here|log ?in\b|register\b|print\b|"
    r"email this|tags?:|filed under|copyright|©|all rights reserved|photo:|image:|"
    r"(?:photo|image) (?:credit|courtesy)|skip to|back to top|menu$|home$|search$)",
    re.IGNORECASE,
)


#: Navigation and breadcrumb separators.
NAV_SEPARATORS = re.compile(r"\s(?:\||›|»|>|•|·)\s")


PUBLICATION_LINE = re.compile(
    r"(?:©\s*(?:[0-9]{4}\s+)?|copyright\s+(?:©\s*)?(?:[0-9]{4}\s+)?|"
    r"originally published (?:in|by)\s+|"
    r"published by\s+|source:\s*)(?P<name>[A-Z][\w&.’' \-]{2,60}?)\s*(?:[.,;|]|$)",
    re.IGNORECASE,
)


BYLINE = re.compile(
    r"^\s*By\s+(?P<name>[A-Z][\w.’'\-]+(?:\s+[A-Z][\w.’'\-]+){0,3})\s*"
    r"(?:[,|].*)?$"
)


def clean_article(text: str) -> str:
    """Drop page boilerplate, keeping every other line verbatim.

    Parameters
    ----------
    text
        The article as saved from a web page.

    Returns
    -------
    The text without author bios, comment prompts, navigation lines and lines written
    mostly in a non-Latin script. Whole lines are dropped and the rest is untouched, so a
    clause of the result is also a substring of ``text``.
    """
    lines = text.splitlines(keepends=True)
    return "".join(lines[i] for i in _kept_lines(lines))


def _kept_lines(lines: list[str]) -> list[int]:
    """Indices of the lines :func:`clean_article` keeps."""
    filled = [i for i, line in enumerate(lines) if line.strip().strip("\u00a0")]
    footer = set(filled[-BIO_EDGE:])
    author = next((m["name"] for line in lines[:12] if (m := BYLINE.match(line.strip()))), "")
    return [
        i
        for i, line in enumerate(lines)
        if not is_boilerplate(
            line, bio_allowed=i in footer or bool(author and line.strip().startswith(author))
        )
    ]


def check_sentences(text: str, path: str | None = None) -> None:
    """Refuse an article with a sentence longer than :data:`~geo.sources.MAX_SENTENCE_WORDS`.

    The rules compare every mention in a sentence with the others, so their cost grows
    faster than the sentence; real sentences are under 100 words, and a longer one is a
    page that lost its punctuation, or an attack.

    Parameters
    ----------
    text
        The raw article.
    path
        Its file, for the message (default: the file :func:`geo.sources.document_text`
        read ``text`` from, if it did).

    Raises
    ------
    DataError
        Naming the file and the line of each over-long sentence.
    """
    name = shown(path or getattr(text, "path", None) or "the article")
    lines = text.splitlines(keepends=True)
    kept = _kept_lines(lines)
    problems = []
    for i in kept:
        line = lines[i]
        if len(line) // 2 < MAX_SENTENCE_WORDS:  # too short to hold that many words
            continue
        for sentence in sentences(line):
            words = len(sentence.text.split())
            if words > MAX_SENTENCE_WORDS:
                problems.append(
                    Problem(
                        name,
                        i + 1,
                        None,
                        f"a sentence of {words:,} words, over the limit of "
                        f"{MAX_SENTENCE_WORDS:,} for extraction; break it into sentences",
                    )
                )
    if problems:
        raise DataError(problems)


def is_boilerplate(line: str, *, bio_allowed: bool = True) -> bool:
    """Whether one line of a page is boilerplate rather than article text.

    Parameters
    ----------
    line
        One line of the page.
    bio_allowed
        Whether an author bio may stand here (the page's footer, or a paragraph naming the
        byline's author); elsewhere "Name is a senior fellow ..." is article text.
    """
    stripped = line.strip().strip("\u00a0\u200b\ufeff")
    if not stripped:
        return False
    if _mostly_non_latin(stripped):
        return True
    if len(stripped) <= 200 and PAGE_PROMPTS.match(stripped):
        return True
    if bio_allowed and len(stripped) <= 500 and BIO.match(stripped):
        return True
    return _is_navigation(stripped)


_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "sen",
        "rep",
        "gov",
        "st",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "etc",
        "inc",
        "co",
        "corp",
        "ltd",
        "jr",
        "sr",
        "lt",
        "col",
        "adm",
        "capt",
        "maj",
        "fig",
    }
)


_SENTENCE_END = re.compile(r"[.!?][”\"’)]*\s+(?=[“\"‘(]?[A-Z0-9])")


def sentences(text: str) -> Iterator[Span]:
    """Split text into sentences (never across a line break), with offsets."""
    offset = 0
    for line in text.splitlines(keepends=True):
        start = offset
        for m in _SENTENCE_END.finditer(line):
            # only the word before the stop matters: a bounded window keeps a long line linear
            if _is_abbreviation(line[max(0, m.start() - 63) : m.start() + 1]):
                continue
            piece = line[start - offset : m.start() + 1]
            yield from _span(piece, start)
            start = offset + m.end()
        yield from _span(line[start - offset :], start)
        offset += len(line)


def _span(piece: str, start: int) -> Iterator[Span]:
    stripped = piece.strip()
    if stripped.strip("\u00a0\u200b"):
        lead = len(piece) - len(piece.lstrip())
        yield Span(start + lead, start + lead + len(stripped), stripped)


def _is_abbreviation(before: str) -> bool:
    word = re.search(r"([\w.]+)\.$", before)
    if not word:
        return False
    token = word.group(1)
    return token.lower() in _ABBREVIATIONS or bool(re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", token))


def _mask(text: str, spans: Iterable[Span | Figure | DateRef | Mention]) -> str:
    """``text`` with each span replaced by one placeholder word padded with spaces, so
    offsets stay put and a masked name counts as one word."""
    chars = list(text)
    for span in spans:
        if span.end > span.start:
            chars[span.start : span.end] = ["X"] + [" "] * (span.end - span.start - 1)
    return "".join(chars)


def _word_count(text: str) -> int:
    return len(re.findall(r"[\w’'\-]+", text.replace("’s", "").replace("'s", "")))


def _mostly_non_latin(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF)
    return latin / len(letters) < 0.5


def _is_navigation(line: str) -> bool:
    parts = NAV_SEPARATORS.split(line)
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)
