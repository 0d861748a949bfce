"""What every layer shares: the :class:`Layer` record, evidence cards and GeoJSON drawing.

All text that comes from data is HTML-escaped here, once, before it reaches the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import folium
import geopandas as gpd
import pandas as pd

Style = Callable[[dict], dict]


@dataclass
class Layer:
    """A toggleable map layer and the legend shown while it is on."""

    name: str
    group: folium.FeatureGroup
    legend: str
    show: bool = True
    slug: str = field(init=False)

    def __post_init__(self) -> None:
        self.slug = slugify(self.name)


def slugify(name: str) -> str:
    """``"Trade flows"`` -> ``"trade-flows"``: the CSS class of a layer's features."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def esc(value: object) -> str:
    """HTML-escape any value for use as text or attribute content."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def source_line(row: dict, documents: pd.DataFrame) -> str:
    """Where a fact comes from: the article (title, author, date) or an outside URL."""
    if row.get("source_doc"):
        doc = documents.set_index("id").loc[row["source_doc"]]
        text = (f"{esc(doc['author'])}, “{esc(doc['title'])}”, {esc(doc['publication'])}, "
                f"{esc(doc['published'])}")
    else:
        text = ""
    url = row.get("source_url") or ""
    links = " ".join(f'<a href="{esc(u)}" target="_blank" rel="noopener noreferrer">{esc(u)}</a>'
                     for u in re.split(r"\s*;\s*|\s+", url) if u)
    return "; ".join(part for part in (text, links) if part)


def card(title: str, facts: Iterable[tuple[str, object]], *, quote: str = "",
         source: str = "", note: str = "", aside: str = "") -> str:
    """An evidence card: a title, labelled facts, the verbatim quote and its source.

    ``title`` and fact values are escaped here; ``source`` must already be HTML (see
    :func:`source_line`); ``aside`` is another card (HTML) shown beside this one, used
    for what other sources say where they disagree with the article.
    """
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in facts
                   if v not in ("", None))
    parts = [f'<div class="geo-card"><div class="geo-card-title">{esc(title)}</div>']
    if rows:
        parts.append(f"<table>{rows}</table>")
    if quote:
        parts.append(f"<blockquote>“{esc(quote)}”</blockquote>")
    if note:
        parts.append(f'<p class="geo-note">{esc(note)}</p>')
    if source:
        parts.append(f'<p class="geo-source">Source: {source}</p>')
    if aside:
        parts.append(f'<div class="geo-aside">{aside}</div>')
    parts.append("</div>")
    return "".join(parts)


def geojson(
    frame: gpd.GeoDataFrame,
    *,
    slug: str,
    style: Style,
    tooltip: str = "tooltip",
    popup: str | None = "popup",
    interactive: bool = True,
    marker_radius: float | None = None,
) -> folium.GeoJson:
    """Draw ``frame`` as one GeoJSON layer whose features carry the CSS class ``slug``.

    ``tooltip`` and ``popup`` name columns holding ready, escaped HTML.
    """
    keep = [c for c in (tooltip, popup, "_style") if c and c in frame.columns]
    data = frame[[*keep, "geometry"]]

    def styled(feature: dict) -> dict:
        return {**style(feature["properties"]), "className": f"geo-{slug}",
                "interactive": interactive}

    kwargs: dict = {}
    if interactive and tooltip:
        kwargs["tooltip"] = folium.GeoJsonTooltip(fields=[tooltip], labels=False,
                                                  class_name="geo-tooltip", sticky=True)
    if interactive and popup:
        kwargs["popup"] = folium.GeoJsonPopup(fields=[popup], labels=False,
                                              class_name="geo-popup", max_width=420)
    if marker_radius is not None:
        kwargs["marker"] = folium.CircleMarker(radius=marker_radius)
    return folium.GeoJson(data, style_function=styled, highlight_function=None,
                          embed=True, zoom_on_click=False, **kwargs)


def feature_group(name: str, *, show: bool, overlay: bool = True) -> folium.FeatureGroup:
    """An empty layer as the layer control lists it."""
    return folium.FeatureGroup(name=name, show=show, overlay=overlay, control=True)


def swatch(color: str, *, dash: str | None = None, width: float = 3, fill: bool = False) -> str:
    """A small inline SVG legend symbol: a line (dashed or not) or a filled box."""
    if fill:
        shape = (f'<rect x="1" y="1" width="22" height="12" fill="{esc(color)}" '
                 'stroke="#555" stroke-width="1"/>')
    else:
        dash_attr = f' stroke-dasharray="{esc(dash)}"' if dash else ""
        shape = (f'<line x1="1" y1="7" x2="23" y2="7" stroke="{esc(color)}" '
                 f'stroke-width="{width}"{dash_attr}/>')
    return f'<svg width="24" height="14" aria-hidden="true">{shape}</svg>'


def legend(title: str, entries: Iterable[tuple[str, str]], *, note: str = "") -> str:
    """A legend block: a title and (symbol HTML, escaped label) rows."""
    rows = "".join(f"<li>{symbol}<span>{esc(label)}</span></li>" for symbol, label in entries)
    extra = f'<p class="geo-legend-note">{esc(note)}</p>' if note else ""
    return f'<div class="geo-legend-title">{esc(title)}</div><ul>{rows}</ul>{extra}'
