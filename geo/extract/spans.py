"""Shared types of the extractor: spans of text and what the stages find in them.

The bottom of the package: every other module imports these, this imports none of them,
so the split by stage makes no import cycle.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CueRule:
    """One kind cue: a lower-case regular expression and what it says."""

    kind: str
    name: str
    pattern: str
    #: generic cues ("ties", "relations") count only when no specific cue is in the clause
    generic: bool = False
    #: role nouns ("partner", "investor"): "A is X's partner" pairs A with X
    role: str = ""
    #: exchange words (exports, buy) yield to a commodity of another kind as their object
    exchange: bool = False
    #: buyer words: the other party is the source (seller)
    buyer: bool = False
    #: debtor words (borrow, owe, debt): the other party is the source (lender)
    debtor: bool = False


@dataclass(frozen=True)
class Span:
    """A piece of the cleaned text: offsets into it and the text itself."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """An actor named in the text."""

    start: int
    end: int
    code: str
    form: str
    possessive: bool = False
    adjective: bool = False
    combining: bool = False


def _alternation(forms: Iterable[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


@dataclass(frozen=True)
class Figure:
    """A money amount (in billions of a currency) or a share (percent)."""

    start: int
    end: int
    value: float
    unit: str
    text: str

    @property
    def is_money(self) -> bool:
        return self.unit.endswith(" bn")


@dataclass(frozen=True)
class DateRef:
    """A date expression and what it resolves to ("" when it cannot be resolved)."""

    start: int
    end: int
    text: str
    year: str
    date: str
    basis: str


class _Clock:
    """Resolves relative dates against the publication date and the last date mentioned."""

    def __init__(self, published: dt.date | None) -> None:
        self.published = published
        self.year: int | None = None
        self.day: dt.date | None = None

    def remember(self, ref: DateRef) -> None:
        if ref.year:
            self.year = int(ref.year)
        if len(ref.date) == 10:
            self.day = _parse_iso(ref.date)


@dataclass
class Group:
    """Actors named together ("Japan, South Korea and Vietnam"), as one party."""

    mentions: list[Mention]
    compound: bool = False

    @property
    def start(self) -> int:
        return self.mentions[0].start

    @property
    def end(self) -> int:
        return self.mentions[-1].end

    @property
    def codes(self) -> list[str]:
        return list(dict.fromkeys(m.code for m in self.mentions))

    @property
    def possessive(self) -> bool:
        return self.mentions[-1].possessive

    @property
    def adjective(self) -> bool:
        return self.mentions[-1].adjective

    @property
    def label(self) -> str:
        return "/".join(m.form for m in self.mentions)


@dataclass(frozen=True)
class Cue:
    """A matched kind cue."""

    start: int
    end: int
    rule: CueRule
    text: str


@dataclass
class Clause:
    """One clause of a sentence: its span, opener, actor groups, cues, figures, dates."""

    span: Span
    opener: str
    groups: list[Group]
    via: list[Group]
    cues: list[Cue]
    figures: list[Figure]
    dates: list[DateRef]
    places: list[Span]
    antecedent: Group | None = None


@dataclass
class Candidate:
    """One extracted relation before it becomes a row."""

    source: str
    target: str
    kind: str
    clause: Clause
    cue: Cue
    binding: str
    via: str = ""
    figure: Figure | None = None
    extra_figures: list[Figure] = field(default_factory=list)
    date: DateRef | None = None
    direction: str = ""
    #: how a reference in the quote was read ("'the two countries' read as PAK, AFG")
    resolved: str = ""


def _parse_iso(value: str) -> dt.date:
    return dt.date.fromisoformat(value)
