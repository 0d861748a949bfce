"""From any news article to candidate relations, each with its evidence.

The extractor reads plain article text and proposes rows in the schema of
``data/relations.csv``, so the same validation, map and exports apply. Every candidate
carries the verbatim clause it comes from as ``quote``, a ``confidence`` and status
``unreviewed``; ``note`` says which rule fired. Nothing is looked up on the network.

One module per stage, each importing only from those above it in this list:

1. :mod:`~geo.extract.spans`: the shared span types (the bottom; imports none of the others).
2. :mod:`~geo.extract.text`: :func:`clean_article` drops page boilerplate (author bios,
   comment prompts, navigation, lines in another script) line by line, so every quote
   stays an exact substring of both the cleaned and the raw text; sentences are split.
3. :mod:`~geo.extract.lexicon`: actors found with pycountry's names plus small news-prose
   tables: short names ("Russia"), demonyms ("Russian", "Sino-"), metonyms ("Moscow",
   "the Kremlin") and groups (ASEAN, APEC). Regions and places that are not actors are
   found and masked first, so "the Russian Far East" is not Russia.
4. :mod:`~geo.extract.figures`: money, shares and dates; relative dates ("last year")
   resolve against the publication date when one is given.
5. :mod:`~geo.extract.rules`: the clause and relation rule tables (kind cues, words that
   cancel them, pairing and direction rules), plain data.
6. :mod:`~geo.extract.relations`: the rules at work: each sentence split into clauses,
   each kind cue tied to a pair of actors by the first pairing rule that applies, figures
   and dates attached to the relation whose cue is nearest in the same clause.
7. :mod:`~geo.extract.article`: the entry points that put the stages together.
8. :mod:`~geo.extract.evaluate`: precision and recall against an answer key over
   (unordered pair, kind), per article and over a corpus.
"""

from __future__ import annotations

from geo.extract.article import (
    ARTICLE_LAYERS,
    CANDIDATE_COLUMNS,
    DOCUMENT_COLUMNS,
    STATUS,
    data_from_article,
    document_from_article,
    relations_from_article,
)
from geo.extract.evaluate import (
    ArticleScore,
    calibration,
    evaluate,
    evaluate_corpus,
    format_calibration,
    format_corpus_evaluation,
    format_evaluation,
    reference_from_data,
    relation_keys,
)
from geo.extract.figures import find_dates, find_figures
from geo.extract.lexicon import (
    COMBINING_FORMS,
    DEMONYMS,
    GROUP_NAMES,
    METONYMS,
    NEWS_NAMES,
    PLACE_PATTERNS,
    REGIONS,
    SHORT_NAMES,
    actor_forms,
    country_names,
    find_actors,
    find_places,
)
from geo.extract.rules import DIRECTION_RULES, KIND_CUES, NOT_CUES, PAIRING_RULES
from geo.extract.spans import _Clock
from geo.extract.text import check_sentences, clean_article, is_boilerplate, sentences
from geo.validate import RELATION_COLUMNS

__all__ = [
    "ARTICLE_LAYERS",
    "CANDIDATE_COLUMNS",
    "COMBINING_FORMS",
    "DEMONYMS",
    "DIRECTION_RULES",
    "DOCUMENT_COLUMNS",
    "GROUP_NAMES",
    "KIND_CUES",
    "METONYMS",
    "NEWS_NAMES",
    "NOT_CUES",
    "PAIRING_RULES",
    "PLACE_PATTERNS",
    "REGIONS",
    "RELATION_COLUMNS",
    "SHORT_NAMES",
    "STATUS",
    "ArticleScore",
    "_Clock",
    "actor_forms",
    "calibration",
    "check_sentences",
    "clean_article",
    "country_names",
    "data_from_article",
    "document_from_article",
    "evaluate",
    "evaluate_corpus",
    "find_actors",
    "find_dates",
    "find_figures",
    "find_places",
    "format_calibration",
    "format_corpus_evaluation",
    "format_evaluation",
    "is_boilerplate",
    "reference_from_data",
    "relation_keys",
    "relations_from_article",
    "sentences",
]
