"""Reading inputs: text stays text; encoding problems are reported, not guessed at."""

from __future__ import annotations

import pytest

from geo.errors import DataError, SourceError
from geo.sources import load_data, table_from_csv


def test_cells_are_read_as_text(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,value\na,007\nb,\n", encoding="utf-8")
    frame = table_from_csv(path)
    assert frame["value"].tolist() == ["007", ""]
    assert frame.attrs["path"] == str(path)


def test_byte_order_mark_and_windows_line_endings_are_accepted(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffid,name\r\na,Hà Nội\r\n".encode())
    frame = table_from_csv(path)
    assert list(frame.columns) == ["id", "name"]
    assert frame["name"].tolist() == ["Hà Nội"]


def test_non_utf8_bytes_name_the_file_and_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"id,name\na,ok\nb,Ha N\xf4i\n")
    with pytest.raises(DataError, match=r"t\.csv, line 3: is not UTF-8"):
        table_from_csv(path)


def test_empty_file_is_reported(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(DataError, match="is empty"):
        table_from_csv(path)


def test_missing_folder_and_file(tmp_path):
    with pytest.raises(SourceError, match="no such data folder"):
        load_data(tmp_path / "nowhere")
    with pytest.raises(SourceError, match="missing input file"):
        load_data(tmp_path)
