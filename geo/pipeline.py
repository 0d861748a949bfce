"""The pipeline in one place: load -> validate -> join -> the map model.

The CLI, :func:`geo.build_map`, :class:`geo.Map`, the exports and the tests all run the
stages through these functions, so there is one order of steps and one place to change it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from geo import progress, settings
from geo.errors import OptionError
from geo.join import MapData, join
from geo.model import MapModel, Options, map_model
from geo.sources import SourceData, load_data
from geo.validate import validate

log = logging.getLogger("geo")


def source_data(
    data_dir: str | Path | None = None,
    *,
    article: str | Path | None = None,
    published: str | None = None,
) -> SourceData:
    """The inputs in ``data_dir`` (default ``settings.DATA_DIR``), validated.

    With ``article`` (a plain-text file) and its ``published`` date, the curated relations
    are replaced by those extracted from the article (marked unreviewed).
    """
    if article is not None and not published:
        raise OptionError(
            "--published YYYY-MM-DD is needed with --article, to date the "
            "document and resolve phrases such as 'last year'"
        )
    progress.step("reading")
    source = load_data(data_dir)
    if article is not None:
        from geo.extract import data_from_article
        from geo.sources import document_text

        source = data_from_article(
            source, document_text(article), path=str(article), published=published or ""
        )
        # a story argues the article it quotes: the data folder's story is of its own
        # article unless every step quotes the new one (document id "article")
        story = source.tables.get("story")
        if story is not None and not (
            "source_doc" in story.columns and (story["source_doc"] == "article").all()
        ):
            source.tables["story"] = None
    progress.step("validating")
    return validate(source)


def map_data(
    data_dir: str | Path | None = None,
    *,
    article: str | Path | None = None,
    published: str | None = None,
) -> MapData:
    """The inputs in ``data_dir`` loaded, validated and joined (see :func:`source_data`)."""
    log.info("reading %s", data_dir or settings.DATA_DIR)
    source = source_data(data_dir, article=article, published=published)
    progress.step("joining")
    return join(source)


def model_from_dir(
    data_dir: str | Path | None = None,
    options: Options | None = None,
    *,
    article: str | Path | None = None,
    published: str | None = None,
) -> MapModel:
    """The map model of the inputs in ``data_dir``: every stage in one call.

    With ``article``, the map shows only the relation layers unless ``options`` chooses,
    opens on the relations' extent, and its title says the relations are unreviewed.
    """
    options = options or Options()
    data = map_data(data_dir, article=article, published=published)
    if article is not None:
        options = _article_options(data, options)
    progress.step("building layers")
    return map_model(data, options)


def _article_options(data: MapData, options: Options) -> Options:
    from dataclasses import replace

    from geo.layers.catalogue import ARTICLE_LAYERS

    title = options.title
    if not title or title == settings.TITLE:
        title = f"{data.documents.iloc[-1]['title']}: relations extracted, not yet reviewed"
    return replace(options, title=title, layers=options.layers or ARTICLE_LAYERS, fit=True)
