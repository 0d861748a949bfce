"""The page furniture around the map: title block, legend panel, text version, and the
document or fragment that holds them.

Everything is written by Jinja templates in ``geo/templates/`` that escape every value by
default (:mod:`markupsafe`): text from the data, the title or an article can never become
markup. Only values built here as :class:`~markupsafe.Markup` (rendered templates, already
escaped card HTML, the inlined scripts) go in as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from markupsafe import Markup

from geo import settings
from geo.assets import template
from geo.join import focal_country
from geo.layers import RELATION_LAYERS
from geo.layers.catalogue import CATALOGUE, TextRow
from geo.layers.disputes import NAME as DISPUTES
from geo.layers.energy import NAME as ROUTES
from geo.model import MapModel

#: The text version's column headings.
TEXT_HEADINGS = (
    "Layer",
    "Kind",
    "From / administered by",
    "To / claimed by",
    "Value",
    "When",
    "Status",
    "Source (the article's words, or a URL)",
)


def furniture(model: MapModel) -> Markup:
    """The title block (with the text version inside), the credit (source, as-of date, CSV
    link) and the legend panel; the layout behaviour (``geo/static/layout.js``) places them."""
    macros = template("furniture.html").module
    key = model.key
    story = template("story.html").module  # the story bar, search and steps (story.html)
    steps = story.story_text(model.story)  # type: ignore[attr-defined]
    text = macros.text_version(key, summary_text(model), TEXT_HEADINGS, text_rows(model), steps)  # type: ignore[attr-defined]
    title = macros.title_block(key, model.meta, text)  # type: ignore[attr-defined]
    credit = macros.credit(key, model.meta)  # type: ignore[attr-defined]
    legend = macros.legend_panel(key, model.layers)  # type: ignore[attr-defined]
    top = story.top_bar(key, model.story)  # type: ignore[attr-defined]
    return Markup("".join(str(part).strip() for part in (title, legend, credit, top)))


def document(*, title: str, head: str, component: str, script: str) -> str:
    """A complete HTML page around one map ``component``."""
    return template("page.html").render(
        title=title, head=Markup(head), component=Markup(component), script=Markup(script)
    )


def fragment(*, head: str, component: str, script: str, height: str = "600px") -> str:
    """One ``div`` with the map, its styles and scripts, to paste into another page."""
    return template("fragment.html").render(
        head=Markup(head), component=Markup(component), script=Markup(script), height=height
    )


def component(*, root_id: str, body: str) -> str:
    """The map's root element around its ``body`` (map, panels, data)."""
    return template("component.html").render(
        root_id=root_id, body=Markup(body), sea=settings.SEA_COLOR
    )


def text_rows(model: MapModel) -> list[TextRow]:
    """One row per feature of the layers on the map, layer by layer, as plain text."""
    shown = {layer.name for layer in model.layers}
    rows: Iterable[TextRow] = (
        row
        for entry in CATALOGUE
        if entry.text_rows is not None and entry.name in shown
        for row in entry.text_rows(model.data)
    )
    return [tuple(_text(v) for v in row) for row in rows]  # type: ignore[misc]


def summary_text(model: MapModel) -> str:
    """A plain-language summary of what the map shows, for people who cannot see it."""
    data, meta = model.data, model.meta
    shown = {layer.name for layer in model.layers}
    rel = data.relations
    kinds = rel["kind"].value_counts()
    by_kind = ", ".join(f"{kind} {kinds[kind]}" for kind in RELATION_LAYERS if kind in kinds)
    focal = focal_country(rel)
    mine = rel[(rel["source"] == focal) | (rel["target"] == focal)]
    partners = (set(mine["source"]) | set(mine["target"])) - {focal}
    valued = rel[rel["unit"] == "USD bn"].sort_values("value_num", ascending=False)
    figures = "; ".join(
        f"{r.kind} {r.source_name} to {r.target_name}: {r.value} {r.unit}"
        f"{f' ({r.year})' if r.year else ''}"
        for r in valued.itertuples()
    )
    involve = (rel["source"] == focal) | (rel["target"] == focal) | (rel["via"] == focal)
    others = int((~involve).sum())
    between = f", {others} between other countries and groups" if others else ""
    parts = [
        f"The map shows {len(rel)} relationships stated in {meta.author}'s article "
        f"of {meta.published_text}: {int(involve.sum())} between "
        f"{data.anchors.at[focal, 'name']} and {len(partners)} countries and groups{between} "
        f"(by kind: {by_kind}). Figures in US dollars: {figures or 'none'}."
    ]
    if ROUTES in shown:
        status = data.routes["status"].value_counts()
        routes = ", ".join(f"{n} {s}" for s, n in sorted(status.items()))
        parts.append(
            f"It shows {len(data.routes)} energy and transport routes as of "
            f"{meta.as_of} ({routes})."
        )
    if DISPUTES in shown:
        disputes = "; ".join(
            f"{r.name} (administered by {r.administered_by_names}, claimed "
            f"by {r.claimed_by_names})"
            for r in data.disputes.itertuples()
        )
        parts.append(f"It shows {len(data.disputes)} disputed territories: {disputes}.")
    parts.append("The table lists every feature with its source.")
    return " ".join(parts)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)
