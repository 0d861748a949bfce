"""The ``geo`` command: builds, checks, and refuses bad input with exit code 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

import geo
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


def test_version_names_the_installed_distribution(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"geo {geo.__version__}"


@pytest.mark.parametrize("argv", [["-v", "check"], ["check", "-v"], ["check", "--verbose"]])
def test_verbose_before_or_after_the_subcommand(argv, caplog):
    assert main(argv) == 0
    assert any(r.levelname == "INFO" and "reading" in r.getMessage() for r in caplog.records)


def test_quiet_without_verbose(caplog):
    assert main(["check"]) == 0
    assert not [r for r in caplog.records if r.levelname == "INFO"]


def test_verbose_after_the_subcommand_in_a_real_process(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "geo", "check", "-v"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "INFO: reading" in result.stderr


def test_build_infers_png_from_the_extension(tmp_path):
    out = tmp_path / "map.png"
    assert main(["build", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["build", "--format", "svg", "--out", "x.png"], "--format svg but --out x.png ends in"),
        (["build", "--format", "html", "--out", "x.pdf"], "make them agree"),
        (["build", "--out", "x.gpkg"], "`geo build` cannot write gpkg; use `geo export`"),
        (["build", "--out", "x.txt"], "cannot tell the format from '.txt'"),
        (["export", "--out", "x.png"], "`geo export` cannot write png; use `geo build`"),
        (["export", "--format", "csv", "--out", "x.gpkg"], "--format csv but --out x.gpkg"),
        (["export", "--out", "layers"], "give --format"),
    ],
)
def test_format_and_extension_that_disagree_exit_2_writing_nothing(
    argv, message, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_export_infers_the_format_from_the_extension(tmp_path):
    out = tmp_path / "layers.gpkg"
    assert main(["export", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"SQLite format 3\x00")


def test_bash_completion_completes_subcommands_and_choices(tmp_path, capsys):
    assert main(["completion", "bash"]) == 0
    script = tmp_path / "geo.bash"
    script.write_text(capsys.readouterr().out, encoding="utf-8")
    probe = (
        f"source {script}\n"
        'complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=();'
        ' COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; _shtab_geo; echo "${COMPREPLY[*]}"; }\n'
        "complete_words geo bu\n"
        "complete_words geo export --format ''\n"
        "complete_words geo build --bas\n"
    )
    result = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["build", "geojson gpkg csv", "--basemap"]


def test_zsh_completion_is_a_compdef_script(capsys):
    assert main(["completion", "zsh"]) == 0
    script = capsys.readouterr().out
    assert script.startswith("#compdef geo") and "build" in script and "--basemap" in script
