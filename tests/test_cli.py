"""The ``geo`` command: builds, checks, and refuses bad input with exit code 2."""

from __future__ import annotations

import subprocess
import sys

from geo.cli import main


def test_build_writes_the_map(tmp_path):
    out = tmp_path / "map.html"
    assert main(["build", "--out", str(out)]) == 0
    assert out.stat().st_size > 100_000


def test_python_dash_m_geo_works(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "geo", "check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_bad_input_exits_2_names_file_line_column_and_writes_nothing(data_copy, tmp_path, capsys):
    rel = data_copy / "relations.csv"
    lines = rel.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",RUS,", ",RUX,", 1)
    rel.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "map.html"
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "relations.csv, line 4, column 'source'" in err
    assert "'RUX'" in err and "did you mean 'RUS'" in err
    assert not out.exists()
    assert list(tmp_path.glob(".map.*")) == []


def test_failed_build_leaves_existing_output_untouched(data_copy, tmp_path):
    out = tmp_path / "map.html"
    out.write_bytes(b"an earlier map")
    (data_copy / "places.csv").write_text("", encoding="utf-8")
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == 2
    assert out.read_bytes() == b"an earlier map"


def test_check_reports_every_problem_at_once(data_copy, capsys):
    places = data_copy / "places.csv"
    text = places.read_text(encoding="utf-8")
    header, first, *rest = text.splitlines(keepends=True)
    cells = first.split(",")
    cells[3] = "95"  # latitude out of range
    places.write_text(header + ",".join(cells) + "".join(rest), encoding="utf-8")
    rel = data_copy / "relations.csv"
    rel.write_text(
        rel.read_text(encoding="utf-8").replace(",2012,", ",1066,", 1), encoding="utf-8"
    )
    assert main(["check", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "places.csv, line 2, column 'lat': '95' is not a latitude" in err
    assert "column 'year': '1066'" in err
