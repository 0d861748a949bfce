"""A corpus of bad inputs: each breaks a copy of the real data one way and runs ``geo build``.

A rejected input must exit 2, print a message naming the file, the line (or the GeoJSON
feature), the column and the bad value, and write nothing. A warned input (an unknown extra
column) and accepted inputs (a byte order mark, Windows line endings, markup in text
fields) must build.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import Mutation, page_texts, rewrite

from geo.cli import main

# --- mutations of a data folder ---------------------------------------------------------------


def replace(rel: str, old: str, new: str) -> Mutation:
    """Replace the first ``old`` in ``rel`` by ``new`` (``old`` must be there)."""

    def mutate(data: Path) -> None:
        path = data / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{rel} has no {old!r}: the corpus is out of date"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def set_cell(rel: str, row_id: str, column: str, value: str) -> Mutation:
    """Set one cell, found by the row's first cell and the column name; RFC 4180 quoting."""

    def mutate(data: Path) -> None:
        path = data / rel
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        col = rows[0].index(column)
        hits = [row for row in rows[1:] if row[0] == row_id]
        assert hits, f"{rel} has no row {row_id!r}"
        hits[0][col] = value
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)

    return mutate


def every_csv(change: Callable[[bytes], bytes]) -> Mutation:
    """Rewrite the bytes of every CSV table."""

    def mutate(data: Path) -> None:
        for path in sorted(data.rglob("*.csv")):
            path.write_bytes(change(path.read_bytes()))

    return mutate


def set_geometry(rel: str, number: int, geometry: dict | None) -> Mutation:
    """Replace the geometry of feature ``number`` (1-based) of a GeoJSON file."""

    def mutate(data: Path) -> None:
        path = data / rel
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["features"][number - 1]["geometry"] = geometry
        path.write_text(json.dumps(doc), encoding="utf-8")

    return mutate


def drop_column(rel: str, name: str) -> Mutation:
    """Remove a column from the header and every row of ``rel``."""

    def mutate(data: Path) -> None:
        path = data / rel
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        col = rows[0].index(name)
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(r[:col] + r[col + 1 :] for r in rows)

    return mutate


def add_column(rel: str, name: str, value: str) -> Mutation:
    """Append a column to every row of ``rel``."""

    def mutate(data: Path) -> None:
        path = data / rel
        lines = path.read_text(encoding="utf-8").splitlines()
        out = [f"{lines[0]},{name}", *(f"{line},{value}" for line in lines[1:])]
        path.write_text("\n".join(out) + "\n", encoding="utf-8")

    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(data: Path) -> None:
        for m in mutations:
            m(data)

    return mutate


# --- the corpus -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """A rejected input: where the message must point, and what else it must say."""

    mutate: Mutation
    where: str  # "relations.csv, line 4, column 'source'" or "disputed.geojson: feature 1"
    says: tuple[str, ...] = ()


BOWTIE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
ESPO_QUOTE = "which also buy Russia’s oil and gas"

REJECTED: dict[str, Bad] = {
    "missing column": Bad(
        drop_column("places.csv", "lat"),
        "places.csv, line 1, column 'lat'",
        ("missing column; the header needs id, name, country, lat, lon",),
    ),
    "column name missing from the header only": Bad(
        replace("places.csv", "id,name,country,lat,lon", "id,name,country,lon"),
        "places.csv, line 1",
        ("names 8 columns but every row has 9 cells",),
    ),
    "unknown country code": Bad(
        replace("relations.csv", "r003,diplomacy,RUS", "r003,diplomacy,RUX"),
        "relations.csv, line 4, column 'source'",
        ("'RUX' is not an ISO 3166-1 alpha-3 code or a group code", "did you mean 'RUS'?"),
    ),
    "lower-case code": Bad(
        replace("places.csv", "aldan,Aldan,RUS,", "aldan,Aldan,rus,"),
        "places.csv, line 2, column 'country'",
        ("'rus' is not an ISO 3166-1 alpha-3 code", "did you mean 'RUS' (codes are upper-case)?"),
    ),
    "unknown code in a list": Bad(
        replace("disputes.csv", "KOR,JPN;PRK", "KOR,JPX;PRK"),
        "disputes.csv, line 2, column 'claimed_by'",
        ("'JPX;PRK' is not ISO 3166-1 alpha-3 codes", "did you mean 'JPN;PRK'?"),
    ),
    "non-numeric value": Bad(
        replace("relations.csv", ",33,USD bn,", ",33bn,USD bn,"),
        "relations.csv, line 51, column 'value'",
        ("'33bn' is not a non-negative number",),
    ),
    "negative trade value": Bad(
        replace("relations.csv", ",33,USD bn,", ",-33,USD bn,"),
        "relations.csv, line 51, column 'value'",
        ("'-33' is not a non-negative number",),
    ),
    "year 1066": Bad(
        replace("relations.csv", ",2012,", ",1066,"),
        "relations.csv, line 6, column 'year'",
        ("'1066' is not a year from 1800 to 2100",),
    ),
    "date that does not exist": Bad(
        replace("relations.csv", "2013-11-01", "2013-11-31"),
        "relations.csv, line 38, column 'date'",
        ("'2013-11-31' is not a real date", "day is out of range for month"),
    ),
    "published date that is not a real date": Bad(
        replace("sources/documents.csv", ",2013-11-12,", ",2013-02-29,"),
        "documents.csv, line 2, column 'published'",
        ("'2013-02-29' is not a real date written YYYY-MM-DD",),
    ),
    "kind typo": Bad(
        replace("relations.csv", "r003,diplomacy,", "r003,diplomcy,"),
        "relations.csv, line 4, column 'kind'",
        ("'diplomcy' is not one of arms, diplomacy", "did you mean 'diplomacy'?"),
    ),
    "status typo": Bad(
        replace("routes.csv", ",pipeline,operating,", ",pipeline,operatng,"),
        "routes.csv, line 2, column 'status'",
        ("'operatng' is not one of operating, planned, proposed", "did you mean 'operating'?"),
    ),
    "latitude 95": Bad(
        replace("places.csv", "58.6123", "95"),
        "places.csv, line 2, column 'lat'",
        ("'95' is not a latitude from -90 to 90",),
    ),
    "longitude 200": Bad(
        replace("places.csv", "125.4000", "200"),
        "places.csv, line 2, column 'lon'",
        ("'200' is not a longitude from -180 to 180",),
    ),
    "route through an unknown place": Bad(
        replace("route_waypoints.csv", "espo1,3,lensk,", "espo1,3,lenks,"),
        "route_waypoints.csv, line 4, column 'place'",
        ("'lenks' is not a place id from places.csv", "did you mean 'lensk'?"),
    ),
    "repeated waypoint seq": Bad(
        replace("route_waypoints.csv", "espo1,3,lensk,", "espo1,2,lensk,"),
        "route_waypoints.csv, line 4, column 'seq'",
        ("route='espo1', seq='2' is not a unique (route, seq) pair", "line 3 has it too"),
    ),
    "duplicate id": Bad(
        replace("relations.csv", "r003,", "r002,"),
        "relations.csv, line 4, column 'id'",
        ("'r002' is not a unique id; line 3 has it too",),
    ),
    "unknown source document": Bad(
        set_cell("relations.csv", "r004", "source_doc", "weitz-2031"),
        "relations.csv, line 5, column 'source_doc'",
        ("'weitz-2031' is not the id of a document", "did you mean 'weitz-2013'?"),
    ),
    "quote not found in the source": Bad(
        replace("relations.csv", "Putin’s trip this week", "Putin's trip this week"),
        "relations.csv, line 2, column 'quote'",
        ("is not found verbatim in its source_doc", 'where the quote has "\'s trip this"'),
    ),
    "line numbers after a cell spanning lines": Bad(
        both(
            set_cell("relations.csv", "r002", "note", "one\ntwo\nthree"),
            replace("relations.csv", "r004,diplomacy,RUS", "r004,diplomacy,RUZ"),
        ),
        "relations.csv, line 7, column 'source'",
        ("'RUZ'", "did you mean 'RUS'?"),
    ),
    "non-UTF-8 bytes": Bad(
        rewrite("places.csv", lambda b: b.replace(b"aldan,Aldan,", b"aldan,Ald\xe1n,")),
        "places.csv, line 2, column 'name'",
        (r"'Ald\xe1n' is not UTF-8 text",),
    ),
    "row with an unquoted comma": Bad(
        replace("places.csv", "aldan,Aldan,", "aldan,Aldan, Sakha,"),
        "places.csv, line 2",
        ("has 10 cells but the header has 9",),
    ),
    "quote that never closes": Bad(
        replace("places.csv", "aldan,Aldan,", 'aldan,"Aldan,'),
        "places.csv, line 2",
        ("is not valid CSV",),
    ),
    "empty file": Bad(
        rewrite("places.csv", lambda _: b""), "places.csv: is empty", ("expected a header row",)
    ),
    "whitespace-only file": Bad(
        rewrite("routes.csv", lambda _: b"  \r\n\n"), "routes.csv: is empty"
    ),
    "header only": Bad(
        rewrite("places.csv", lambda b: b.split(b"\n")[0] + b"\n"),
        "places.csv, line 1",
        ("has a header but no rows",),
    ),
    "row without evidence": Bad(
        both(
            set_cell("relations.csv", "r004", "quote", ""),
            set_cell("relations.csv", "r004", "source_doc", ""),
        ),
        "relations.csv, line 5",
        ("has no evidence",),
    ),
    "route with one waypoint": Bad(
        replace("route_waypoints.csv", "sakhalin2_lng_niigata,1,prigorodnoye,sea\n", ""),
        "routes.csv, line 8, column 'id'",
        ("'sakhalin2_lng_niigata' is not a route with at least two waypoints", "(it has 1)"),
    ),
    "geometry file that is not JSON": Bad(
        rewrite("derived/disputed.geojson", lambda b: b[: len(b) // 2]),
        "disputed.geojson, line 1",
        ("is not valid JSON",),
    ),
    "self-intersecting geometry": Bad(
        set_geometry("derived/disputed.geojson", 1, BOWTIE),
        "disputed.geojson: feature 1 (id 'dokdo'), property 'geometry'",
        ("a Polygon is not a valid polygon (Self-intersection[0.5 0.5])",),
    ),
    "geometry that is not an area": Bad(
        set_geometry("derived/countries.geojson", 3, {"type": "Point", "coordinates": [1, 2]}),
        "countries.geojson: feature 3",
        ("a Point is not a Polygon or MultiPolygon",),
    ),
    "geometry that cannot be read": Bad(
        set_geometry(
            "derived/countries.geojson", 3, {"type": "Polygon", "coordinates": [[[0, 0], [1]]]}
        ),
        "countries.geojson: feature 3",
        ("its geometry cannot be read",),
    ),
}


def _build(data: Path, out: Path) -> int:
    return main(["build", "--data", str(data), "--out", str(out)])


def _assert_nothing_written(out: Path) -> None:
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_the_corpus_is_large_enough():
    assert len(REJECTED) >= 20


@pytest.mark.parametrize("case", REJECTED.values(), ids=REJECTED.keys())
def test_bad_input_is_rejected_with_a_message_and_writes_nothing(
    data_copy, tmp_path, capsys, case: Bad
):
    case.mutate(data_copy)
    out = tmp_path / "out" / "map.html"
    assert _build(data_copy, out) == 2
    err = capsys.readouterr().err
    assert err.startswith("geo: error: ")
    assert str(data_copy) in err  # the full path of the file, as given
    assert case.where in err, err
    for text in case.says:
        assert text in err, err
    _assert_nothing_written(out)


@pytest.mark.parametrize(
    "name",
    ["unknown country code", "header only", "non-UTF-8 bytes", "self-intersecting geometry"],
)
def test_a_failed_build_leaves_the_previous_map_byte_for_byte(data_copy, tmp_path, name):
    out = tmp_path / "map.html"
    before = b"<!doctype html><p>the previous map \xe2\x80\x94 keep me</p>\r\n"
    out.write_bytes(before)
    REJECTED[name].mutate(data_copy)
    assert _build(data_copy, out) == 2
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "map.html"]


def test_a_build_that_fails_while_writing_leaves_the_previous_map(
    data_copy, tmp_path, monkeypatch
):
    out = tmp_path / "out" / "map.html"
    out.parent.mkdir()
    before = b"the previous map"
    out.write_bytes(before)
    real_write_text = Path.write_text

    def half_then_disk_full(self: Path, text: str, *args: object, **kwargs: object) -> int:
        if self.parent == out.parent:
            real_write_text(self, text[: len(text) // 2], *args, **kwargs)
            raise OSError(28, "No space left on device")
        return real_write_text(self, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", half_then_disk_full)
    try:
        code = _build(data_copy, out)
    except OSError:
        code = None
    assert code != 0
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["map.html"]  # no half-written file


def test_check_reports_the_same_problems_without_building(data_copy, capsys):
    for name in ("unknown country code", "latitude 95", "route through an unknown place"):
        REJECTED[name].mutate(data_copy)
    assert main(["check", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "3 problems in the input data" in err
    for name in ("unknown country code", "latitude 95", "route through an unknown place"):
        assert REJECTED[name].where in err


# --- accepted and warned inputs -----------------------------------------------------------------


@pytest.mark.parametrize(
    "mutate",
    [
        every_csv(lambda b: b"\xef\xbb\xbf" + b),
        every_csv(lambda b: b.replace(b"\n", b"\r\n")),
        every_csv(lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n")),
    ],
    ids=["UTF-8 BOM", "Windows line endings", "BOM and Windows line endings"],
)
def test_accepted_encodings_build_the_same_map(data_copy, tmp_path, built_html, mutate):
    mutate(data_copy)
    out = tmp_path / "map.html"
    assert _build(data_copy, out) == 0
    assert _body(out.read_text(encoding="utf-8")) == _body(built_html.read_text(encoding="utf-8"))


def test_an_unknown_extra_column_warns_and_builds(data_copy, tmp_path, caplog):
    add_column("places.csv", "elevation", "")(data_copy)
    out = tmp_path / "map.html"
    assert _build(data_copy, out) == 0
    assert "places.csv, line 1, column 'elevation': unknown column, ignored" in caplog.text
    assert out.stat().st_size > 100_000


def test_the_command_prints_the_unknown_column_warning(data_copy):
    add_column("routes.csv", "capacity", "")(data_copy)
    result = subprocess.run(
        [sys.executable, "-m", "geo", "check", "--data", str(data_copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "routes.csv, line 1, column 'capacity': unknown column, ignored" in result.stderr
    assert "OK" in result.stdout


def _body(html: str) -> str:
    """What the page shows: its body (the head's manifest records the inputs' checksum)."""
    body = html.split("<body>", 1)[1]
    assert 'class="geo-data"' in body  # the drawn features are in the body
    return body


# --- markup in text fields is data, not markup --------------------------------------------------

PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    '"><svg onload=alert(3)>',
    "' onmouseover='alert(4)",
)


def test_markup_in_text_fields_builds_and_is_escaped(data_copy, tmp_path):
    payload = " ".join(PAYLOADS)
    both(
        set_cell("relations.csv", "r050", "note", payload),
        set_cell("relations.csv", "r050", "unit", payload),
        set_cell("places.csv", "aldan", "name", payload),
        set_cell("places.csv", "aldan", "note", payload),
        set_cell("routes.csv", "espo1", "name", payload),
        set_cell("disputes.csv", "dokdo", "other_names", payload),
        set_cell("groups.csv", "ASEAN", "name", payload),
    )(data_copy)
    out = tmp_path / "map.html"
    assert _build(data_copy, out) == 0
    html = out.read_text(encoding="utf-8")
    page = html + "".join(page_texts(html))  # the HTML of the cards and tooltips too
    decoded = page.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&")
    for raw in PAYLOADS:
        assert raw not in page and raw not in decoded
    assert "<img src=x" not in decoded and "<svg onload" not in decoded
    assert "<script>alert(" not in decoded
    assert "&lt;img src=x onerror=alert(1)&gt;" in decoded
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in decoded
