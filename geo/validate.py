"""Check every input against its schema and against the other inputs.

Schemas are pandera ``DataFrameSchema`` objects built for the data at hand (the allowed
codes, place ids and document texts come from the other tables), one per CSV table and one
per derived GeoJSON file. Validation is lazy: every problem in every file is collected, then
:class:`~geo.errors.DataError` is raised once, each problem naming file, line (or feature),
column, the bad value and what is expected, in the form::

    FILE, line N, column 'C': 'VALUE' is not EXPECTED; did you mean 'X'?

Unknown extra columns only warn. A table whose header lacks a column is reported once and
not checked further, nor is any table that refers to it, so one missing column does not
bury the report under follow-on errors.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import pandas as pd
import pycountry
import shapely

from geo.errors import DataError, Problem, shown
from geo.sources import SourceData

log = logging.getLogger("geo")


@contextmanager
def _without_hypothesis() -> Iterator[None]:
    """Imports inside it see no ``hypothesis``, unless it is loaded already.

    pandera's pandas checks import its data-synthesis strategies, which import hypothesis
    when it is installed (half a second); validation never synthesises data. A ``None`` in
    ``sys.modules`` makes that optional import fail as if hypothesis were not installed;
    it is taken out again, so a later ``import hypothesis`` works as usual.
    """
    if "hypothesis" in sys.modules:
        yield
        return
    sys.modules["hypothesis"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if sys.modules.get("hypothesis", 0) is None:
            del sys.modules["hypothesis"]


with _without_hypothesis():
    # the checks module, which the first validation imports, is what imports hypothesis
    import pandera.backends.pandas.builtin_checks  # noqa: F401
    import pandera.pandas as pa

#: The columns of ``relations.csv``, in order (extracted candidates add ``confidence``).
RELATION_COLUMNS: tuple[str, ...] = (
    "id", "kind", "source", "target", "via", "value", "unit", "year", "date", "status",
    "quote", "source_doc", "source_url", "note", "other_value", "other_source_url",
)  # fmt: skip
#: Optional columns of ``relations.csv`` (an older table or an extraction may leave them
#: out): ``corridor``, the routes a transit relation follows; ``form``, how the sentence
#: relates the two ends (see :mod:`geo.layers.encoding`; empty: the kind's default).
RELATION_OPTIONAL: tuple[str, ...] = ("corridor", "form")
#: What ``form`` may say: two-way, a flow from actor to partner, a territorial claim, a
#: stance about others' conduct (:mod:`geo.layers.encoding` says how each is drawn).
FORMS: tuple[str, ...] = ("mutual", "flow", "claim", "stance")
KINDS = ("trade", "investment", "arms", "energy", "diplomacy", "security", "dispute")
RELATION_STATUSES = (
    "reported",
    "agreed",
    "planned",
    "proposed",
    "sought",
    "expected",
    "opposed",
    "failed",
    "disputed",
    "unreviewed",
)
ROUTE_STATUSES = ("operating", "planned", "proposed")
COMMODITIES = ("oil", "gas", "lng", "rail")
MODES = ("pipeline", "shipping", "rail")
PRECISIONS = ("exact", "town-centre", "approximate")
#: What ``labels.csv`` names, and the languages of its names (``en``: Latin-script forms).
LABEL_KINDS = ("sea", "feature", "city")
LABEL_LANGS = ("en", "ru", "ja", "ko", "zh", "vi")
PLACE_ROLES = ("capital", "city", "port", "terminal", "border", "field", "plant", "waypoint")
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
#: How a route's stretch from one waypoint to the next is drawn (``route_waypoints.csv`` leg).
LEGS = ("land", "sea")
YEAR_RANGE = (1800, 2100)

#: Values ``relations.csv`` may give, by unit: (unit pattern, low, high, whole numbers only,
#: low excluded, what the unit is called in messages), first match wins. A value outside its
#: range is a typo or an attack: 1e30 USD bn draws a trade line wider than the map.
UNIT_RANGES: tuple[tuple[str, float, float, bool, bool, str], ...] = (
    (r"USD bn", 0, 100_000, False, True, "USD bn"),
    (r"[A-Z]{3} bn", 0, 10_000_000, False, True, "billions of a currency"),
    (r"percent\b.*", 0, 100, False, False, "a percent… unit"),
    (r"rank\b.*", 1, 300, True, False, "a rank… unit"),
    (r"meetings", 1, 1_000, True, False, "meetings"),
    (r".*", 0, 1_000_000_000, False, False, "any other unit"),
)
#: A quote is evidence only if it holds at least this many words (a lone space or comma is
#: found in any text).
MIN_QUOTE_WORDS = 2

ISO3: frozenset[str] = frozenset(c.alpha_3 for c in pycountry.countries)

#: Inputs each input refers to: a table is checked only when they all have their columns.
DEPENDS: dict[str, tuple[str, ...]] = {
    "documents": (),
    "relations": ("documents", "groups", "routes"),
    "groups": (),
    "group_members": ("groups",),
    "places": (),
    "routes": ("documents", "waypoints"),
    "waypoints": ("routes", "places", "sea_lanes"),
    "disputes": ("documents", "groups", "disputed"),
    "events": ("documents", "places", "relations"),
    "trade_figures": (),
    "labels": ("places", "disputes"),
    "countries": (),
    "disputed": (),
    "sea_lanes": ("places",),
    "story": ("documents", "relations", "places", "routes", "disputes", "events", "groups"),
}

#: Text appended to a problem's message: ``hint(value, row)``, e.g. "; did you mean 'RUS'?".
Hint = Callable[[object, pd.Series], str]

# Digits are ASCII only: Python's \d also matches Arabic-Indic or fullwidth digits, which
# pandas cannot read as numbers.
_URL = re.compile(r"^https?://\S+$")
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_WHOLE = re.compile(r"[0-9]+")
_WORD = re.compile(r"\w+")
_SHOWN_LENGTH = 80
_REDERIVE = "; repair the file or re-derive it with `make data`"


def validate(data: SourceData) -> SourceData:
    """Validate every input of ``data``; return it unchanged or raise ``DataError``.

    Parameters
    ----------
    data
        The inputs as read by :func:`geo.sources.load_data`.

    Returns
    -------
    The same object, now known to be consistent, its tables without the unknown extra
    columns the warnings said are ignored (so no map or export carries them).

    Raises
    ------
    DataError
        Carrying every problem found, in file order, then line order.
    """
    problems = find_problems(data)
    if problems:
        raise DataError(problems)
    for name, frame in data.tables.items():
        if name in _SCHEMAS and frame is not None:
            known = set(_SCHEMAS[name](data).columns)
            extra = [col for col in frame.columns if col not in known]
            if extra:
                data.tables[name] = frame.drop(columns=extra)
    return data


def find_problems(data: SourceData) -> list[Problem]:
    """Every problem in ``data``: missing columns first, then values and references.

    Logs a warning (logger ``geo``) once per unknown extra column.
    """
    frames = {name: frame for name, frame in input_frames(data).items() if name in _SCHEMAS}
    schemas = {name: _SCHEMAS[name](data) for name in frames}
    found = {name: check_columns(frame, schemas[name]) for name, frame in frames.items()}
    broken = {name for name, problems in found.items() if problems}
    for name, frame in frames.items():
        if not found[name] and not broken.intersection(DEPENDS[name]):
            found[name] = run_schema(frame, schemas[name])
    return [p for name in frames for p in found[name]]


def input_frames(data: SourceData) -> dict[str, pd.DataFrame]:
    """The tables and the derived geometries, by name, in the order they are reported."""
    return {
        **{name: frame for name, frame in data.tables.items() if frame is not None},
        "countries": data.countries,
        "disputed": data.disputed,
        "sea_lanes": data.sea_lanes,
    }


def known_codes(data: SourceData) -> set[str]:
    """ISO 3166-1 alpha-3 codes plus the group codes declared in ``groups.csv``."""
    return set(ISO3) | _values(data.tables["groups"], "code")


# --- element tests (pure, on one cell's text) --------------------------------------------------


def is_number(value: str, *, lo: float = -math.inf, hi: float = math.inf) -> bool:
    """``value`` is a plain decimal number (``33``, ``-4.5``, ASCII digits) from ``lo`` to
    ``hi``; never infinite (a 400-digit value would read as infinity)."""
    if not _NUMBER.fullmatch(value):
        return False
    number = float(value)
    return math.isfinite(number) and lo <= number <= hi


def is_year(value: str) -> bool:
    """``value`` is a four-digit year within :data:`YEAR_RANGE`."""
    return (
        bool(_WHOLE.fullmatch(value))
        and len(value) == 4
        and YEAR_RANGE[0] <= int(value) <= YEAR_RANGE[1]
    )


def date_error(value: str) -> str | None:
    """Why ``value`` is not a real ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date, or None."""
    match = _DATE.fullmatch(value)
    if not match:
        return "not in the form YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = (int(g) if g else 1 for g in match.groups())
    if not is_year(match.group(1)):
        return f"the year is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}"
    try:
        dt.date(year, month, day)
    except ValueError as err:
        return str(err)
    return None


def is_date(value: str) -> bool:
    """``value`` is a real date written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    return date_error(value) is None


def is_day(value: str) -> bool:
    """``value`` is a real date written ``YYYY-MM-DD``."""
    return bool(_DAY.fullmatch(value)) and is_date(value)


def unit_range(unit: str) -> tuple[float, float, bool, bool, str]:
    """(low, high, whole numbers only, low excluded, label) for values of ``unit``; see
    :data:`UNIT_RANGES`."""
    for pattern, lo, hi, whole, open_low, label in UNIT_RANGES:
        if re.fullmatch(pattern, unit.strip()):
            return lo, hi, whole, open_low, label
    raise AssertionError("UNIT_RANGES ends with a catch-all")  # pragma: no cover


def unit_range_error(value: str, unit: str) -> str | None:
    """Why ``value`` is out of range for ``unit`` (the allowed range), or None when it is in
    range or not a plain number at all (that is reported on its own)."""
    if not _NUMBER.fullmatch(value):
        return None
    number = float(value)
    lo, hi, whole, open_low, label = unit_range(unit)
    if not math.isfinite(number):
        ok = False
    elif open_low:
        ok = lo < number < hi
    else:
        ok = lo <= number <= hi
    if ok and (not whole or number.is_integer()):
        return None
    kind = "a whole number" if whole else "a number"
    span = (
        f"greater than {lo:,.0f} and less than {hi:,.0f}"
        if open_low
        else f"from {lo:,.0f} to {hi:,.0f}"
    )
    what = f"unit {unit!r}" if unit else "a value without a unit"
    return f"for {what} ({label}) the value must be {kind} {span}"


def closest(
    value: str, choices: Iterable[str], used: Mapping[str, int] | None = None
) -> str | None:
    """The allowed value ``value`` was most likely meant to be, or None.

    Parameters
    ----------
    value
        The value that is not allowed.
    choices
        The allowed values.
    used
        How often each allowed value occurs in the data; breaks ties between equally close
        choices (``'RUX'`` is as close to ``'RUN'`` as to ``'RUS'``).

    Returns
    -------
    A choice equal to ``value`` but for letter case or surrounding spaces; else the most
    similar choice (:class:`difflib.SequenceMatcher` ratio 0.6 or better, then the longest
    common prefix, then the most used); else None.
    """
    folded: dict[str, str] = {}
    for choice in sorted(choices):
        folded.setdefault(choice.casefold(), choice)
    key = value.strip().casefold()
    if not key:
        return None
    if key in folded:
        return folded[key]
    used = used or {}
    # quick_ratio() bounds ratio() from above and is symmetric, so choices it rules out
    # could never be suggested; with seq2 fixed, difflib indexes ``key`` only once (a
    # hint among 5,000 ids would otherwise cost a full comparison per id)
    bound = difflib.SequenceMatcher(None)
    bound.set_seq2(key)
    scored = [(0.0, 0, 0, "")]
    for f, c in folded.items():
        bound.set_seq1(f)
        if bound.real_quick_ratio() >= 0.6 and bound.quick_ratio() >= 0.6:
            ratio = difflib.SequenceMatcher(None, key, f).ratio()
            scored.append((ratio, _prefix(key, f), used.get(c, 0), c))
    ratio, _, _, best = min(scored, key=lambda s: (-s[0], -s[1], -s[2], s[3]))
    return best if ratio >= 0.6 else None


def suggestion(value: str, choices: Iterable[str], used: Mapping[str, int] | None = None) -> str:
    """``"; did you mean 'X'?"`` for a value that is not among ``choices``, else ``""``."""
    choices = set(choices)
    if value in choices:
        return ""
    best = closest(value, choices, used)
    if best is None:
        return ""
    why = ""
    if best == value.strip():
        why = " (without the spaces)"
    elif best.casefold() == value.strip().casefold():
        why = " (codes are upper-case)" if best.isupper() else " (letter case matters)"
    return f"; did you mean {best!r}{why}?"


def quote_hint(quote: str, text: str) -> str:
    """Where ``quote`` stops matching ``text``: the longest prefix found, then the difference.

    Parameters
    ----------
    quote
        The quote that is not a substring of ``text``.
    text
        The source document.

    Returns
    -------
    ``"; the document has '…matched' followed by 'x' where the quote has 'y'"``, or ``""``
    when not even the first character occurs.
    """
    lo, hi = 0, len(quote)  # quote[:lo] occurs in text; find the longest such prefix
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo < 3:
        return ""
    at = text.find(quote[:lo]) + lo
    return (
        f"; the document has {_clip(quote[:lo], 30, left=True)!r} followed by "
        f"{text[at : at + 12]!r} where the quote has {quote[lo : lo + 12]!r}"
    )


# --- schema building blocks ------------------------------------------------------------------


def _values(frame: pd.DataFrame | None, column: str) -> set[str]:
    if frame is None or column not in frame.columns:
        return set()
    return {str(v) for v in frame[column] if pd.notna(v)}


def _optional(test: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda value: value == "" or test(value)


def _check(test: Callable, expected: str, *, ignore_na: bool = True) -> pa.Check:
    return pa.Check(test, element_wise=True, error=expected, ignore_na=ignore_na)


def _col(*checks: pa.Check, unique: bool = False, hint: Hint | None = None) -> pa.Column:
    return pa.Column(
        str,
        checks=list(checks),
        unique=unique,
        nullable=False,
        metadata={"hint": hint} if hint else None,
    )


def _prefix(a: str, b: str) -> int:
    """Length of the common prefix of two strings."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _choices_hint(choices: Iterable[str], used: Mapping[str, int] | None = None) -> Hint:
    allowed = frozenset(choices)
    return lambda value, _row: suggestion(str(value), allowed, used)


def _codes_used(data: SourceData) -> Counter[str]:
    """How often each code occurs in the tables, to prefer familiar codes in suggestions."""
    t = data.tables
    columns = [
        (t["relations"], "source"),
        (t["relations"], "target"),
        (t["places"], "country"),
        (t["group_members"], "member"),
    ]
    return Counter(str(v) for frame, col in columns if col in frame.columns for v in frame[col])


def _one_of(values: Iterable[str], what: str = "") -> pa.Column:
    allowed = sorted(values)
    expected = what or f"one of {', '.join(allowed)}"
    return _col(_check(lambda v: v in allowed, expected), hint=_choices_hint(allowed))


def _text() -> pa.Column:
    return _col()


def _required_text() -> pa.Column:
    return _col(_check(lambda v: v.strip() != "", "a non-empty value"))


def _ids(hint: Hint | None = None) -> pa.Column:
    return _col(
        _check(lambda v: bool(_ID.match(v)), "a lower-case id (a-z, 0-9, _ or -)"),
        unique=True,
        hint=hint,
    )


def _codes(data: SourceData, *, optional: bool = False) -> pa.Column:
    known = known_codes(data)
    test = _optional(known.__contains__) if optional else known.__contains__
    return _col(
        _check(test, "an ISO 3166-1 alpha-3 code or a group code from groups.csv"),
        hint=_choices_hint(known, _codes_used(data)),
    )


def _code_list(data: SourceData) -> pa.Column:
    known, used = known_codes(data), _codes_used(data)

    def hint(value: object, _row: pd.Series) -> str:
        codes = str(value).split(";")
        fixed = [c if c in known else (closest(c, known, used) or c) for c in codes]
        return f"; did you mean {';'.join(fixed)!r}?" if fixed != codes else ""

    return _col(
        _check(
            lambda v: v != "" and all(c in known for c in v.split(";")),
            "ISO 3166-1 alpha-3 codes separated by ';'",
        ),
        hint=hint,
    )


def _url(*, optional: bool = True) -> pa.Column:
    def test(v: str) -> bool:
        return bool(_URL.match(v))

    return _col(
        _check(
            _optional(test) if optional else test,
            "an http(s) URL or empty" if optional else "an http(s) URL",
        )
    )


def _urls() -> pa.Column:
    return _col(
        _check(
            lambda v: all(_URL.match(u) for u in v.split()),
            "http(s) URLs separated by spaces, or empty",
        )
    )


def _coordinate(axis: str, limit: float, *, optional: bool = False) -> pa.Column:
    def test(v: str) -> bool:
        return is_number(v, lo=-limit, hi=limit)

    expected = f"a {axis} from {-limit:g} to {limit:g}" + (" or empty" if optional else "")
    return _col(_check(_optional(test) if optional else test, expected))


def _date(expected: str, *, day: bool = False, optional: bool = True) -> pa.Column:
    test = is_day if day else is_date

    def hint(value: object, _row: pd.Series) -> str:
        why = date_error(str(value)) if _DATE.fullmatch(str(value)) else None
        return f" ({why})" if why else ""

    return _col(_check(_optional(test) if optional else test, expected), hint=hint)


def _doc_ref(data: SourceData) -> pa.Column:
    docs = _values(data.tables["documents"], "id")
    return _col(
        _check(
            _optional(docs.__contains__), "the id of a document in sources/documents.csv, or empty"
        ),
        hint=_choices_hint(docs),
    )


def _evidence_checks(data: SourceData) -> list[pa.Check]:
    """Row checks shared by every table that carries evidence."""

    def quoted_or_sourced(df: pd.DataFrame) -> pd.Series:
        return ((df["quote"] != "") & (df["source_doc"] != "")) | (df["source_url"] != "")

    def verbatim(df: pd.DataFrame) -> pd.Series:
        # a source_doc without text is reported by its own check, not once per quote
        return pd.Series(
            [
                q == "" or d not in data.texts or q in data.texts[d]
                for q, d in zip(df["quote"], df["source_doc"], strict=True)
            ],
            index=df.index,
        )

    return [
        pa.Check(
            quoted_or_sourced,
            error="has no evidence: give a quote with its source_doc, or a source_url",
        ),
        pa.Check(verbatim, error="quote: found verbatim in its source_doc"),
    ]


def _quote_column(data: SourceData) -> pa.Column:
    def hint(value: object, row: pd.Series) -> str:
        text = data.texts.get(str(row.get("source_doc", "")))
        return quote_hint(str(value), text) if text else ""

    return _col(
        _check(
            _optional(lambda v: len(_WORD.findall(v)) >= MIN_QUOTE_WORDS),
            f"a verbatim quote of at least {MIN_QUOTE_WORDS} words, or empty",
        ),
        hint=hint,
    )


def _geometry() -> pa.Column:
    def present(g: Any) -> bool:
        return isinstance(g, shapely.Geometry) and not g.is_empty

    def within_bounds(g: Any) -> bool:
        if not present(g):
            return True
        x0, y0, x1, y1 = g.bounds
        return -180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90

    def hint(g: Any, _row: pd.Series) -> str:
        if present(g) and not g.is_valid:
            return f" ({shapely.is_valid_reason(g)}){_REDERIVE}"
        if present(g) and not within_bounds(g):
            return f" (bounds {', '.join(f'{b:g}' for b in g.bounds)}){_REDERIVE}"
        return _REDERIVE

    return pa.Column(
        None,
        nullable=True,
        metadata={"hint": hint},
        checks=[
            _check(present, "a geometry", ignore_na=False),
            _check(
                lambda g: not present(g) or g.geom_type in GEOMETRY_TYPES,
                "a Polygon or MultiPolygon",
            ),
            _check(
                lambda g: not present(g) or g.geom_type not in GEOMETRY_TYPES or g.is_valid,
                "a valid polygon",
            ),
            _check(within_bounds, "within longitudes -180 to 180 and latitudes -90 to 90"),
        ],
    )


# --- schemas, one per input --------------------------------------------------------------------


def _documents_schema(data: SourceData) -> pa.DataFrameSchema:
    def first_line(df: pd.DataFrame) -> pd.Series:
        return pd.Series(
            [
                i not in data.texts or t == _first_line(data.texts[i])
                for i, t in zip(df["id"], df["title"], strict=True)
            ],
            index=df.index,
        )

    # name the folder the user passed, not the project's default
    folder = f"data/sources/ (here {shown(data.data_dir / 'sources')}/)"

    def title_hint(_value: object, row: pd.Series) -> str:
        text = data.texts.get(str(row.get("id")))
        return f"; that line reads {_clip(_first_line(text), 80)!r}" if text else ""

    return pa.DataFrameSchema(
        {
            "id": _ids(),
            "title": _col(_check(lambda v: v.strip() != "", "a non-empty value"), hint=title_hint),
            "author": _required_text(),
            "publication": _required_text(),
            "published": _date("a real date written YYYY-MM-DD", day=True, optional=False),
            "date_basis": _required_text(),
            "path": _col(
                _check(
                    lambda v: v != "" and not v.startswith(("/", "..")),
                    f"a file name inside {folder}",
                )
            ),
        },
        checks=[
            pa.Check(
                lambda df: df["id"].isin(list(data.texts)) | (df["path"] == ""),
                error=f"path: the name of a readable file in {folder}",
            ),
            pa.Check(first_line, error="title: the first line of the document file"),
        ],
    )


# long because: a declarative schema, one entry per column of relations.csv
def _relations_schema(data: SourceData) -> pa.DataFrameSchema:
    routes = _values(data.tables.get("routes"), "id")

    def unit_with_value(df: pd.DataFrame) -> pd.Series:
        return (df["value"] == "") | (df["unit"] != "")

    def date_in_year(df: pd.DataFrame) -> pd.Series:
        return (
            (df["date"] == "")
            | (df["year"] == "")
            | pd.Series(
                [d.startswith(y) for d, y in zip(df["date"], df["year"], strict=True)],
                index=df.index,
            )
        )

    def value_in_range(df: pd.DataFrame) -> pd.Series:
        return pd.Series(
            [
                v == "" or unit_range_error(v, u) is None
                for v, u in zip(df["value"], df["unit"], strict=True)
            ],
            index=df.index,
        )

    def value_hint(value: object, row: pd.Series) -> str:
        why = unit_range_error(str(value), str(row.get("unit", "")))
        return f"; {why}" if why else ""

    return pa.DataFrameSchema(
        {
            "id": _ids(),
            "kind": _one_of(KINDS),
            "source": _codes(data),
            "target": _codes(data),
            "via": _codes(data, optional=True),
            "value": _col(
                _check(_optional(lambda v: is_number(v, lo=0)), "a non-negative number or empty"),
                hint=value_hint,
            ),
            "unit": _text(),
            "year": _col(
                _check(
                    _optional(is_year), f"a year from {YEAR_RANGE[0]} to {YEAR_RANGE[1]} or empty"
                )
            ),
            "date": _date("a real date written YYYY, YYYY-MM or YYYY-MM-DD, or empty"),
            "status": _one_of(RELATION_STATUSES),
            "quote": _quote_column(data),
            "source_doc": _doc_ref(data),
            "source_url": _url(),
            "note": _text(),
            "other_value": _text(),
            "other_source_url": _urls(),
            "form": pa.Column(
                str,
                checks=[
                    _check(_optional(FORMS.__contains__), f"one of {', '.join(FORMS)}, or empty")
                ],
                nullable=False,
                required=False,
            ),
            "corridor": pa.Column(
                str,
                checks=[
                    _check(
                        lambda v: all(r in routes for r in v.split()),
                        "route ids from routes.csv separated by spaces, or empty",
                    )
                ],
                nullable=False,
                required=False,
            ),
            # machine-extracted candidates (geo extract) also say how sure the rule was
            "confidence": pa.Column(
                str,
                checks=[
                    _check(
                        _optional(lambda v: is_number(v, lo=0, hi=1)),
                        "a number from 0 to 1 or empty",
                    )
                ],
                nullable=False,
                required=False,
            ),
        },
        checks=[
            *_evidence_checks(data),
            pa.Check(
                lambda df: (df["other_value"] == "") == (df["other_source_url"] == ""),
                error="other_source_url: set if and only if other_value is set",
            ),
            pa.Check(unit_with_value, error="unit: a non-empty unit, since value is set"),
            pa.Check(value_in_range, error="value: a number in the range allowed for its unit"),
            pa.Check(
                lambda df: df["source"] != df["target"],
                error="target: a code other than the row's source",
            ),
            pa.Check(date_in_year, error="date: in the row's year"),
            pa.Check(
                lambda df: (
                    (df["corridor"] == "") | (df["via"] != "")
                    if "corridor" in df.columns
                    else pd.Series(True, index=df.index)
                ),
                error="corridor: set only on a row with a transit country in via (empty here)",
            ),
        ],
    )


def _groups_schema(data: SourceData) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "code": _col(
                _check(
                    lambda v: bool(re.fullmatch(r"[A-Z]{3,6}", v)) and v not in ISO3,
                    "an upper-case group code (3-6 letters) that is not an ISO code",
                ),
                unique=True,
            ),
            "name": _required_text(),
            "definition": _required_text(),
            "source_url": _url(),
        }
    )


def _group_members_schema(data: SourceData) -> pa.DataFrameSchema:
    groups = _values(data.tables["groups"], "code")
    return pa.DataFrameSchema(
        {
            "group": _one_of(groups, "a group code from groups.csv"),
            "member": _col(
                _check(ISO3.__contains__, "an ISO 3166-1 alpha-3 code"),
                hint=_choices_hint(ISO3, _codes_used(data)),
            ),
        },
        unique=["group", "member"],
    )


def _places_schema(data: SourceData) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": _ids(),
            "name": _required_text(),
            "country": _col(
                _check(ISO3.__contains__, "an ISO 3166-1 alpha-3 code"),
                hint=_choices_hint(ISO3, _codes_used(data)),
            ),
            "lat": _coordinate("latitude", 90),
            "lon": _coordinate("longitude", 180),
            "role": _one_of(PLACE_ROLES),
            "precision": _one_of(PRECISIONS),
            "source_url": _url(optional=False),
            "note": _text(),
        }
    )


def _routes_schema(data: SourceData) -> pa.DataFrameSchema:
    stops = data.tables["waypoints"]
    counts = stops["route"].value_counts() if "route" in stops.columns else pd.Series()

    def id_hint(value: object, _row: pd.Series) -> str:
        n = int(counts.get(value, 0))
        return f" (it has {n})" if n < 2 else ""

    return pa.DataFrameSchema(
        {
            "id": _ids(id_hint),
            "name": _required_text(),
            "commodity": _one_of(COMMODITIES),
            "mode": _one_of(MODES),
            "status": _one_of(ROUTE_STATUSES),
            "approximate": _one_of(("true", "false")),
            "opened": _date("a real date written YYYY, YYYY-MM or YYYY-MM-DD, or empty"),
            "quote": _quote_column(data),
            "source_doc": _doc_ref(data),
            "source_url": _url(),
            "note": _text(),
            "system": _col(
                _check(lambda v: bool(_ID.match(v)), "a lower_snake system id (e.g. 'espo')")
            ),
            "crosses": _col(
                _check(
                    lambda v: v == "" or all(c in ISO3 for c in v.split(" ")),
                    "ISO 3166-1 alpha-3 codes separated by single spaces (e.g. 'RUS CHN'), "
                    "or empty for a pure sea lane",
                ),
                hint=_crosses_hint(_codes_used(data)),
            ),
        },
        checks=[
            *_evidence_checks(data),
            pa.Check(
                lambda df: df["id"].map(lambda r: counts.get(r, 0) >= 2).astype(bool),
                error="id: a route with at least two waypoints in route_waypoints.csv",
            ),
        ],
    )


def _waypoints_schema(data: SourceData) -> pa.DataFrameSchema:
    routes = _values(data.tables["routes"], "id")
    places = _values(data.tables["places"], "id")
    lanes = _lane_pairs(data.sea_lanes)
    return pa.DataFrameSchema(
        {
            "route": _one_of(routes, "a route id from routes.csv"),
            "seq": _col(
                _check(
                    lambda v: bool(_WHOLE.fullmatch(v)) and 1 <= int(v) <= 100_000,
                    "a whole number from 1 to 100000",
                )
            ),
            "place": _one_of(places, "a place id from places.csv"),
            "leg": _col(
                _check(
                    lambda v: v in ("", *LEGS),
                    "'land' or 'sea' (how the stretch to the route's next waypoint is drawn), "
                    "or empty on its last waypoint",
                )
            ),
        },
        unique=["route", "seq"],
        checks=[
            pa.Check(
                lambda df: (df["leg"] == "") == _last_stop(df),
                error="leg: 'land' or 'sea' on every waypoint but a route's last, which has "
                "no next stretch and leaves it empty",
            ),
            pa.Check(
                lambda df: _lane_present(df, lanes),
                error="leg: a sea leg with a lane in derived/sea_lanes.geojson "
                "(run `make data` after adding a sea leg)",
            ),
        ],
    )


def _last_stop(df: pd.DataFrame) -> pd.Series:
    """True on each route's last waypoint (highest seq); False elsewhere."""
    seq = pd.to_numeric(df["seq"], errors="coerce")
    return (seq == seq.groupby(df["route"]).transform("max")).astype(bool)


def _lane_present(df: pd.DataFrame, lanes: set[tuple[str, str]]) -> pd.Series:
    """False on a sea leg whose (place, next place) has no derived lane."""
    seq = pd.to_numeric(df["seq"], errors="coerce")
    order = df.assign(_seq=seq).sort_values(["route", "_seq"])
    following = order.groupby("route")["place"].shift(-1)
    ok = [
        leg != "sea" or (place, nxt) in lanes
        for leg, place, nxt in zip(order["leg"], order["place"], following, strict=True)
    ]
    return pd.Series(ok, index=order.index).reindex(df.index).astype(bool)


def _crosses_hint(used: Counter[str]) -> Hint:
    def hint(value: object, _row: pd.Series) -> str:
        codes = str(value).replace(";", " ").replace(",", " ").split()
        fixed = [c if c in ISO3 else (closest(c, ISO3, used) or c) for c in codes]
        shown = " ".join(fixed)
        return f"; did you mean {shown!r}?" if shown != value else ""

    return hint


def _disputes_schema(data: SourceData) -> pa.DataFrameSchema:
    shapes = _values(data.disputed, "id")

    def both_or_neither(df: pd.DataFrame) -> pd.Series:
        return (df["ref_lat"] == "") == (df["ref_lon"] == "")

    return pa.DataFrameSchema(
        {
            "id": _ids(),
            "name": _required_text(),
            "other_names": _text(),
            "administered_by": _code_list(data),
            "claimed_by": _code_list(data),
            "since": _date("a real year or date (YYYY, YYYY-MM or YYYY-MM-DD), or empty"),
            "ref_lat": _coordinate("latitude", 90, optional=True),
            "ref_lon": _coordinate("longitude", 180, optional=True),
            "ne_unit": _text(),
            "quote": _quote_column(data),
            "source_doc": _doc_ref(data),
            "source_url": _url(),
            "note": _text(),
        },
        checks=[
            *_evidence_checks(data),
            pa.Check(both_or_neither, error="ref_lon: set if and only if ref_lat is set"),
            pa.Check(
                lambda df: df["id"].isin(list(shapes)),
                error="id: a dispute with a shape in derived/disputed.geojson "
                "(run `make data` after editing disputes.csv)",
            ),
        ],
    )


def _events_schema(data: SourceData) -> pa.DataFrameSchema:
    relations = _values(data.tables["relations"], "id")

    def relations_hint(value: object, _row: pd.Series) -> str:
        ids = [r for r in str(value).split(";") if r]
        fixed = [r if r in relations else (closest(r, relations) or r) for r in ids]
        return f"; did you mean {';'.join(fixed)!r}?" if fixed != ids else ""

    return pa.DataFrameSchema(
        {
            "id": _ids(),
            "name": _required_text(),
            "date": _date("a real date written YYYY, YYYY-MM or YYYY-MM-DD", optional=False),
            "place": _one_of(_values(data.tables["places"], "id"), "a place id from places.csv"),
            "relations": _col(
                _check(
                    lambda v: all(r in relations for r in v.split(";") if r),
                    "relation ids from relations.csv separated by ';', or empty",
                ),
                hint=relations_hint,
            ),
            "later": _one_of(("true", "false")),
            "quote": _quote_column(data),
            "source_doc": _doc_ref(data),
            "source_url": _urls(),
            "note": _text(),
        },
        checks=_evidence_checks(data),
    )


def _labels_schema(data: SourceData) -> pa.DataFrameSchema:
    refs = {
        "feature": _values(data.tables["disputes"], "id"),
        "city": _values(data.tables["places"], "id"),
        "sea": {""},
    }

    def ref_known(df: pd.DataFrame) -> pd.Series:
        return pd.Series(
            [
                ref in refs.get(kind, set())
                for kind, ref in zip(df["kind"], df["ref"], strict=True)
            ],
            index=df.index,
        )

    def anchored(df: pd.DataFrame) -> pd.Series:
        sea = df["kind"] == "sea"
        return (sea & (df["lat"] != "") & (df["lon"] != "")) | (
            ~sea & (df["lat"] == "") & (df["lon"] == "")
        )

    return pa.DataFrameSchema(
        {
            "id": _col(_check(lambda v: bool(_ID.match(v)), "a lower-case id (a-z, 0-9, _ or -)")),
            "kind": _one_of(LABEL_KINDS),
            "lang": _one_of(LABEL_LANGS),
            "name": _required_text(),
            "lat": _coordinate("latitude", 90, optional=True),
            "lon": _coordinate("longitude", 180, optional=True),
            "ref": _text(),
            "source_url": _url(optional=False),
            "note": _text(),
        },
        checks=[
            pa.Check(
                ref_known,
                error="ref: a disputes.csv id for a feature, a places.csv id for a city, "
                "empty for a sea",
            ),
            pa.Check(
                anchored,
                error="lat, lon: a sea's label anchor (both set); empty for features and "
                "cities, which are placed at their ref",
            ),
        ],
        unique=["id", "lang", "name"],
    )


def _countries_schema(data: SourceData) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "iso3": _col(
                _check(_optional(ISO3.__contains__), "an ISO 3166-1 alpha-3 code or empty"),
                hint=_choices_hint(ISO3),
            ),
            "name": _required_text(),
            "geometry": _geometry(),
        }
    )


def _disputed_schema(data: SourceData) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "id": _ids(),
            "basis": _required_text(),
            "geometry": _geometry(),
        }
    )


def _lane_pairs(lanes: pd.DataFrame | None) -> set[tuple[str, str]]:
    if lanes is None or "from" not in lanes.columns or "to" not in lanes.columns:
        return set()
    return set(zip(lanes["from"], lanes["to"], strict=True))


def _sea_lanes_schema(data: SourceData) -> pa.DataFrameSchema:
    places = _values(data.tables["places"], "id")

    def line(g: Any) -> bool:
        return isinstance(g, shapely.Geometry) and g.geom_type == "LineString" and not g.is_empty

    return pa.DataFrameSchema(
        {
            "from": _one_of(places, "a place id from places.csv"),
            "to": _one_of(places, "a place id from places.csv"),
            "km": _col(_check(lambda v: is_number(v, lo=0), "a length in km")),
            "geometry": pa.Column(
                None,
                nullable=True,
                metadata={"hint": lambda _g, _row: _REDERIVE},
                checks=[_check(line, "a LineString", ignore_na=False)],
            ),
        },
        unique=["from", "to"],
    )


def feature_ids(data: SourceData) -> set[str]:
    """The ids a story step may name: a relation, route, dispute, place or event id, or a
    country or group code (its shape, or its marker)."""
    t = data.tables
    tables = [("relations", "id"), ("routes", "id"), ("disputes", "id"), ("places", "id")]
    tables.append(("events", "id"))
    return known_codes(data).union(*(_values(t[name], col) for name, col in tables))


def is_bbox(value: str) -> bool:
    """``"west south east north"`` in degrees: west before east (east up to 360, for the
    Pacific-centred frame), south below north."""
    parts = value.split()
    if len(parts) != 4 or not all(is_number(p) for p in parts):
        return False
    west, south, east, north = (float(p) for p in parts)
    return -180 <= west < east <= 360 and -90 <= south < north <= 90


def _feature_id_list(known: set[str]) -> pa.Column:
    """A column of feature ids separated by spaces, or empty; the hint names the unknown."""

    def hint(value: object, _row: pd.Series) -> str:
        bad = [i for i in str(value).split() if i not in known]
        return "; unknown: " + ", ".join(
            f"{b!r} (did you mean {c!r}?)" if (c := closest(b, known)) else repr(b) for b in bad
        )

    return _col(
        _check(
            lambda v: all(i in known for i in v.split()),
            "relation, route, dispute, place or event ids or country or group codes, "
            "separated by spaces, or empty",
        ),
        hint=hint,
    )


def _story_checks(data: SourceData) -> list[pa.Check]:
    """Row checks of ``story.csv``: numbered in order, a view, the quote verbatim."""

    def numbered(df: pd.DataFrame) -> pd.Series:
        expected = [str(n) for n in range(1, len(df) + 1)]
        return pd.Series([s == e for s, e in zip(df["step"], expected, strict=True)], df.index)

    def verbatim(df: pd.DataFrame) -> pd.Series:
        pairs = zip(df["quote"], df["source_doc"], strict=True)
        return pd.Series([d not in data.texts or q in data.texts[d] for q, d in pairs], df.index)

    return [
        pa.Check(numbered, error="step: the steps numbered 1, 2, 3 … in order"),
        pa.Check(
            lambda df: (df["bbox"] != "") | (df["fit"] != "") | (df["highlight"] != ""),
            error="bbox: a view for the step: a bbox, or features in fit or highlight",
        ),
        pa.Check(verbatim, error="quote: found verbatim in its source_doc"),
    ]


def _story_schema(data: SourceData) -> pa.DataFrameSchema:
    known = feature_ids(data)

    def quote_where(value: object, row: pd.Series) -> str:
        text = data.texts.get(str(row.get("source_doc", "")))
        return quote_hint(str(value), text) if text else ""

    return pa.DataFrameSchema(
        {
            "step": _col(_check(lambda v: bool(_WHOLE.fullmatch(v)), "a step number")),
            "title": _required_text(),
            "quote": _col(
                _check(
                    lambda v: len(_WORD.findall(v)) >= MIN_QUOTE_WORDS,
                    f"the article's sentence, verbatim, at least {MIN_QUOTE_WORDS} words",
                ),
                hint=quote_where,
            ),
            "source_doc": _one_of(
                _values(data.tables["documents"], "id"),
                "the id of a document in sources/documents.csv",
            ),
            "layers": _col(
                _check(
                    lambda v: bool(v.split()) and all(_ID.match(x) for x in v.split()),
                    "layer slugs (e.g. trade-flows) separated by spaces",
                )
            ),
            "highlight": _feature_id_list(known),
            "fit": _feature_id_list(known),
            "bbox": _col(
                _check(
                    _optional(is_bbox),
                    "'west south east north' in degrees (west < east <= 360, "
                    "south < north), or empty",
                )
            ),
            "note": _text(),
        },
        checks=_story_checks(data),
    )


def _trade_figures_schema(data: SourceData) -> pa.DataFrameSchema:
    """Two-way trade figures from outside the article, one per pair and year."""
    return pa.DataFrameSchema(
        {
            "a": _col(_check(ISO3.__contains__, "an ISO 3166-1 alpha-3 code")),
            "b": _col(_check(ISO3.__contains__, "an ISO 3166-1 alpha-3 code")),
            "year": _col(_check(is_year, f"a year from {YEAR_RANGE[0]} to {YEAR_RANGE[1]}")),
            "value": _col(
                _check(lambda v: unit_range_error(v, "USD bn") is None, "a number of USD bn")
            ),
            "unit": _one_of(("USD bn",)),
            "publisher": _required_text(),
            "source_url": _url(optional=False),
            "note": _text(),
        },
        checks=[
            pa.Check(
                lambda df: df["a"] < df["b"],
                error="b: a code after a in alphabetical order (one row per pair)",
            ),
        ],
        unique=["a", "b", "year"],
    )


_SCHEMAS: dict[str, Callable[[SourceData], pa.DataFrameSchema]] = {
    "documents": _documents_schema,
    "relations": _relations_schema,
    "groups": _groups_schema,
    "group_members": _group_members_schema,
    "places": _places_schema,
    "routes": _routes_schema,
    "waypoints": _waypoints_schema,
    "disputes": _disputes_schema,
    "events": _events_schema,
    "labels": _labels_schema,
    "countries": _countries_schema,
    "disputed": _disputed_schema,
    "sea_lanes": _sea_lanes_schema,
    "story": _story_schema,
    "trade_figures": _trade_figures_schema,
}


# --- running schemas and turning failures into problems --------------------------------------


def check_columns(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Problem]:
    """Missing columns (problems), unknown extra columns (logged as warnings on the ``geo``
    logger) and an empty table.

    Parameters
    ----------
    frame
        A table or geometry file as read.
    schema
        Its schema.

    Returns
    -------
    One problem per missing column, or one for a table without rows.
    """
    path = _path(frame)
    features = frame.attrs.get("features", False)
    known, present = list(schema.columns), list(frame.columns)
    expected = [name for name, column in schema.columns.items() if column.required]
    if not features:
        for col in present:
            if col not in known:
                message = f"unknown column, ignored; the columns are {', '.join(expected)}"
                # one line through logging, not Python's warning format (which would show
                # this module's path and source line)
                log.warning("%s", Problem(path, 1, shown(col), message))
    what = "property; each feature needs" if features else "column; the header needs"
    problems = [
        Problem(path, None if features else 1, col, f"missing {what} {', '.join(expected)}")
        for col in expected
        if col not in present
    ]
    if not problems and frame.empty:
        problems.append(
            Problem(path, None, None, "has no features")
            if features
            else Problem(
                path, 1, None, "has a header but no rows; expected at least one row below it"
            )
        )
    return problems


def run_schema(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Problem]:
    """Validate ``frame`` lazily against ``schema``; every failure as a :class:`Problem`."""
    subset = frame[[c for c in schema.columns if c in frame.columns]]
    try:
        schema.validate(subset, lazy=True)
    except pa.errors.SchemaErrors as err:
        return problems_from_failures(frame, schema, err.failure_cases)
    return []


def problems_from_failures(
    frame: pd.DataFrame, schema: pa.DataFrameSchema, cases: pd.DataFrame
) -> list[Problem]:
    """Turn pandera's failure cases into problems, one per cell (or row), in file order.

    A DataFrame-wide check whose error reads ``"column: expected"`` is reported on that
    column; one without a column prefix is reported for the whole row. A cell that fails
    several checks is reported once, for its column check. Of rows that repeat a unique
    key, each one after the first is reported, naming the first.
    """
    order = {c: i for i, c in enumerate(schema.columns)}
    found: dict[tuple[int, int, str], Problem | None] = {}
    firsts = _FirstRows(frame)
    records = sorted(cases.to_dict("records"), key=lambda c: c["schema_context"] != "Column")
    for case in records:
        index, column, check = case.get("index"), case.get("column"), str(case.get("check"))
        if pd.isna(index):  # a check that failed for the whole column, or could not run
            found[(-1, order.get(column, -1), check)] = Problem(
                _path(frame),
                None,
                column,
                f"failed the check {check!r} ({case.get('failure_case')})",
            )
            continue
        if check == "multiple_fields_uniqueness":
            column = list(schema.unique or [column])[-1]
        elif case.get("schema_context") == "DataFrameSchema":
            name, _, rest = check.partition(": ")
            column, check = (name, rest) if rest and name in order else (None, check)
        key = (int(index), order.get(column, -1), "" if column else check)
        if key not in found:
            found[key] = _problem(frame, schema, int(index), column, check, firsts)
    return [p for _, p in sorted(found.items(), key=lambda kv: kv[0][:2]) if p is not None]


def _problem(
    frame: pd.DataFrame,
    schema: pa.DataFrameSchema,
    index: int,
    column: str | None,
    check: str,
    firsts: _FirstRows,
) -> Problem | None:
    path = _path(frame)
    line, where = _locate(frame, index)
    if check in ("field_uniqueness", "multiple_fields_uniqueness"):
        keys = [str(column)] if check == "field_uniqueness" else list(schema.unique or [])
        message = _duplicate(frame, keys, index, firsts)
        if message and where:
            return Problem(path, None, None, f"{where}, property '{column}': {message}")
        return Problem(path, line, column, message) if message else None
    if column is None:
        return Problem(path, line, None, f"{where}: {check}" if where else check)
    value, row = frame.at[index, column], frame.loc[index]
    hint = (schema.columns[column].metadata or {}).get("hint")
    message = f"{_show(value)} is not {check}{hint(value, row) if hint else ''}"
    if where:  # a GeoJSON feature: no line, so name the property in the text
        return Problem(path, None, None, f"{where}, property '{column}': {message}")
    return Problem(path, line, column, message)


def _locate(frame: pd.DataFrame, index: int) -> tuple[int | None, str]:
    """(line, prefix): a CSV row's physical line, or a GeoJSON feature's number and name."""
    if frame.attrs.get("features"):
        row = frame.loc[index]
        label = next((f" ({k} {row[k]!r})" for k in ("id", "iso3", "name") if row.get(k)), "")
        return None, f"feature {index + 1}{label}"
    lines = frame.attrs.get("lines")
    return (lines[index] if lines else index + 2), ""


class _FirstRows:
    """For each set of key columns, the first row holding each key: built once per table in
    one pass, so reporting n repeated keys costs O(n), not a scan of the table per repeat
    (which made 5,000 duplicates take hours)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.tables: dict[tuple[str, ...], tuple[dict[tuple, int], dict[int, tuple]]] = {}

    def first(self, keys: list[str], index: int) -> tuple[tuple, int]:
        """(the key of row ``index``, the first row with that key)."""
        cols = tuple(keys)
        if cols not in self.tables:
            first: dict[tuple, int] = {}
            key_of: dict[int, tuple] = {}
            columns = [self.frame[k].tolist() for k in cols]
            for i, key in zip(self.frame.index, zip(*columns, strict=True), strict=True):
                first.setdefault(key, i)
                key_of[i] = key
            self.tables[cols] = (first, key_of)
        first, key_of = self.tables[cols]
        key = key_of[index]
        return key, first[key]


def _duplicate(frame: pd.DataFrame, keys: list[str], index: int, firsts: _FirstRows) -> str | None:
    """The message for a repeated key, or None for its first occurrence."""
    key, first_index = firsts.first(keys, index)
    if first_index == index:
        return None
    line, where = _locate(frame, first_index)
    first = f"line {line}" if line is not None else where
    if keys == ["id"]:
        return f"{_show(key[0])} is not a unique id; {first} has it too"
    if len(keys) == 1:
        return f"{_show(key[0])} is not unique in this column; {first} has it too"
    shown = ", ".join(f"{k}={_show(v)}" for k, v in zip(keys, key, strict=True))
    return f"{shown} is not a unique ({', '.join(keys)}) pair; {first} has it too"


def _show(value: object) -> str:
    if isinstance(value, shapely.Geometry):
        return f"an empty {value.geom_type}" if value.is_empty else f"a {value.geom_type}"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "null"
    return repr(_clip(str(value), _SHOWN_LENGTH))


def _clip(text: str, length: int, *, left: bool = False) -> str:
    if len(text) <= length:
        return text
    return "…" + text[-(length - 1) :] if left else text[: length - 1] + "…"


def _first_line(text: str) -> str:
    """The document's title line: its first line with text on it (a document may start
    with blank lines, as `geo extract` reads it), without surrounding spaces."""
    blank = " \t\u00a0\u200b\ufeff"
    return next((line.strip(blank) for line in text.splitlines() if line.strip(blank)), "")


def _path(frame: pd.DataFrame) -> str:
    """The file a frame was read from, as shown in messages (control characters escaped)."""
    return shown(frame.attrs.get("path", "?"))
