"""Evaluation: precision and recall of extracted relations against an answer key.

Relations are compared as (unordered pair, kind) keys; direction, figures and dates are
not scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pandas as pd

from geo import progress
from geo.extract.article import relations_from_article
from geo.extract.lexicon import country_names
from geo.extract.text import _word_count
from geo.sources import document_text, table_from_csv


def evaluate(candidates: pd.DataFrame, curated: pd.DataFrame) -> dict[str, object]:
    """Precision and recall of candidates against a curated table.

    Relations are compared as sets of keys (unordered pair ``{source, target}``, kind):
    direction, figures and dates are not scored.

    Parameters
    ----------
    candidates
        Extracted relations (columns ``source``, ``target``, ``kind``).
    curated
        The reference table, e.g. ``data/relations.csv``.

    Returns
    -------
    ``precision``, ``recall`` (0.0 when undefined), ``true_positives``, ``predicted``,
    ``expected`` and the ``missed`` and ``spurious`` keys as sorted "A-B kind" strings.
    """
    predicted, expected = relation_keys(candidates), relation_keys(curated)
    hits = predicted & expected
    return {
        "precision": len(hits) / len(predicted) if predicted else 0.0,
        "recall": len(hits) / len(expected) if expected else 0.0,
        "true_positives": len(hits),
        "predicted": len(predicted),
        "expected": len(expected),
        "missed": sorted(_key_label(k) for k in expected - predicted),
        "spurious": sorted(_key_label(k) for k in predicted - expected),
    }


def format_evaluation(result: dict[str, object]) -> str:
    """The result of :func:`evaluate` as a few lines of text for the terminal."""
    missed, spurious = cast(list[str], result["missed"]), cast(list[str], result["spurious"])
    lines = [
        "scored by (unordered pair, kind)",
        f"precision {result['precision']:.2f}  ({result['true_positives']} of "
        f"{result['predicted']} predicted keys are in the curated table)",
        f"recall    {result['recall']:.2f}  ({result['true_positives']} of "
        f"{result['expected']} curated keys were found)",
        f"missed   ({len(missed)}): {', '.join(missed) or '-'}",
        f"spurious ({len(spurious)}): {', '.join(spurious) or '-'}",
    ]
    return "\n".join(lines)


def relation_keys(frame: pd.DataFrame) -> set[tuple[str, str, str]]:
    """The (first code, second code, kind) keys of a relations table, pair sorted."""
    keys = set()
    for source, target, kind in zip(frame["source"], frame["target"], frame["kind"], strict=True):
        if source and target and source != target:
            a, b = sorted((str(source), str(target)))
            keys.add((a, b, str(kind)))
    return keys


def _key_label(key: tuple[str, str, str]) -> str:
    return f"{key[0]}-{key[1]} {key[2]}"


# --- a corpus of articles with answer keys -------------------------------------------------

#: Answer keys sit beside their article: ``NAME.txt`` is keyed by ``NAME.key.csv``.
KEY_SUFFIX = ".key.csv"
#: The corpus index: one row per article with its ``published`` date (``YYYY-MM-DD``).
CORPUS_INDEX = "corpus.csv"


@dataclass(frozen=True)
class ArticleScore:
    """One article's evaluation: its name, words, and the result of :func:`evaluate`."""

    name: str
    words: int
    result: dict[str, object]
    averaged: bool = True
    #: each candidate's confidence and whether its (pair, kind) is in the answer key
    rows: tuple[tuple[float, bool], ...] = ()
    #: candidates whose key row states a direction: how many have it right, of how many
    directions: tuple[int, int] = (0, 0)


def evaluate_corpus(
    folder: str | Path, *, reference: tuple[str | Path, str | Path, str] | None = None
) -> list[ArticleScore]:
    """Score the extractor on every keyed article of a folder.

    Parameters
    ----------
    folder
        Holds ``NAME.txt`` articles, each with its answer key ``NAME.key.csv`` (columns
        ``kind``, ``source``, ``target`` at least) and a row in ``corpus.csv`` giving its
        ``published`` date. An article without a key is skipped.
    reference
        ``(article, curated table, published)`` of an article scored too but kept out of
        the averages (the project's own article, whose rules were written with it in view).

    Returns
    -------
    One :class:`ArticleScore` per article, in name order, then the reference. Keys of the
    corpus are relations between two states, so on its articles only candidates between
    two countries are scored (a group such as ASEAN is not a country).
    """
    folder = Path(folder)
    index = table_from_csv(folder / CORPUS_INDEX)
    published = dict(zip(index["article"], index["published"], strict=True))
    countries = set(country_names().values())
    scores = []
    articles = sorted(folder.glob("*.txt"))
    for path in progress.items(articles, total=len(articles), desc="articles"):
        key = path.with_name(path.stem + KEY_SUFFIX)
        if not key.is_file():
            continue
        text = document_text(path)
        found = relations_from_article(
            text, doc_id=path.stem, published=published.get(path.stem) or None, path=str(path)
        )
        found = found[found["source"].isin(countries) & found["target"].isin(countries)]
        expected = table_from_csv(key)
        keys = relation_keys(expected)
        rows = tuple(
            (float(c), (*sorted((s, t)), k) in keys)
            for s, t, k, c in zip(
                found["source"], found["target"], found["kind"], found["confidence"], strict=True
            )
        )
        result = evaluate(found, expected)
        directions = _directions(found, expected)
        scores.append(
            ArticleScore(path.stem, _word_count(text), result, rows=rows, directions=directions)
        )
    if reference:
        article, curated, date = reference
        text = document_text(article)
        found = relations_from_article(text, doc_id="reference", published=date, path=str(article))
        result = evaluate(found, table_from_csv(curated))
        scores.append(ArticleScore(Path(article).stem, _word_count(text), result, averaged=False))
    return scores


def _directions(found: pd.DataFrame, key: pd.DataFrame) -> tuple[int, int]:
    """Of the candidates whose key row says ``directed`` ``yes``, how many point its way."""
    if "directed" not in key.columns:
        return (0, 0)
    stated = {
        (frozenset((s, t)), k): (s, t)
        for s, t, k, d in zip(
            key["source"], key["target"], key["kind"], key["directed"], strict=True
        )
        if d == "yes"
    }
    right = total = 0
    for s, t, k in zip(found["source"], found["target"], found["kind"], strict=True):
        want = stated.get((frozenset((s, t)), k))
        if want is not None:
            total += 1
            right += (s, t) == want
    return (right, total)


def format_corpus_evaluation(scores: list[ArticleScore], *, details: bool = True) -> str:
    """The scores of :func:`evaluate_corpus` as a Markdown table, averages, then details.

    The averages are means over articles (each article counts once, whatever its length)
    of the articles marked ``averaged``.
    """
    rows = [
        "| article | words | keys | predicted | found | precision | recall |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in scores:
        r = s.result
        name = s.name if s.averaged else f"{s.name} (project's own, not averaged)"
        rows.append(
            f"| {name} | {s.words:,} | {r['expected']} | {r['predicted']} | "
            f"{r['true_positives']} | {r['precision']:.2f} | {r['recall']:.2f} |"
        )
    kept = [s for s in scores if s.averaged]
    if kept:
        precision = sum(cast(float, s.result["precision"]) for s in kept) / len(kept)
        recall = sum(cast(float, s.result["recall"]) for s in kept) / len(kept)
        rows.append(
            f"| **average of {len(kept)} articles** | | | | | **{precision:.2f}** | "
            f"**{recall:.2f}** |"
        )
    right = sum(s.directions[0] for s in kept)
    total = sum(s.directions[1] for s in kept)
    if total:
        rows += [
            "",
            f"Direction right in {right} of {total} rows whose key states it "
            f"({right / total:.0%}).",
        ]
    if details:
        for s in scores:
            missed, spurious = s.result["missed"], s.result["spurious"]
            rows += [
                "",
                f"{s.name}",
                f"  missed   ({len(cast(list, missed))}): {', '.join(cast(list, missed)) or '-'}",
                f"  spurious ({len(cast(list, spurious))}): "
                f"{', '.join(cast(list, spurious)) or '-'}",
            ]
    return "\n".join(rows)


def reference_from_data(data_dir: str | Path) -> tuple[Path, Path, str]:
    """The project's own article as ``(article, curated table, published)``.

    It is the document most of ``relations.csv`` cites (``source_doc``), found in
    ``sources/documents.csv`` with its file and publication date.
    """
    data_dir = Path(data_dir)
    relations = table_from_csv(data_dir / "relations.csv")
    documents = table_from_csv(data_dir / "sources" / "documents.csv")
    doc_id = relations["source_doc"].value_counts().idxmax()
    row = documents[documents["id"] == doc_id].iloc[0]
    return data_dir / "sources" / row["path"], data_dir / "relations.csv", row["published"]


#: Confidence bands of the calibration table, highest first: (lowest confidence, label).
CONFIDENCE_BANDS: tuple[tuple[float, str], ...] = (
    (0.8, ">= 0.80"),
    (0.6, "0.60-0.79"),
    (0.5, "0.50-0.59"),
    (0.0, "< 0.50"),
)


def calibration(scores: list[ArticleScore]) -> list[dict[str, object]]:
    """How often candidates are right, by confidence band, over the averaged articles.

    A candidate is right when its (unordered pair, kind) is in its article's answer key.

    Returns
    -------
    Per band of :data:`CONFIDENCE_BANDS`: ``band``, ``rows``, ``right`` and ``share``
    (``right / rows``; 0.0 for an empty band).
    """
    rows = [r for s in scores if s.averaged for r in s.rows]
    table, upper = [], float("inf")
    for lowest, label in CONFIDENCE_BANDS:
        inside = [right for confidence, right in rows if lowest <= confidence < upper]
        right = sum(inside)
        table.append(
            {
                "band": label,
                "rows": len(inside),
                "right": right,
                "share": right / len(inside) if inside else 0.0,
            }
        )
        upper = lowest
    return table


def format_calibration(table: list[dict[str, object]]) -> str:
    """The table of :func:`calibration` in Markdown."""
    lines = [
        "| confidence | rows | right | share right |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {r['band']} | {r['rows']} | {r['right']} | {cast(float, r['share']):.2f} |"
        for r in table
    ]
    return "\n".join(lines)
