"""Evaluation: precision and recall of extracted relations against an answer key.

Relations are compared as (unordered pair, kind) keys; direction, figures and dates are
not scored.
"""

from __future__ import annotations

from typing import cast

import pandas as pd


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
