"""Cost of hostile input: validating 10,000 relations of which half repeat an id, and
extracting from a 1 MB article that is one sentence. Median of 3 whole-function runs.

    .venv/bin/python tests/benchmarks/hostile.py

Both must stay linear: the goals are under 5 s for the validation (which fails, with one
message per repeated id) and under 30 s for the article (which is refused, naming the file
and the sentence's line).
"""

from __future__ import annotations

import csv
import io
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from geo import settings
from geo.errors import DataError
from geo.extract import relations_from_article
from geo.sources import document_text, load_data
from geo.validate import find_problems

RUNS = 3


def _median_seconds(run: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _duplicates_folder(root: Path, rows: int = 10_000) -> Path:
    data = root / "data"
    shutil.copytree(settings.DATA_DIR, data)
    path = data / "relations.csv"
    with path.open(encoding="utf-8", newline="") as f:
        header, *body = list(csv.reader(f))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for i in range(rows):
        row = list(body[i % len(body)])
        row[0] = f"x{i // 2:05d}"  # every id twice
        writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8")
    return data


def _one_sentence_article(root: Path, size: int = 1_000_000) -> Path:
    words = settings.DATA_DIR.joinpath("sources", "weitz-2013-putin-asia-tour.txt")
    vocabulary = (
        words.read_text(encoding="utf-8").translate(str.maketrans(".!?\n", ",,, ")).split()
    )
    body, length = [], 0
    while length < size:
        word = vocabulary[len(body) % len(vocabulary)]
        body.append(word)
        length += len(word) + 1
    path = root / "one-sentence.txt"
    path.write_text("A title\n\n" + " ".join(body) + ".\n", encoding="utf-8")
    return path


def validate_duplicates(data: Path) -> str:
    problems = find_problems(load_data(data))
    return f"{len(problems):,} problems"


def extract_one_sentence(path: Path) -> str:
    try:
        found = relations_from_article(document_text(path), doc_id="a", published="2013-11-12")
    except DataError as err:
        return f"refused: {err.problems[0]}"
    return f"{len(found)} candidates"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = _duplicates_folder(root)
        article = _one_sentence_article(root)
        cases = [
            ("validate 10,000 rows, half duplicates", 5.0, lambda: validate_duplicates(data)),
            ("extract a 1 MB one-sentence article", 30.0, lambda: extract_one_sentence(article)),
        ]
        failed = False
        for name, goal, run in cases:
            seconds, result = _median_seconds(run)
            met = seconds < goal
            failed |= not met
            shown = str(result).replace(str(root), "TMP")
            print(
                f"{name}: {seconds:.2f} s (median of {RUNS}; goal < {goal:g} s: "
                f"{'met' if met else 'NOT MET'}) -> {shown}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
