"""Hostile inputs: special files, wrong encodings, odd digits, absurd numbers, huge cells,
mass duplicates and degenerate articles.

Each case breaks a copy of ``data/`` (or writes a bad article) and runs the command in
process through ``geo.cli.main``. A rejected input must exit 2 with a message that names
the file (and, where there is one, the line and column), never a traceback, and write
nothing. A few cases run again as real processes with a timeout, to prove nothing hangs.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import Mutation, rewrite

from geo import settings, sources
from geo.cli import main

ARTICLE = settings.DATA_DIR / "sources" / "weitz-2013-putin-asia-tour.txt"


# --- mutations of a data folder ---------------------------------------------------------------


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(rel: str, row_id: str, column: str, value: str) -> Mutation:
    def mutate(data: Path) -> None:
        rows = _rows(data / rel)
        col = rows[0].index(column)
        [row] = [r for r in rows[1:] if r[0] == row_id]
        row[col] = value
        _write_rows(data / rel, rows)

    return mutate


def replace_file(rel: str, make: Callable[[Path], None]) -> Mutation:
    """Remove ``rel`` and let ``make`` put something else at its path."""

    def mutate(data: Path) -> None:
        path = data / rel
        path.unlink()
        make(path)

    return mutate


def duplicate_ids(rel: str, times: int) -> Mutation:
    """Append ``times`` copies of the table's first row (same id)."""

    def mutate(data: Path) -> None:
        rows = _rows(data / rel)
        _write_rows(data / rel, rows + [rows[1]] * times)

    return mutate


def pasted(rel: str, times: int) -> Mutation:
    """The whole file, header included, pasted ``times`` times."""
    return rewrite(rel, lambda b: b * times)


def mkfifo(path: Path) -> None:
    os.mkfifo(path)


def mkdir(path: Path) -> None:
    path.mkdir()


def to_dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def utf16(bom: bool) -> Callable[[bytes], bytes]:
    return lambda b: b.decode("utf-8").encode("utf-16" if bom else "utf-16-le")


@dataclass(frozen=True)
class Bad:
    mutate: Mutation
    where: str  # must appear in the message, e.g. "relations.csv, line 8, column 'value'"
    says: tuple[str, ...] = ()


REL = "relations.csv"
ARABIC_33 = "\u0663\u0663"  # ٣٣
FULLWIDTH_33 = "\uff13\uff13"  # ３３

DATA_CASES: dict[str, Bad] = {
    # special files and limits
    "table is a FIFO": Bad(
        replace_file(REL, mkfifo), "relations.csv: is a FIFO", ("not a regular file",)
    ),
    "table is a folder": Bad(replace_file(REL, mkdir), "relations.csv: is a folder, not a file"),
    "table is /dev/zero": Bad(replace_file(REL, to_dev_zero), "relations.csv: is a device"),
    "table is missing": Bad(
        replace_file(REL, lambda p: None), "relations.csv: missing input file"
    ),
    "places is a folder": Bad(replace_file("places.csv", mkdir), "places.csv: is a folder"),
    "article is a FIFO": Bad(
        replace_file("sources/weitz-2013-putin-asia-tour.txt", mkfifo),
        "weitz-2013-putin-asia-tour.txt: is a FIFO",
    ),
    "article is a folder": Bad(
        replace_file("sources/weitz-2013-putin-asia-tour.txt", mkdir),
        "weitz-2013-putin-asia-tour.txt: is a folder",
    ),
    "geometry file is a folder": Bad(
        replace_file("derived/countries.geojson", mkdir), "countries.geojson: is a folder"
    ),
    "geometry file is a FIFO": Bad(
        replace_file("derived/disputed.geojson", mkfifo), "disputed.geojson: is a FIFO"
    ),
    # encodings
    "UTF-16 table with BOM": Bad(
        rewrite("places.csv", utf16(bom=True)),
        "places.csv: looks like UTF-16",
        ("byte order mark", "save it as UTF-8"),
    ),
    "UTF-16 table without BOM": Bad(
        rewrite("places.csv", utf16(bom=False)), "places.csv: looks like UTF-16", ("NUL",)
    ),
    "UTF-32 table": Bad(
        rewrite("groups.csv", lambda b: b.decode("utf-8").encode("utf-32")),
        "groups.csv: looks like UTF-16",
    ),
    "UTF-16 article": Bad(
        rewrite("sources/weitz-2013-putin-asia-tour.txt", utf16(bom=True)),
        "weitz-2013-putin-asia-tour.txt: looks like UTF-16",
    ),
    "two byte order marks": Bad(
        rewrite("places.csv", lambda b: b"\xef\xbb\xbf\xef\xbb\xbf" + b),
        "places.csv, line 1, column '\\ufeffid'",
        ("byte order mark",),
    ),
    "NUL in a code": Bad(
        set_cell(REL, "r003", "source", "RU\x00S"),
        "relations.csv, line 4, column 'source'",
        ("'RU\\x00S'",),
    ),
    "BOM in a code": Bad(
        set_cell(REL, "r003", "source", "\ufeffRUS"),
        "relations.csv, line 4, column 'source'",
        ("'\\ufeffRUS'",),
    ),
    "escape sequence in a code": Bad(
        set_cell(REL, "r003", "target", "\x1b[2JJPN"),
        "relations.csv, line 4, column 'target'",
        ("\\x1b[2JJPN",),
    ),
    "NUL in a column name": Bad(
        rewrite("groups.csv", lambda b: b.replace(b"code,", b"co\x00de,", 1)),
        "groups.csv, line 1, column 'code'",
        ("missing column",),
    ),
    # digits that are not ASCII
    "Arabic-Indic digits in value": Bad(
        set_cell(REL, "r050", "value", ARABIC_33),
        "relations.csv, line 51, column 'value'",
        ("is not a non-negative number",),
    ),
    "fullwidth digits in value": Bad(
        set_cell(REL, "r050", "value", FULLWIDTH_33),
        "relations.csv, line 51, column 'value'",
        ("is not a non-negative number",),
    ),
    "fullwidth year": Bad(
        set_cell(REL, "r050", "year", "\uff12\uff10\uff11\uff12"),
        "relations.csv, line 51, column 'year'",
        ("is not a year",),
    ),
    "Arabic-Indic date": Bad(
        set_cell(REL, "r003", "date", "\u0662\u0660\u0661\u0663-\u0661\u0661"),
        "relations.csv, line 4, column 'date'",
    ),
    "Arabic-Indic latitude": Bad(
        set_cell("places.csv", "aldan", "lat", "\u0665\u0668.6123"),
        "places.csv, line 2, column 'lat'",
    ),
    "fullwidth waypoint seq": Bad(
        rewrite("route_waypoints.csv", lambda b: b.replace(b"espo1,3,", "espo1,３,".encode(), 1)),
        "route_waypoints.csv, line 4, column 'seq'",
    ),
    "superscript waypoint seq": Bad(
        rewrite("route_waypoints.csv", lambda b: b.replace(b"espo1,3,", "espo1,³,".encode(), 1)),
        "route_waypoints.csv, line 4, column 'seq'",
    ),
    # absurd numbers
    "400-digit value": Bad(
        set_cell(REL, "r050", "value", "9" * 400),
        "relations.csv, line 51, column 'value'",
        ("greater than 0 and less than 100,000",),
    ),
    "1e30 USD bn": Bad(
        set_cell(REL, "r050", "value", "1" + "0" * 30),
        "relations.csv, line 51, column 'value'",
        ("for unit 'USD bn'", "less than 100,000"),
    ),
    "1e30 written with an exponent": Bad(
        set_cell(REL, "r050", "value", "1e30"), "relations.csv, line 51, column 'value'"
    ),
    "zero USD bn": Bad(
        set_cell(REL, "r050", "value", "0"),
        "relations.csv, line 51, column 'value'",
        ("greater than 0",),
    ),
    "inf": Bad(set_cell(REL, "r050", "value", "inf"), "relations.csv, line 51, column 'value'"),
    "nan": Bad(set_cell(REL, "r050", "value", "nan"), "relations.csv, line 51, column 'value'"),
    "negative percent": Bad(
        set_cell(REL, "r007", "value", "-5"),
        "relations.csv, line 8, column 'value'",
        ("from 0 to 100",),
    ),
    "percent over 100": Bad(
        set_cell(REL, "r007", "value", "150"),
        "relations.csv, line 8, column 'value'",
        ("from 0 to 100",),
    ),
    "rank 0": Bad(
        set_cell(REL, "r023", "value", "0"),
        "relations.csv, line 24, column 'value'",
        ("a whole number from 1 to 300",),
    ),
    "rank 1.5": Bad(
        set_cell(REL, "r023", "value", "1.5"), "relations.csv, line 24, column 'value'"
    ),
    "5000 meetings": Bad(
        set_cell(REL, "r034", "value", "5000"),
        "relations.csv, line 35, column 'value'",
        ("from 1 to 1,000",),
    ),
    "value with a line break": Bad(
        set_cell(REL, "r050", "value", "33\n"), "relations.csv, line 51, column 'value'"
    ),
    "400-digit latitude": Bad(
        set_cell("places.csv", "aldan", "lat", "1" * 400), "places.csv, line 2, column 'lat'"
    ),
    # quotes
    "one-space quote": Bad(
        set_cell(REL, "r004", "quote", " "),
        "relations.csv, line 5, column 'quote'",
        ("at least 2 words",),
    ),
    "comma quote": Bad(
        set_cell(REL, "r004", "quote", ","), "relations.csv, line 5, column 'quote'"
    ),
    "one-word quote": Bad(
        set_cell(REL, "r004", "quote", "Putin"), "relations.csv, line 5, column 'quote'"
    ),
    # long cells
    "200 KB cell": Bad(
        set_cell(REL, "r004", "note", "x" * 200_000),
        "relations.csv, line 5, column 'note'",
        ("200,000 characters long", "limit of 20,000"),
    ),
    "25 KB cell": Bad(
        set_cell("places.csv", "aldan", "note", "y" * 25_000),
        "places.csv, line 2, column 'note'",
        ("25,000 characters long",),
    ),
    # duplicates, many times over
    "duplicate id x2": Bad(duplicate_ids(REL, 2), "relations.csv, line 77, column 'id'"),
    "duplicate id x220": Bad(
        duplicate_ids(REL, 220), "relations.csv, line 296, column 'id'", ("line 2 has it too",)
    ),
    "duplicate place x1000": Bad(
        duplicate_ids("places.csv", 1000), "places.csv, line 1043, column 'id'"
    ),
    "relations pasted 30 times": Bad(
        pasted(REL, 30), "relations.csv, line 78, column 'id'", ("'r001' is not a unique id",)
    ),
    "waypoints pasted 30 times": Bad(
        pasted("route_waypoints.csv", 30), "route_waypoints.csv", ("is not a unique",)
    ),
}


def _build(data: Path, out: Path) -> int:
    return main(["build", "--data", str(data), "--out", str(out)])


def _assert_rejected(err: str, out_text: str, where: str, says: tuple[str, ...]) -> None:
    assert "Traceback" not in err + out_text
    assert err.startswith("geo: error: "), err
    assert where in err, err[:2000]
    for text in says:
        assert text in err, err[:2000]
    assert "\x00" not in err and "\ufeff" not in err and "\x1b" not in err


def test_the_corpus_is_large_enough():
    assert len(DATA_CASES) + len(ARTICLE_CASES) >= 50


@pytest.mark.parametrize("case", DATA_CASES.values(), ids=DATA_CASES.keys())
def test_hostile_data_is_rejected_without_a_traceback(data_copy, tmp_path, capsys, case: Bad):
    case.mutate(data_copy)
    out = tmp_path / "out" / "map.html"
    assert _build(data_copy, out) == 2
    captured = capsys.readouterr()
    assert str(data_copy) in captured.err  # the folder the user passed
    _assert_rejected(captured.err, captured.out, case.where, case.says)
    assert not out.exists() and not out.parent.exists()


def test_a_table_over_the_size_limit_is_refused(data_copy, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sources, "MAX_TABLE_BYTES", 10_000)
    assert _build(data_copy, tmp_path / "map.html") == 2
    err = capsys.readouterr().err
    assert "relations.csv: is " in err and "over the limit of 10,000 bytes for a table" in err


def test_a_data_folder_that_is_a_file_is_refused(tmp_path, capsys):
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("x", encoding="utf-8")
    assert _build(not_a_folder, tmp_path / "map.html") == 2
    assert f"{not_a_folder}: no such data folder" in capsys.readouterr().err


def test_ten_thousand_rows_half_duplicates_fail_with_one_message_each(data_copy, capsys):
    rows = _rows(data_copy / REL)
    header, body = rows[0], rows[1:]
    many = []
    for i in range(10_000):
        row = list(body[i % len(body)])
        row[0] = f"x{i // 2:05d}"
        many.append(row)
    _write_rows(data_copy / REL, [header, *many])
    assert main(["check", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert err.count("is not a unique id") == 5_000
    assert "relations.csv, line 3, column 'id': 'x00000' is not a unique id; line 2" in err


# --- articles ---------------------------------------------------------------------------------


def _text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


ONE_SENTENCE = "A title\n\n" + " ".join(["Russia and China trade oil"] * 40_000) + ".\n"


@dataclass(frozen=True)
class BadArticle:
    make: Callable[[Path], None]  # writes the article at the path given
    command: str  # "extract" or "build"
    where: str  # after the article's path: ": is a FIFO", ", line 3"
    says: tuple[str, ...] = ()
    published: str = "2020-03-01"


ARTICLE_CASES: dict[str, BadArticle] = {
    "FIFO": BadArticle(mkfifo, "extract", ": is a FIFO"),
    "FIFO, build": BadArticle(mkfifo, "build", ": is a FIFO"),
    "/dev/zero": BadArticle(to_dev_zero, "extract", ": is a device"),
    "folder (an unreadable file)": BadArticle(mkdir, "extract", ": is a folder, not a file"),
    "missing": BadArticle(lambda p: None, "extract", ": missing input file"),
    "UTF-16 with BOM": BadArticle(
        lambda p: p.write_bytes(ARTICLE.read_text(encoding="utf-8").encode("utf-16")),
        "extract",
        ": looks like UTF-16",
        ("save it as UTF-8",),
    ),
    "UTF-16 without BOM": BadArticle(
        lambda p: p.write_bytes(ARTICLE.read_text(encoding="utf-8").encode("utf-16-be")),
        "build",
        ": looks like UTF-16",
    ),
    "Latin-1": BadArticle(
        lambda p: p.write_bytes("Caf\u00e9 society\n".encode("latin-1")),
        "extract",
        ", line 1",
        ("is not UTF-8",),
    ),
    "over 5 MB": BadArticle(
        lambda p: p.write_bytes(b"word " * 1_100_000), "extract", ": is ", ("over the limit",)
    ),
    "empty": BadArticle(lambda p: _text(p, ""), "extract", ": the article is empty"),
    "empty, build": BadArticle(lambda p: _text(p, ""), "build", ": the article is empty"),
    "blank lines only": BadArticle(
        lambda p: _text(p, "\n \n\u00a0\n"), "build", ": the article is empty"
    ),
    "byte order mark only": BadArticle(
        lambda p: p.write_bytes(b"\xef\xbb\xbf\n"), "extract", ": the article is empty"
    ),
    "1 MB in one sentence": BadArticle(
        lambda p: _text(p, ONE_SENTENCE),
        "extract",
        ", line 3",
        ("a sentence of 200,000 words", "over the limit of 2,000"),
    ),
    "1 MB in one sentence, build": BadArticle(
        lambda p: _text(p, ONE_SENTENCE), "build", ", line 3", ("over the limit of 2,000",)
    ),
    "impossible --published": BadArticle(
        lambda p: shutil.copy(ARTICLE, p),
        "extract",
        "",
        ("--published: '2013-02-30'",),
        "2013-02-30",
    ),
    "fullwidth --published": BadArticle(
        lambda p: shutil.copy(ARTICLE, p),
        "build",
        "",
        ("--published:", "is not a real date written YYYY-MM-DD"),
        "\uff12\uff10\uff12\uff10-03-01",
    ),
}


def _run_article(case: BadArticle, article: Path, out: Path) -> int:
    if case.command == "extract":
        args = ["extract", str(article), "--published", case.published, "--out", str(out)]
    else:
        args = ["build", "--article", str(article), "--published", case.published]
        args += ["--out", str(out)]
    return main(args)


@pytest.mark.parametrize("case", ARTICLE_CASES.values(), ids=ARTICLE_CASES.keys())
def test_hostile_article_is_rejected_without_a_traceback(tmp_path, capsys, case: BadArticle):
    article = tmp_path / "article.txt"
    case.make(article)
    out = tmp_path / "out" / "result"
    assert _run_article(case, article, out) == 2
    captured = capsys.readouterr()
    where = f"{article}{case.where}" if case.where else ""
    _assert_rejected(captured.err, captured.out, where, case.says)
    assert not out.exists() and not out.parent.exists()


def test_an_article_starting_with_a_blank_line_builds(tmp_path, capsys):
    article = tmp_path / "soy.txt"
    source = Path(__file__).parent / "articles" / "brazil-china-soybeans.txt"
    _text(article, "\n\n" + source.read_text(encoding="utf-8"))
    out = tmp_path / "soy.html"
    args = ["build", "--article", str(article), "--published", "2020-03-01", "--out", str(out)]
    assert main(args) == 0, capsys.readouterr().err
    assert "Brazil and China Deepen Their Soybean Ties" in out.read_text(encoding="utf-8")


def test_an_article_with_a_byte_order_mark_extracts(tmp_path, capsys):
    article = tmp_path / "bom.txt"
    article.write_bytes(b"\xef\xbb\xbf" + ARTICLE.read_bytes())
    assert main(["extract", str(article), "--published", "2013-11-12"]) == 0
    assert "weitz" not in capsys.readouterr().err


def test_an_unknown_column_warning_is_one_line_without_source_code(data_copy):
    path = data_copy / "groups.csv"
    rows = _rows(path)
    _write_rows(path, [[*rows[0], "ex\x00tra"], *([*r, ""] for r in rows[1:])])
    result = subprocess.run(
        [sys.executable, "-m", "geo", "check", "--data", str(data_copy)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stderr.splitlines() if "unknown column" in line]
    assert f"{path}, line 1, column 'ex\\x00tra': unknown column, ignored" in line
    assert "validate.py" not in result.stderr and "warn(" not in result.stderr


# --- real processes: nothing hangs --------------------------------------------------------------


def _geo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "one-sentence"])
def test_the_command_does_not_hang_on_a_hostile_article(tmp_path, kind):
    article = tmp_path / "article.txt"
    {"fifo": mkfifo, "dev-zero": to_dev_zero, "one-sentence": lambda p: _text(p, ONE_SENTENCE)}[
        kind
    ](article)
    result = _geo("extract", str(article), "--published", "2020-03-01")
    assert result.returncode == 2, result.stderr
    assert str(article) in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["table is a FIFO", "table is /dev/zero", "duplicate id x220"])
def test_the_command_does_not_hang_on_hostile_data(data_copy, tmp_path, name):
    DATA_CASES[name].mutate(data_copy)
    out = tmp_path / "map.html"
    result = _geo("build", "--data", str(data_copy), "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert DATA_CASES[name].where in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
