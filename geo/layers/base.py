"""What every layer shares: the layer record, legends, evidence cards.

A layer is data, not drawing: GeoDataFrames whose rows carry ready (escaped) tooltip and
popup HTML and a Leaflet-style ``style`` dict, plus a structured legend. :mod:`geo.render`
draws layers with folium, :mod:`geo.figure` with matplotlib, from the same definitions.
All text that comes from data is HTML-escaped here, once, before it reaches a page: cards
are built with :mod:`markupsafe`, so a plain string is always escaped and only what this
module built as :class:`~markupsafe.Markup` (links, source lines, other cards) goes in as
HTML.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

import geopandas as gpd
import pandas as pd
from markupsafe import Markup, escape


@dataclass(frozen=True)
class Symbol:
    """How one legend entry (and the features it stands for) looks.

    ``opacity`` is the line's; ``hollow`` (px, 0: none) draws a line as an open double
    line with a white core that wide; ``arrow`` adds an arrowhead; ``fill`` is a point's
    fill (white when empty).
    """

    shape: Literal["line", "fill", "point"]
    color: str
    dash: str | None = None
    width: float = 3.0
    edge: str = "#555555"
    opacity: float = 0.9
    hollow: float = 0.0
    arrow: bool = False
    fill: str = ""

    def look(self) -> tuple:
        """Everything that makes two symbols look different (``geo audit`` compares it)."""
        return (
            self.shape,
            self.color.lower(),
            self.dash,
            float(self.width),
            round(float(self.opacity), 2),
            float(self.hollow),
            self.arrow,
            self.fill.lower(),
        )


@dataclass
class Legend:
    """A layer's legend: a title, symbol-label pairs and an optional note."""

    title: str
    items: list[tuple[Symbol, str]]
    note: str = ""


@dataclass
class Features:
    """One drawable set of features with per-row ``tooltip``, ``popup`` and ``style``.

    ``style`` holds Leaflet path options (``color``, ``weight``, ``dashArray``,
    ``fillColor``, ``fillOpacity``, ``opacity``); points are drawn as circles of ``radius``
    pixels; ``arrows`` puts an arrowhead at the end of each line. A ``label`` column, if
    present, is drawn as text beside each feature, from zoom ``label_zoom`` on; with
    ``label_only`` the text alone is drawn, centred on the point.
    """

    frame: gpd.GeoDataFrame
    radius: float | None = None
    interactive: bool = True
    arrows: bool = False
    label_zoom: int = 0
    label_only: bool = False


@dataclass
class Layer:
    """A toggleable map layer: its features, its legend, its theme, on or off at open."""

    name: str
    features: list[Features]
    legend: Legend | None = None
    show: bool = True
    theme: str = "Relationships"
    base: bool = False
    slug: str = field(init=False)

    def __post_init__(self) -> None:
        self.slug = slugify(self.name)


def slugify(name: str) -> str:
    """``"Trade flows"`` -> ``"trade-flows"``: the CSS class of a layer's features."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def features(rows: list[dict], *, crs: object, **kwargs: object) -> Features:
    """:class:`Features` from dicts with ``geometry``, ``tooltip``, ``popup`` and ``style``."""
    frame = (
        gpd.GeoDataFrame(rows, geometry="geometry", crs=crs)
        if rows
        else gpd.GeoDataFrame(
            {"tooltip": [], "popup": [], "style": [], "geometry": []}, geometry="geometry", crs=crs
        )
    )
    return Features(frame=frame, **kwargs)  # type: ignore[arg-type]


def esc(value: object) -> str:
    """HTML-escape any value for use as text or attribute content."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(escape(str(value)))


def source_line(row: dict, documents: pd.DataFrame) -> Markup:
    """Where a fact comes from: the article (title, author, date) and/or outside URLs."""
    text = Markup("")
    if row.get("source_doc"):
        text = _citations(documents)[row["source_doc"]]
    urls = re.split(r"\s*;\s*|\s+", row.get("source_url") or "")
    links = Markup(" ").join(link(u) for u in urls if u)
    return Markup("; ").join(part for part in (text, links) if part)


#: The citations of a documents table, made once per table (by identity: the table is the
#: joined data's, never changed after the join); source lines run once per card.
_CITATIONS: dict[int, tuple[weakref.ref, dict[str, Markup]]] = {}


def _citations(documents: pd.DataFrame) -> dict[str, Markup]:
    """Each document's citation (author, “title”, publication, date) by its id."""
    cached = _CITATIONS.get(id(documents))
    if cached is not None and cached[0]() is documents:
        return cached[1]
    fields = ("id", "author", "title", "publication", "published")
    citations = {
        doc: Markup("{}, “{}”, {}, {}").format(author, title, publication, published)
        for doc, author, title, publication, published in reversed(
            list(zip(*(documents[key].tolist() for key in fields), strict=True))
        )
    }  # reversed: the first row of an id wins, as the lookup it replaces
    _CITATIONS[id(documents)] = (weakref.ref(documents), citations)
    return citations


def link(url: str) -> Markup:
    """``url`` as a link (HTML) if it is an ``http`` or ``https`` URL with a host; anything
    else (``javascript:``, ``data:``, a bare word) as plain escaped text, never a link."""
    try:
        parts = urlsplit(url)
        web = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        web = False
    if not web:
        return escape(url)
    return Markup('<a href="{0}" target="_blank" rel="noopener noreferrer">{0}</a>').format(url)


def card(
    title: str,
    facts: Iterable[tuple[str, object]],
    *,
    quote: str = "",
    source: str = "",
    note: str = "",
    aside: str = "",
) -> Markup:
    """An evidence card: a title, labelled facts, the verbatim quote and its source.

    Every argument is escaped unless it is :class:`~markupsafe.Markup` built here:
    ``source`` from :func:`source_line`, ``aside`` another card shown beside this one (what
    other sources say where they disagree with the article).
    """
    rows = "".join(
        f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in facts if v not in ("", None)
    )
    parts = [f'<div class="geo-card"><div class="geo-card-title">{esc(title)}</div>']
    if rows:
        parts.append(f"<table>{rows}</table>")
    if quote:
        parts.append(f"<blockquote>“{esc(quote)}”</blockquote>")
    if note:
        parts.append(f'<p class="geo-note">{esc(note)}</p>')
    if source:
        parts.append(f'<p class="geo-source">Source: {escape(source)}</p>')
    if aside:
        parts.append(f'<div class="geo-aside">{escape(aside)}</div>')
    parts.append("</div>")
    return Markup("".join(parts))


def line_style(symbol: Symbol, *, weight: float | None = None) -> dict:
    """Leaflet path options for a line drawn as ``symbol``; dashes widen with the line, so
    a wide dotted line still reads as dotted."""
    weight = weight or symbol.width
    dash = symbol.dash
    if dash and weight > symbol.width:
        scale = weight / symbol.width
        dash = " ".join(f"{float(v) * scale:g}" for v in dash.split())
    return {
        "color": symbol.color,
        "weight": weight,
        "opacity": symbol.opacity,
        "dashArray": dash,
        "lineCap": "round",
        "lineJoin": "round",
    }


def fill_style(symbol: Symbol, *, opacity: float = 0.75, weight: float = 0.8) -> dict:
    """Leaflet path options for an area drawn as ``symbol``."""
    return {
        "fillColor": symbol.color,
        "fillOpacity": opacity,
        "color": symbol.edge,
        "weight": weight,
        "dashArray": symbol.dash,
    }
