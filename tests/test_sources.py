"""Reading inputs: text stays text; encoding and CSV problems are reported, not guessed at."""

from __future__ import annotations

import csv
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import set_cell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo import settings as geo_settings
from geo.errors import DataError, SourceError
from geo.join import join
from geo.model import all_layers as map_layers
from geo.sources import geometries_from_geojson, load_data, table_from_csv
from geo.validate import validate


def test_cells_are_read_as_text(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,value\na,007\nb,\n", encoding="utf-8")
    frame = table_from_csv(path)
    assert frame["value"].tolist() == ["007", ""]
    assert frame.attrs["path"] == str(path)
    assert list(frame.attrs["lines"]) == [2, 3]


def test_byte_order_mark_and_windows_line_endings_are_accepted(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffid,name\r\na,Hà Nội\r\n".encode())
    frame = table_from_csv(path)
    assert list(frame.columns) == ["id", "name"]
    assert frame["name"].tolist() == ["Hà Nội"]


def test_a_quoted_cell_spanning_lines_keeps_later_rows_on_their_physical_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('id,note\na,"one\ntwo\nthree"\nb,x\n\nc,y\n', encoding="utf-8")
    frame = table_from_csv(path)
    assert frame["note"].tolist() == ["one\ntwo\nthree", "x", "y"]
    assert list(frame.attrs["lines"]) == [2, 5, 7]  # blank line 6 is skipped, not a row


def test_non_utf8_bytes_name_the_file_line_column_and_bytes(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"id,name\na,ok\nb,Ha N\xf4i\n")
    with pytest.raises(
        DataError,
        match=r"t\.csv, line 3, column 'name': 'Ha N\\xf4i' "
        r"is not UTF-8",
    ):
        table_from_csv(path)


@pytest.mark.parametrize("content", ["", "   \n\n", "\ufeff"])
def test_empty_or_blank_file_is_reported(tmp_path, content):
    path = tmp_path / "t.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=r"t\.csv: is empty; expected a header row"):
        table_from_csv(path)


def test_a_row_with_more_cells_than_the_header_names_its_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,name\na,Hanoi\nb,Ho Chi Minh City, Vietnam\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"t\.csv, line 3: has 3 cells but the header has 2"):
        table_from_csv(path)


def test_a_short_row_is_padded_with_empty_cells(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,name,note\na,Hanoi\n", encoding="utf-8")
    assert table_from_csv(path).iloc[0].tolist() == ["a", "Hanoi", ""]


def test_a_quote_that_never_closes_names_the_line_it_opens_on(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('id,name\na,ok\nb,"Hanoi\nc,x\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"t\.csv, line 3: is not valid CSV"):
        table_from_csv(path)


def test_a_repeated_header_name_is_reported(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,name,name\na,b,c\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"t\.csv, line 1, column 'name': appears twice"):
        table_from_csv(path)


def test_geojson_that_is_not_json_names_line_and_column(tmp_path):
    path = tmp_path / "g.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [}\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"g\.geojson, line 2: is not valid JSON"):
        geometries_from_geojson(path)


def test_geojson_that_is_not_a_feature_collection_is_reported(tmp_path):
    path = tmp_path / "g.geojson"
    path.write_text('{"type": "Point", "coordinates": [0, 0]}', encoding="utf-8")
    with pytest.raises(DataError, match="is not a GeoJSON FeatureCollection"):
        geometries_from_geojson(path)


def test_geojson_feature_whose_geometry_cannot_be_read_is_named(tmp_path):
    path = tmp_path / "g.geojson"
    features = [
        {
            "type": "Feature",
            "properties": {"id": "a"},
            "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 0]]]},
        },
        {
            "type": "Feature",
            "properties": {"id": "b"},
            "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1]]]},
        },
    ]
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"g\.geojson: feature 2: its geometry cannot be read"):
        geometries_from_geojson(path)


def test_geojson_properties_are_text_and_features_are_numbered(tmp_path):
    path = tmp_path / "g.geojson"
    feature = {
        "type": "Feature",
        "properties": {"id": "a", "n": None},
        "geometry": {"type": "Point", "coordinates": [1, 2]},
    }
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8"
    )
    frame = geometries_from_geojson(path)
    assert frame[["id", "n"]].iloc[0].tolist() == ["a", ""]
    assert frame.geometry.iloc[0].x == 1
    assert frame.attrs["features"] is True


def test_missing_folder_and_file(tmp_path):
    with pytest.raises(SourceError, match="no such data folder"):
        load_data(tmp_path / "nowhere")
    with pytest.raises(SourceError, match="missing input file"):
        load_data(tmp_path)


def test_unreadable_files_are_reported_together(data_copy):
    (data_copy / "places.csv").write_bytes(b"id,name\na,Ha N\xf4i\n")
    (data_copy / "routes.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_data(data_copy)
    assert sorted(Path(p.file).name for p in caught.value.problems) == ["places.csv", "routes.csv"]


# --- property-based: whatever printable text goes in comes out unchanged --------------------

#: Printable text: letters, marks, numbers, punctuation and symbols of any script, spaces,
#: line breaks, and the characters CSV and HTML treat specially.
TEXT = st.text(
    st.characters(categories=("L", "M", "N", "P", "S")) | st.sampled_from(" \n,\"'<>&;"),
    max_size=40,
)
CELL_SETTINGS = settings(max_examples=150, deadline=None)


@CELL_SETTINGS
@given(notes=st.lists(TEXT, min_size=1, max_size=6))
def test_any_text_round_trips_through_a_csv_file_with_its_line_numbers(tmp_path_factory, notes):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "note"])
    starts = []
    for i, note in enumerate(notes):
        starts.append(buffer.getvalue().count("\n") + 1)
        writer.writerow([f"r{i}", note])
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    frame = table_from_csv(path)
    assert frame["note"].tolist() == notes
    assert list(frame.attrs["lines"]) == starts


class _CardText(HTMLParser):
    """The text of each card title and note in an evidence card, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._open: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        self._open.append(cls in ("geo-card-title", "geo-note"))
        if self._open[-1]:
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1]:
            self.texts[-1] += data


def card_texts(html: str) -> list[str]:
    parser = _CardText()
    parser.feed(html)
    return parser.texts


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("roundtrip") / "data"
    shutil.copytree(geo_settings.DATA_DIR, dest)
    return dest


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=TEXT.filter(lambda s: s.strip() != ""),
    note=TEXT,
    route=TEXT.filter(str.strip),
    relation_note=TEXT,
)
def test_any_text_in_text_fields_reaches_the_map_unchanged(
    folder, name, note, route, relation_note
):
    set_cell(folder / "places.csv", "aldan", "name", name)
    set_cell(folder / "places.csv", "aldan", "note", note)
    set_cell(folder / "routes.csv", "espo1", "name", route)
    set_cell(folder / "relations.csv", "r050", "note", relation_note)
    data = join(validate(load_data(folder)))

    assert data.places.set_index("id").at["aldan", "name"] == name
    assert data.places.set_index("id").at["aldan", "note"] == note
    assert data.routes.set_index("id").at["espo1", "name"] == route
    assert data.relations.set_index("id").at["r050", "note"] == relation_note
    shown = [
        text
        for layer in map_layers(data)
        for part in layer.features
        for column in ("tooltip", "popup")
        if column in part.frame.columns
        for html in part.frame[column]
        for text in card_texts(html)
    ]
    assert name in shown and route in shown
    assert (note in shown or note == "") and (relation_note in shown or relation_note == "")
