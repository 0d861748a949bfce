"""Check every input table against its schema and against the other tables.

Schemas are pandera ``DataFrameSchema`` objects built for the data at hand (the allowed
codes, place ids and document texts come from the other tables). Validation is lazy: every
problem in every file is collected, then :class:`~geo.errors.DataError` is raised once,
each problem naming file, line, column, the bad value and what is expected.
Unknown extra columns only warn.
"""

from __future__ import annotations

import difflib
import re
import warnings
from collections.abc import Callable, Iterable

import pandas as pd
import pandera.pandas as pa
import pycountry
import shapely

from geo.errors import DataError, Problem
from geo.sources import SourceData

KINDS = ("trade", "investment", "arms", "energy", "diplomacy", "security", "dispute")
RELATION_STATUSES = (
    "reported", "agreed", "planned", "proposed", "sought", "expected", "opposed", "failed",
    "disputed", "unreviewed",
)
ROUTE_STATUSES = ("operating", "planned", "proposed")
COMMODITIES = ("oil", "gas", "lng", "rail")
MODES = ("pipeline", "shipping", "rail")
PRECISIONS = ("exact", "town-centre", "approximate")
YEAR_RANGE = (1800, 2100)

ISO3: frozenset[str] = frozenset(c.alpha_3 for c in pycountry.countries)

_URL = re.compile(r"^https?://\S+$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


def validate(data: SourceData) -> SourceData:
    """Validate every table of ``data``; return it unchanged or raise ``DataError``.

    Parameters
    ----------
    data
        The inputs as read by :func:`geo.sources.load_data`.

    Returns
    -------
    The same object, now known to be consistent.
    """
    problems: list[Problem] = []
    for name, frame in data.tables.items():
        problems += _check_columns(frame, _SCHEMAS[name](data))
    if not problems:  # cross-table checks assume every table has its columns
        for name, frame in data.tables.items():
            problems += _run_schema(frame, _SCHEMAS[name](data))
    problems += _check_geometries(data.countries) + _check_geometries(data.disputed)
    if problems:
        raise DataError(problems)
    return data


def known_codes(data: SourceData) -> set[str]:
    """ISO 3166-1 alpha-3 codes plus the group codes declared in ``groups.csv``."""
    return set(ISO3) | set(data.tables["groups"].get("code", pd.Series(dtype=str)))


# --- element checks ----------------------------------------------------------------------


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _optional(test: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda value: value == "" or test(value)


def _number_in(lo: float, hi: float) -> Callable[[str], bool]:
    return lambda value: _is_number(value) and lo <= float(value) <= hi


def _year(value: str) -> bool:
    return value.isdigit() and YEAR_RANGE[0] <= int(value) <= YEAR_RANGE[1]


def _check(test: Callable[[str], bool], expected: str) -> pa.Check:
    return pa.Check(test, element_wise=True, error=expected)


def _one_of(values: Iterable[str], what: str = "one of") -> pa.Check:
    allowed = sorted(values)
    shown = ", ".join(allowed) if len(allowed) <= 12 else f"{len(allowed)} declared values"
    return _check(lambda v: v in allowed, f"{what} {shown}")


def _col(*checks: pa.Check, unique: bool = False) -> pa.Column:
    return pa.Column(str, checks=list(checks), unique=unique, nullable=False)


def _text() -> pa.Column:
    return _col()


def _required_text() -> pa.Column:
    return _col(_check(lambda v: v.strip() != "", "a non-empty value"))


def _ids() -> pa.Column:
    return _col(_check(lambda v: bool(_ID.match(v)), "a lower-case id (a-z, 0-9, _ or -)"),
                unique=True)


def _codes(data: SourceData, *, optional: bool = False) -> pa.Column:
    codes = known_codes(data)
    test = _optional(codes.__contains__) if optional else codes.__contains__
    return _col(_check(test, "an ISO 3166-1 alpha-3 code or a group code from groups.csv"))


def _code_list(data: SourceData) -> pa.Column:
    codes = known_codes(data)
    return _col(_check(lambda v: v != "" and all(c in codes for c in v.split(";")),
                       "ISO 3166-1 alpha-3 codes separated by ';'"))


def _url() -> pa.Column:
    return _col(_check(_optional(lambda v: bool(_URL.match(v))), "an http(s) URL or empty"))


def _urls() -> pa.Column:
    return _col(_check(lambda v: all(_URL.match(u) for u in v.split()),
                       "http(s) URLs separated by spaces, or empty"))


def _lat(optional: bool = False) -> pa.Column:
    test = _number_in(-90, 90)
    return _col(_check(_optional(test) if optional else test, "a latitude from -90 to 90"))


def _lon(optional: bool = False) -> pa.Column:
    test = _number_in(-180, 180)
    return _col(_check(_optional(test) if optional else test, "a longitude from -180 to 180"))


def _doc_ref(data: SourceData) -> pa.Column:
    docs = set(data.texts)
    return _col(_check(_optional(docs.__contains__),
                       "the id of a document in sources/documents.csv, or empty"))


def _evidence_checks(data: SourceData) -> list[pa.Check]:
    """Row checks shared by every table that carries evidence."""

    def quoted_or_sourced(df: pd.DataFrame) -> pd.Series:
        return ((df["quote"] != "") & (df["source_doc"] != "")) | (df["source_url"] != "")

    def verbatim(df: pd.DataFrame) -> pd.Series:
        return pd.Series(
            [q == "" or q in data.texts.get(d, "") for q, d in
             zip(df["quote"], df["source_doc"], strict=True)],
            index=df.index,
        )

    return [
        pa.Check(quoted_or_sourced, error="each row needs a quote with its source_doc, "
                 "or a source_url"),
        pa.Check(verbatim, error="quote: text must occur verbatim in its source_doc"),
    ]


# --- schemas, one per table --------------------------------------------------------------


def _documents_schema(data: SourceData) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "id": _ids(), "title": _required_text(), "author": _required_text(),
        "publication": _required_text(),
        "published": _col(_check(lambda v: bool(_DATE.match(v)), "an ISO date YYYY-MM-DD")),
        "date_basis": _required_text(),
        "path": _col(_check(lambda v: v != "" and not v.startswith(("/", "..")),
                            "a file name inside data/sources/")),
    }, checks=[pa.Check(lambda df: df["id"].isin(list(data.texts)), error=
                        "path: the document file is missing from data/sources/")])


def _relations_schema(data: SourceData) -> pa.DataFrameSchema:
    def unit_with_value(df: pd.DataFrame) -> pd.Series:
        return (df["value"] == "") | (df["unit"] != "")

    return pa.DataFrameSchema({
        "id": _ids(), "kind": _col(_one_of(KINDS)),
        "source": _codes(data), "target": _codes(data), "via": _codes(data, optional=True),
        "value": _col(_check(_optional(_number_in(0, float("inf"))),
                             "a non-negative number or empty")),
        "unit": _text(),
        "year": _col(_check(_optional(_year), f"a year from {YEAR_RANGE[0]} to "
                            f"{YEAR_RANGE[1]} or empty")),
        "date": _col(_check(_optional(lambda v: bool(_DATE.match(v))),
                            "an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) or empty")),
        "status": _col(_one_of(RELATION_STATUSES)),
        "quote": _text(), "source_doc": _doc_ref(data), "source_url": _url(), "note": _text(),
        "other_value": _text(), "other_source_url": _urls(),
    }, checks=[*_evidence_checks(data),
               pa.Check(lambda df: (df["other_value"] == "") == (df["other_source_url"] == ""),
                        error="other_source_url: other_value and other_source_url go together"),
               pa.Check(unit_with_value, error="unit: a value needs a unit")])


def _groups_schema(data: SourceData) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "code": _col(_check(lambda v: bool(re.fullmatch(r"[A-Z]{3,6}", v)) and v not in ISO3,
                            "an upper-case group code (3-6 letters) that is not an ISO code"),
                     unique=True),
        "name": _required_text(), "definition": _required_text(), "source_url": _url(),
    })


def _group_members_schema(data: SourceData) -> pa.DataFrameSchema:
    groups = set(data.tables["groups"].get("code", []))
    return pa.DataFrameSchema({
        "group": _col(_one_of(groups, "a group code from groups.csv:")),
        "member": _col(_check(ISO3.__contains__, "an ISO 3166-1 alpha-3 code")),
    })


def _places_schema(data: SourceData) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "id": _ids(), "name": _required_text(),
        "country": _col(_check(ISO3.__contains__, "an ISO 3166-1 alpha-3 code")),
        "lat": _lat(), "lon": _lon(), "role": _required_text(),
        "precision": _col(_one_of(PRECISIONS)),
        "source_url": _col(_check(lambda v: bool(_URL.match(v)), "an http(s) URL")),
        "note": _text(),
    })


def _routes_schema(data: SourceData) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "id": _ids(), "name": _required_text(), "commodity": _col(_one_of(COMMODITIES)),
        "mode": _col(_one_of(MODES)), "status": _col(_one_of(ROUTE_STATUSES)),
        "approximate": _col(_one_of(("true", "false"))),
        "opened": _col(_check(_optional(lambda v: bool(_DATE.match(v))),
                              "an ISO date or empty")),
        "quote": _text(), "source_doc": _doc_ref(data), "source_url": _text(),
        "note": _text(),
    }, checks=_evidence_checks(data))


def _waypoints_schema(data: SourceData) -> pa.DataFrameSchema:
    routes = set(data.tables["routes"].get("id", []))
    places = set(data.tables["places"].get("id", []))
    return pa.DataFrameSchema({
        "route": _col(_one_of(routes, "a route id from routes.csv:")),
        "seq": _col(_check(lambda v: v.isdigit(), "a whole number")),
        "place": _col(_one_of(places, "a place id from places.csv:")),
    }, unique=["route", "seq"])


def _disputes_schema(data: SourceData) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "id": _ids(), "name": _required_text(), "other_names": _text(),
        "administered_by": _code_list(data), "claimed_by": _code_list(data),
        "since": _col(_check(_optional(lambda v: bool(_DATE.match(v))),
                             "a year or ISO date, or empty")),
        "ref_lat": _lat(optional=True), "ref_lon": _lon(optional=True), "ne_unit": _text(),
        "quote": _text(), "source_doc": _doc_ref(data), "source_url": _text(),
        "note": _text(),
    }, checks=_evidence_checks(data))


_SCHEMAS: dict[str, Callable[[SourceData], pa.DataFrameSchema]] = {
    "documents": _documents_schema,
    "relations": _relations_schema,
    "groups": _groups_schema,
    "group_members": _group_members_schema,
    "places": _places_schema,
    "routes": _routes_schema,
    "waypoints": _waypoints_schema,
    "disputes": _disputes_schema,
}


# --- running schemas and turning failures into problems ------------------------------------


def _check_columns(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Problem]:
    path = frame.attrs.get("path", "?")
    expected, present = list(schema.columns), list(frame.columns)
    extra = [c for c in present if c not in expected]
    if extra:
        warnings.warn(f"{path}: ignoring unknown column(s) {', '.join(extra)}", stacklevel=3)
    problems = [Problem(path, 1, col, f"missing column; the header needs {', '.join(expected)}")
                for col in expected if col not in present]
    if not problems and frame.empty:
        problems.append(Problem(path, None, None, "has a header but no rows"))
    return problems


def _run_schema(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Problem]:
    path = frame.attrs.get("path", "?")
    subset = frame[list(schema.columns)]
    try:
        schema.validate(subset, lazy=True)
    except pa.errors.SchemaErrors as err:
        return sorted(_problems_from_failures(path, err.failure_cases, frame),
                      key=lambda p: (p.row or 0, p.field or ""))
    return []


def _problems_from_failures(path: str, cases: pd.DataFrame, frame: pd.DataFrame
                            ) -> list[Problem]:
    problems = []
    for case in cases.to_dict("records"):
        index, column, check = case.get("index"), case.get("column"), str(case.get("check"))
        line = int(index) + 2 if pd.notna(index) else None
        if case.get("schema_context") == "DataFrameSchema" and ":" in check[:20]:
            column, check = check.split(":", 1)[0], check.split(":", 1)[1].strip()
        elif case.get("schema_context") == "DataFrameSchema":
            column = None
        if check == "field_uniqueness" or check.startswith("multiple_fields_uniqueness"):
            problems.append(Problem(path, line, column, f"duplicate value {case['failure_case']!r}"
                                    "; ids must be unique"))
            continue
        if column is not None and pd.notna(index) and column in frame.columns:
            value = frame.at[index, column]
            problems.append(Problem(path, line, column,
                                    f"{value!r} is not {check}{_suggest(value, column)}"))
        else:
            problems.append(Problem(path, line, column, check))
    return _dedupe(problems)


def _suggest(value: str, column: str) -> str:
    if column not in {"source", "target", "via", "member", "country", "administered_by",
                      "claimed_by"} or not value:
        return ""
    if value.upper() in ISO3:
        return f"; did you mean {value.upper()!r} (codes are upper-case)?"
    close = difflib.get_close_matches(value.upper(), sorted(ISO3), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check_geometries(frame: pd.DataFrame) -> list[Problem]:
    path = frame.attrs.get("path", "?")
    problems = []
    geoms = frame.geometry.values
    for i, (valid, empty) in enumerate(zip(shapely.is_valid(geoms), shapely.is_empty(geoms),
                                           strict=True)):
        if empty or geoms[i] is None:
            problems.append(Problem(path, None, "geometry", f"feature {i + 1} is empty"))
        elif not valid:
            reason = shapely.is_valid_reason(geoms[i])
            problems.append(Problem(path, None, "geometry",
                                    f"feature {i + 1} is invalid ({reason}); "
                                    "re-derive it with `make data` or repair it"))
    return problems


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: dict[Problem, None] = {}
    for p in problems:
        seen.setdefault(p)
    return list(seen)
