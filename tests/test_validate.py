"""Validation: every problem found at once, each naming file, line, column, value, remedy."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import set_cell

from geo.errors import DataError, Problem
from geo.sources import load_data, table_from_csv
from geo.validate import (
    closest,
    date_error,
    find_problems,
    is_number,
    quote_hint,
    suggestion,
    validate,
)

# --- pure helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "choices", "expected"),
    [
        ("RUX", ["RUN", "RUS"], "RUS"),  # equally close: the more used one wins (see below)
        ("rus", ["RUS", "USA"], "RUS"),
        (" trade", ["trade", "arms"], "trade"),
        ("diplomcy", ["diplomacy", "dispute"], "diplomacy"),
        ("zzz", ["trade", "arms"], None),
        ("", ["trade"], None),
    ],
)
def test_closest(value, choices, expected):
    assert closest(value, choices, used={"RUS": 5}) == expected


def test_closest_prefers_a_shared_prefix_then_the_more_used_code():
    assert closest("RUZ", ["RUS", "UZB"]) == "RUS"
    assert closest("RUX", ["RUN", "RUS"], used={"RUN": 2}) == "RUN"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("RUX", "; did you mean 'RUS'?"),
        ("rus", "; did you mean 'RUS' (codes are upper-case)?"),
        ("RUS ", "; did you mean 'RUS' (without the spaces)?"),
        ("Trade", "; did you mean 'trade' (letter case matters)?"),
        ("RUS", ""),
        ("qqqqqq", ""),
    ],
)
def test_suggestion(value, expected):
    assert suggestion(value, ["RUS", "RUN", "trade"], {"RUS": 3}) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2013-11-12", None),
        ("2013-11", None),
        ("2013", None),
        ("2012-02-29", None),
        ("2013-02-29", "day is out of range for month"),
        ("2013-13", "month must be in 1..12"),
        ("1066-01-01", "the year is outside 1800-2100"),
        ("12/11/2013", "not in the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2013-1-5", "not in the form YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_date_error(value, reason):
    assert date_error(value) == reason


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("33", True),
        ("10.6", True),
        ("-4.5", True),
        ("1e3", False),
        ("nan", False),
        ("inf", False),
        (" 33", False),
        ("33.", False),
        ("", False),
        ("thirty", False),
    ],
)
def test_is_number_accepts_plain_decimals_only(value, ok):
    assert is_number(value) is ok


def test_quote_hint_shows_where_the_quote_stops_matching():
    text = "Putin’s trip this week to Vietnam"
    hint = quote_hint("Putin's trip this week", text)
    assert "'Putin'" in hint and "’s trip" in hint and "'s trip" in hint
    assert quote_hint("nothing like it", text) == ""


# --- the real data, broken on purpose ----------------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(data_dir: Path) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        validate(load_data(data_dir))
    return caught.value.problems


def _messages(data_dir: Path) -> list[str]:
    return [str(p) for p in _problems(data_dir)]


def test_the_project_data_is_valid(source_data):
    assert find_problems(source_data) == []


def test_line_numbers_count_physical_lines_after_a_multi_line_cell(data_copy):
    rel = data_copy / "relations.csv"
    set_cell(rel, "r002", "note", "first line\nsecond line\nthird line")
    set_cell(rel, "r004", "source", "RUZ")
    [problem] = _problems(data_copy)
    assert (Path(problem.file).name, problem.row, problem.field) == ("relations.csv", 7, "source")
    assert "'RUZ' is not an ISO 3166-1 alpha-3 code" in problem.message
    assert problem.message.endswith("did you mean 'RUS'?")


def test_a_problem_reads_file_line_column_value_expected_suggestion(data_copy):
    _edit(data_copy / "relations.csv", "r003,diplomacy,RUS", "r003,diplomacy,RUX")
    [message] = _messages(data_copy)
    assert message == (
        f"{data_copy / 'relations.csv'}, line 4, column 'source': 'RUX' is not an ISO 3166-1 "
        "alpha-3 code or a group code from groups.csv; did you mean 'RUS'?"
    )


def test_every_problem_in_every_file_is_reported_in_file_then_line_order(data_copy):
    _edit(data_copy / "relations.csv", ",2012,", ",1066,")
    _edit(data_copy / "relations.csv", "r003,diplomacy,RUS", "r003,diplomcy,RUS")
    _edit(data_copy / "places.csv", "58.6123", "95")
    _edit(data_copy / "route_waypoints.csv", "espo1,3,lensk,", "espo1,3,lenks,")
    where = [(Path(p.file).name, p.row, p.field) for p in _problems(data_copy)]
    assert where == [
        ("relations.csv", 4, "kind"),
        ("relations.csv", 6, "year"),
        ("places.csv", 2, "lat"),
        ("route_waypoints.csv", 4, "place"),
    ]


def test_kind_and_status_typos_get_a_suggestion(data_copy):
    _edit(data_copy / "relations.csv", "r003,diplomacy,RUS", "r003,Diplomacy,RUS")
    _edit(data_copy / "routes.csv", ",operating,", ",operatng,")
    messages = "\n".join(_messages(data_copy))
    assert "column 'kind': 'Diplomacy' is not one of arms, diplomacy" in messages
    assert "did you mean 'diplomacy' (letter case matters)?" in messages
    assert (
        "column 'status': 'operatng' is not one of operating, planned, proposed; did you "
        "mean 'operating'?" in messages
    )


def test_a_duplicate_id_names_the_line_that_has_it_first(data_copy):
    (data_copy / "story.csv").unlink()  # its step 1 names r003 too
    _edit(data_copy / "relations.csv", "r003,", "r002,")
    [problem] = _problems(data_copy)
    assert (problem.row, problem.field) == (4, "id")
    assert problem.message == "'r002' is not a unique id; line 3 has it too"


def test_a_repeated_waypoint_seq_is_reported_once(data_copy):
    _edit(data_copy / "route_waypoints.csv", "espo1,3,lensk,", "espo1,2,lensk,")
    [problem] = _problems(data_copy)
    assert (Path(problem.file).name, problem.row, problem.field) == (
        "route_waypoints.csv",
        4,
        "seq",
    )
    assert (
        "route='espo1', seq='2' is not a unique (route, seq) pair; line 3 has it too"
        in problem.message
    )


def test_a_route_needs_two_waypoints(data_copy):
    _edit(data_copy / "route_waypoints.csv", "sakhalin2_lng_niigata,1,prigorodnoye,sea\n", "")
    [message] = _messages(data_copy)
    assert (
        "routes.csv, line 8, column 'id': 'sakhalin2_lng_niigata' is not a route with at "
        "least two waypoints in route_waypoints.csv (it has 1)" in message
    )


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("2013-11-12", "2013-02-30", "day is out of range for month"),
        ("2013-11-12", "2013-11", "a real date written YYYY-MM-DD"),
        ("2013-11-12", "12 Nov 2013", "a real date written YYYY-MM-DD"),
    ],
)
def test_published_must_be_a_real_day(data_copy, old, new, reason):
    _edit(data_copy / "sources" / "documents.csv", old, new)
    [message] = _messages(data_copy)
    assert f"documents.csv, line 2, column 'published': '{new}' is not" in message
    assert reason in message


def test_the_title_must_be_the_first_line_of_the_document(data_copy):
    _edit(
        data_copy / "sources" / "documents.csv", "Global Insights: With", "Global insights: With"
    )
    [message] = _messages(data_copy)
    assert "column 'title': 'Global insights: With" in message
    assert "that line reads 'Global Insights: With" in message


def test_a_quote_not_in_the_article_says_where_it_diverges(data_copy):
    _edit(
        data_copy / "relations.csv",
        "Russian President Vladimir Putin’s trip",
        "Russian President Vladimir Putin's trip",
    )
    [message] = _messages(data_copy)
    assert "relations.csv, line 2, column 'quote': \"Russian President Vladimir Putin's" in message
    assert "is not found verbatim in its source_doc" in message
    assert "followed by '’s trip this' where the quote has \"'s trip this\"" in message


def test_a_missing_document_file_is_one_problem_not_one_per_quote(data_copy):
    _edit(data_copy / "sources" / "documents.csv", "weitz-2013-putin-asia-tour.txt", "missing.txt")
    [message] = _messages(data_copy)
    assert (
        "documents.csv, line 2, column 'path': 'missing.txt' is not the name of a "
        "readable file in data/sources/" in message
    )


def test_a_missing_column_stops_checks_that_depend_on_the_table(data_copy, caplog):
    _edit(data_copy / "places.csv", "id,name,country", "ident,name,country")
    _edit(data_copy / "relations.csv", ",2012,", ",1066,")
    messages = _messages(data_copy)
    assert "places.csv, line 1, column 'ident': unknown" in caplog.text
    assert len(messages) == 2  # nothing about waypoints naming unknown places
    assert (
        "places.csv, line 1, column 'id': missing column; the header needs id, name" in messages[1]
    )
    assert "column 'year': '1066' is not a year from 1800 to 2100" in messages[0]


def test_an_unknown_extra_column_only_warns(data_copy, caplog):
    places = data_copy / "places.csv"
    lines = places.read_text(encoding="utf-8").splitlines(keepends=True)
    places.write_text("".join(line.rstrip("\n") + ",x\n" for line in lines), encoding="utf-8")
    assert find_problems(load_data(data_copy)) == []
    [record] = [r for r in caplog.records if r.name == "geo" and r.levelname == "WARNING"]
    assert (
        "places.csv, line 1, column 'x': unknown column, ignored; the columns are id, name"
        in record.getMessage()
    )


def test_a_header_without_rows_is_a_problem(data_copy):
    groups = data_copy / "groups.csv"
    groups.write_text(groups.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    messages = _messages(data_copy)
    assert messages == [
        f"{groups}, line 1: has a header but no rows; expected at least one row below it"
    ]


def _edit_geojson(path: Path, number: int, geometry: dict | None) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][number - 1]["geometry"] = geometry
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_a_self_intersecting_polygon_names_file_feature_and_reason(data_copy):
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    _edit_geojson(data_copy / "derived" / "disputed.geojson", 1, bowtie)
    [problem] = _problems(data_copy)
    assert problem.file.endswith("disputed.geojson") and problem.row is None
    assert problem.message.startswith(
        "feature 1 (id 'dokdo'), property 'geometry': a Polygon "
        "is not a valid polygon (Self-intersection[0.5 0.5])"
    )


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        (None, "null is not a geometry"),
        ({"type": "Point", "coordinates": [10, 10]}, "a Point is not a Polygon or MultiPolygon"),
        (
            {"type": "Polygon", "coordinates": [[[170, 0], [200, 0], [200, 5], [170, 0]]]},
            "a Polygon is not within longitudes -180 to 180 and latitudes -90 to 90 "
            "(bounds 170, 0, 200, 5)",
        ),
    ],
)
def test_other_bad_country_geometries(data_copy, geometry, expected):
    _edit_geojson(data_copy / "derived" / "countries.geojson", 2, geometry)
    [problem] = _problems(data_copy)
    assert problem.file.endswith("countries.geojson")
    assert problem.message.startswith("feature 2 (")
    assert expected in problem.message


def test_a_dispute_without_a_derived_shape_is_named(data_copy):
    path = data_copy / "derived" / "disputed.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"] = [f for f in doc["features"] if f["properties"]["id"] != "dokdo"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    [message] = _messages(data_copy)
    assert (
        "disputes.csv, line 2, column 'id': 'dokdo' is not a dispute with a shape in "
        "derived/disputed.geojson" in message
    )


def test_a_code_list_suggests_the_corrected_list(data_copy):
    _edit(data_copy / "disputes.csv", "KOR,JPN;PRK", "KOR,JPX;PRK")
    [message] = _messages(data_copy)
    assert "column 'claimed_by': 'JPX;PRK' is not ISO 3166-1 alpha-3 codes" in message
    assert message.endswith("did you mean 'JPN;PRK'?")


def test_an_events_table_is_checked_against_places_relations_and_the_article(
    source_data, tmp_path
):
    path = tmp_path / "events.csv"
    path.write_text(
        "id,name,date,place,relations,later,quote,source_doc,source_url,note\n"
        "apec_2012,APEC summit,2012-09-08,russky_island,r005,false,"
        '"Last year, Russia hosted",weitz-2013,,\n'
        "visit,A visit,2013-02-30,moscw,r005;r999,maybe,,,,\n",
        encoding="utf-8",
    )
    tables = {**source_data.tables, "events": table_from_csv(path), "story": None}
    data = replace(source_data, tables=tables)  # no story: it names the real events
    messages = [str(p) for p in find_problems(data)]
    assert [m.split(": ", 1)[0].split(", ", 1)[1] for m in messages] == [
        "line 3",
        "line 3, column 'date'",
        "line 3, column 'place'",
        "line 3, column 'relations'",
        "line 3, column 'later'",
    ]
    assert "has no evidence" in messages[0]
    assert "'2013-02-30' is not a real date" in messages[1]
    assert "'moscw' is not a place id from places.csv; did you mean 'moscow'?" in messages[2]
    assert "'r005;r999' is not relation ids from relations.csv" in messages[3]


def test_relation_columns_match_the_schema(source_data):
    from geo.validate import RELATION_COLUMNS, _relations_schema

    required = [n for n, c in _relations_schema(source_data).columns.items() if c.required]
    assert tuple(required) == RELATION_COLUMNS


# --- encoding columns and outside trade figures ------------------------------------------------


def test_a_form_outside_the_vocabulary_is_named(data_copy):
    set_cell(data_copy / "relations.csv", "r050", "form", "arrow")
    [message] = _messages(data_copy)
    assert "relations.csv, line 51, column 'form': 'arrow' is not one of mutual, flow, claim" in (
        message
    )


def test_a_corridor_names_routes_and_needs_a_transit_country(data_copy):
    set_cell(data_copy / "relations.csv", "r055", "corridor", "trans_korean_gaz")
    set_cell(data_copy / "relations.csv", "r013", "corridor", "trans_korean_rail")
    messages = "\n".join(_messages(data_copy))
    assert "column 'corridor': 'trans_korean_gaz' is not route ids from routes.csv" in messages
    assert (
        "line 14, column 'corridor': 'trans_korean_rail' is not set only on a row with a "
        "transit country in via (empty here)"
    ) in messages


def test_trade_figures_are_checked_and_may_be_left_out(data_copy):
    path = data_copy / "trade_figures.csv"
    set_cell(path, "CHN", "source_url", "not a url")
    set_cell(path, "IND", "b", "AAA")
    messages = "\n".join(_messages(data_copy))
    assert "trade_figures.csv, line 2, column 'source_url': 'not a url' is not an http(s) URL" in (
        messages
    )
    assert "trade_figures.csv, line 3, column 'b': 'AAA' is not an ISO 3166-1 alpha-3 code" in (
        messages
    )
    path.unlink()  # a map of another article has no outside figures
    assert validate(load_data(data_copy)).tables["trade_figures"] is None


def test_validation_leaves_hypothesis_unimported_and_importable():
    code = (
        "import sys\n"
        "from geo.sources import load_data\n"
        "from geo.validate import validate\n"
        "validate(load_data())\n"
        "print('hypothesis' in sys.modules)\n"
        "import hypothesis\n"
        "print(hypothesis.__name__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "hypothesis"]
