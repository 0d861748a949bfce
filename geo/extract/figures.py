"""Figures and dates: money, shares and dates in a sentence, and how dates resolve.

Relative dates ("last year", "Nov. 1") resolve against the publication date and the
last date mentioned (:class:`~geo.extract.spans._Clock`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from geo.extract.spans import DateRef, Figure, _alternation, _Clock

CURRENCIES: dict[str, str] = {
    "US$": "USD",
    "USD": "USD",
    "$": "USD",
    "dollars": "USD",
    "US dollars": "USD",
    "€": "EUR",
    "EUR": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "pounds": "GBP",
    "A$": "AUD",
    "C$": "CAD",
    "R$": "BRL",
    "yuan": "CNY",
    "renminbi": "CNY",
    "yen": "JPY",
    "rubles": "RUB",
    "roubles": "RUB",
    "rupees": "INR",
}


#: Multipliers to billions.
SCALES: dict[str, float] = {
    "trillion": 1000.0,
    "tn": 1000.0,
    "billion": 1.0,
    "bn": 1.0,
    "b": 1.0,
    "million": 0.001,
    "mn": 0.001,
    "m": 0.001,
}


SHARE_WORDS: dict[str, float] = {
    "half": 50,
    "a half": 50,
    "one half": 50,
    "a third": 33.3,
    "one third": 33.3,
    "one-third": 33.3,
    "two thirds": 66.7,
    "two-thirds": 66.7,
    "a quarter": 25,
    "one quarter": 25,
    "one-quarter": 25,
    "three quarters": 75,
    "three-quarters": 75,
    "a fifth": 20,
    "one fifth": 20,
    "one-fifth": 20,
}


MONTHS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


#: Relative date phrases: (pattern, unit, offset). ``context`` resolves against the last
#: year or date the article mentioned, the others against the publication date.
RELATIVE_DATES: tuple[tuple[str, str, int], ...] = (
    (r"the (?:previous|preceding) year|the year before", "context-year", -1),
    (r"that year|the same year", "context-year", 0),
    (r"the (?:following|next) day|a day later", "context-day", 1),
    (r"last year|a year ago|the past year", "year", -1),
    (r"(?:this|the current) year", "year", 0),
    (r"next year|the coming year", "year", 1),
    (r"(?:two|three|four|five|six|seven|eight|nine|ten|[0-9]+) years ago", "years-ago", 0),
    (r"this week", "week", 0),
    (r"last week", "week", -1),
    (r"next week", "week", 1),
    (r"this month", "month", 0),
    (r"last month", "month", -1),
    (r"next month", "month", 1),
    (r"yesterday", "day", -1),
    (r"today", "day", 0),
    (r"tomorrow", "day", 1),
)


_NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?"  # ASCII digits: \d also matches ٣ and ３


_SYMBOLS = sorted((c for c in CURRENCIES if not c.isalpha() or c.isupper()), key=len, reverse=True)


_WORD_CURRENCIES = sorted(
    (c for c in CURRENCIES if c.islower() or " " in c), key=len, reverse=True
)


_MONEY_SYMBOL = re.compile(
    r"(?P<cur>"
    + "|".join(re.escape(c) for c in _SYMBOLS)
    + r")\s?(?P<num>"
    + _NUM
    + r")\s*(?P<scale>trillion|billion|million|tn|bn|mn|b|m)?(?![\w])"
)


_MONEY_WORDS = re.compile(
    r"(?P<num>"
    + _NUM
    + r")\s*(?P<scale>trillion|billion|million)\s+(?P<cur>"
    + "|".join(re.escape(c) for c in _WORD_CURRENCIES)
    + r")\b"
)


_PERCENT = re.compile(r"(?P<num>[0-9]+(?:\.[0-9]+)?)\s*(?:percent|per cent|%)")


_SHARE = re.compile(r"\b(?P<word>" + _alternation(SHARE_WORDS) + r")\s+of\b", re.IGNORECASE)


_NP_STOP = re.compile(
    r"^(?:go|goes|went|flow|flows|flowed|is|are|was|were|come|comes|came|to|in|from|with|"
    r"for|and|on|by|at|that|which|reached|rose|fell|will|would|has|have|had)$",
    re.IGNORECASE,
)


def find_figures(text: str) -> list[Figure]:
    """Money and shares in ``text``: "$33 billion", "US$10.6bn", "33 billion dollars",
    "€2 billion", "half of", "40 percent". Money is in billions of its currency."""
    figures: list[Figure] = []
    for m in [*_MONEY_SYMBOL.finditer(text), *_MONEY_WORDS.finditer(text)]:
        number = float(m.group("num").replace(",", ""))
        scale = m.group("scale")
        if scale is None:
            if number < 1e6:
                continue
            billions = number / 1e9
        else:
            billions = number * SCALES[scale]
        figures.append(
            Figure(
                m.start(),
                m.end(),
                billions,
                f"{CURRENCIES[m.group('cur').strip()]} bn",
                m.group(0),
            )
        )
    for m in _PERCENT.finditer(text):
        figures.append(
            Figure(
                m.start(), m.end(), float(m.group("num")), _share_unit(text, m.end()), m.group(0)
            )
        )
    for m in _SHARE.finditer(text):
        value = SHARE_WORDS[m.group("word").lower()]
        figures.append(
            Figure(
                m.start(),
                m.end() - 3,
                value,
                _share_unit(text, m.end() - 3),
                m.group(0)[:-3].rstrip(),
            )
        )
    figures = [
        f
        for f in figures
        if not any(
            g is not f
            and g.start <= f.start
            and f.end <= g.end
            and (g.end - g.start) > (f.end - f.start)
            for g in figures
        )
    ]
    return sorted(figures, key=lambda f: f.start)


def _share_unit(text: str, end: int) -> str:
    rest = re.match(r"\s+of\s+((?:[\w’'\-]+\s*){1,6})", text[end:])
    if not rest:
        return "percent"
    words: list[str] = []
    for word in rest.group(1).split():
        if _NP_STOP.match(word) or len(words) == 5:
            break
        words.append(word)
    return "percent of " + " ".join(words) if words else "percent"


_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
    r"(?![a-z])\.?"
)


_NAMED_MONTH = re.compile(
    r"\b(?P<rel>last|this|next|in|on|since)\s+" + _MONTH + r"(?![\w.]*\s*[0-9])"
)


_ABSOLUTE_DATES = (
    re.compile(
        r"\b(?P<day>[0-9]{1,2})\s+" + _MONTH + r"(?:,?\s+(?P<year>(?:18|19|20)[0-9]{2}))?\b"
    ),
    re.compile(
        r"\b" + _MONTH + r"\s+(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?\b"
        r"(?:,?\s+(?P<year>(?:18|19|20)[0-9]{2}))?"
    ),
    re.compile(r"\b" + _MONTH + r",?\s+(?P<year>(?:18|19|20)[0-9]{2})\b"),
    re.compile(r"(?<![\w$€£.,])(?P<year>(?:18|19|20)[0-9]{2})(?![\w%]|\.[0-9]|,[0-9]| ?percent)"),
)


_RELATIVE = [
    (re.compile(r"\b" + p + r"\b", re.IGNORECASE), unit, n) for p, unit, n in RELATIVE_DATES
]


def find_dates(text: str, clock: _Clock) -> list[DateRef]:
    """Date expressions in ``text``, resolved where possible, in text order.

    ``clock`` holds the publication date and the last year/day seen; it is updated.
    """
    found: list[tuple[int, int, re.Match[str], str]] = []
    for pattern in _ABSOLUTE_DATES:
        found += [(m.start(), m.end(), m, "absolute") for m in pattern.finditer(text)]
    found += [
        (m.start("month"), m.end(), m, "named-month")
        for m in _NAMED_MONTH.finditer(text)
        if m.group("month") != "May" or m.group("rel") != "in"
    ]
    for pattern, unit, n in _RELATIVE:
        found += [(m.start(), m.end(), m, f"{unit}:{n}") for m in pattern.finditer(text)]
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    refs: list[DateRef] = []
    for start, end, m, how in found:
        if refs and start < refs[-1].end:
            continue
        ref = (
            _absolute(m, clock)
            if how == "absolute"
            else _named_month(m, clock)
            if how == "named-month"
            else _relative(m, how, clock)
        )
        ref = replace(ref, start=start, end=end)
        clock.remember(ref)
        refs.append(ref)
    return refs


def _absolute(m: re.Match[str], clock: _Clock) -> DateRef:
    groups = m.groupdict()
    year = groups.get("year")
    month = MONTHS[groups["month"][:3].lower()] if groups.get("month") else None
    day = int(groups["day"]) if groups.get("day") else None
    basis = ""
    if year is None and month and clock.published:
        candidate = dt.date(clock.published.year, month, min(day or 1, 28))
        year_n = clock.published.year - (1 if candidate > clock.published else 0)
        year, basis = str(year_n), f"'{m.group(0)}' = the last such date before publication"
    if year is None:
        return DateRef(0, 0, m.group(0), "", "", f"'{m.group(0)}' unresolved: no year")
    date = year if not month else f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")
    return DateRef(0, 0, m.group(0), year, date if month else "", basis)


def _named_month(m: re.Match[str], clock: _Clock) -> DateRef:
    """'last November', 'in March' without a year: the nearest such month before (last, in,
    on, since) or after (next) publication; 'this' means the publication year."""
    phrase = re.sub(r"(?<=[a-z]{4})\.$", "", m.group(0))
    month, rel = MONTHS[m.group("month")[:3].lower()], m.group("rel")
    base = clock.published
    if base is None:
        return DateRef(0, 0, phrase, "", "", f"'{phrase}' unresolved: no publication date")
    if rel == "this":
        year = base.year
    elif rel == "next":
        year = base.year + (1 if month <= base.month else 0)
    else:
        strictly_before = rel == "last"
        year = base.year - (
            1 if month > base.month or (strictly_before and month == base.month) else 0
        )
    return DateRef(
        0,
        0,
        phrase,
        str(year),
        f"{year}-{month:02d}",
        f"'{phrase}' = {year}-{month:02d} (published {base})",
    )


def _relative(m: re.Match[str], how: str, clock: _Clock) -> DateRef:
    unit, n = how.split(":")
    offset, phrase = int(n), m.group(0)
    base = clock.published
    if unit == "context-year":
        if clock.year is None:
            return DateRef(0, 0, phrase, "", "", f"'{phrase}' unresolved")
        year = clock.year + offset
        return DateRef(0, 0, phrase, str(year), "", f"'{phrase}' = {year}")
    if unit == "context-day":
        if clock.day is None:
            return DateRef(0, 0, phrase, "", "", f"'{phrase}' unresolved")
        day = clock.day + dt.timedelta(days=offset)
        return DateRef(0, 0, phrase, str(day.year), day.isoformat(), f"'{phrase}' = {day}")
    if base is None:
        return DateRef(0, 0, phrase, "", "", f"'{phrase}' unresolved: no publication date")
    if unit == "year":
        year = base.year + offset
        return DateRef(0, 0, phrase, str(year), "", f"'{phrase}' = {year} (published {base})")
    if unit == "years-ago":
        count = phrase.split()[0].lower()
        year = base.year - NUMBER_WORDS.get(count, int(count) if count.isdigit() else 0)
        return DateRef(0, 0, phrase, str(year), "", f"'{phrase}' = {year} (published {base})")
    if unit in {"week", "day"}:
        day = base + dt.timedelta(days=offset * (7 if unit == "week" else 1))
        date = day.isoformat()[:7] if unit == "week" else day.isoformat()
        return DateRef(
            0, 0, phrase, str(day.year), date, f"'{phrase}' = {date} (published {base})"
        )
    month_index = base.year * 12 + base.month - 1 + offset
    year, month = divmod(month_index, 12)
    return DateRef(
        0,
        0,
        phrase,
        str(year),
        f"{year}-{month + 1:02d}",
        f"'{phrase}' = {year}-{month + 1:02d} (published {base})",
    )
