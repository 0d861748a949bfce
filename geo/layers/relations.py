"""Relationship layers: each relation drawn as its kind's convention says
(:mod:`geo.layers.encoding`).

* Two-way rows (``mutual``: turnover, talks, ties) share one line per pair, with no arrow.
  In the trade layer that line is as wide as the pair's figure, on one scale: the
  article's figure opaque, another source's figure translucent (its card names whose it
  is), no figure an open double line.
* Directed rows (``flow``) share one arrowed line per source, target and transit, from the
  actor (seller, investor, visitor) to the partner; a transit relation with a corridor runs
  along the route layer's corridor.
* Claims run from the claimant to the disputed territories (``disputes.csv``) it contests
  with the target; territories within a few degrees of each other share one arrow.
* Stances (a wish or an objection about others' conduct) are not lines: a badge on the
  actor carries their cards.

Lines to a group ("Asian countries", ASEAN) end at a labelled group marker at sea.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import pandas as pd
from markupsafe import Markup
from shapely.geometry import LineString, Point

from geo import geometry, settings
from geo.layers import encoding
from geo.layers.base import (
    Features,
    Layer,
    Legend,
    Symbol,
    card,
    features,
    line_style,
    link,
    source_line,
)
from geo.layers.events import event_markers

#: kind -> (layer name, on at open)
RELATION_LAYERS: dict[str, tuple[str, bool]] = {
    "trade": ("Trade flows", True),
    "investment": ("Investment", False),
    "arms": ("Arms transfers", False),
    "energy": ("Energy ties", False),
    "diplomacy": ("Diplomacy and events", False),
    "security": ("Security", False),
    "dispute": ("Territorial claims", False),
}

#: The unit of the figures that set a line's width (see :mod:`geo.layers.encoding`).
VALUE_UNIT = encoding.WIDTH_UNIT
#: How far a directed line bows away from other lines between the same partners (share
#: of its length).
BOW = 0.06
#: Share of an arc's vertices left off its end so the arrowhead clears the city marker.
ARROW_CLEARANCE = 0.04
#: Territories of one claim closer than this (degrees) share one arrow.
CLAIM_CLUSTER_DEG = 3.0


def trade_layer(
    relations: gpd.GeoDataFrame,
    documents: pd.DataFrame,
    anchors: gpd.GeoDataFrame,
    figures: pd.DataFrame | None = None,
) -> Layer:
    """Trade between partners: undirected, as wide as each pair's figure."""
    return relation_layer(relations, "trade", documents, anchors, figures=figures)


# long because: one layer's parts in drawing order, each from its own builder, then legend
def relation_layer(
    relations: gpd.GeoDataFrame,
    kind: str,
    documents: pd.DataFrame,
    anchors: gpd.GeoDataFrame,
    events: gpd.GeoDataFrame | None = None,
    *,
    figures: pd.DataFrame | None = None,
    disputes: gpd.GeoDataFrame | None = None,
    groups: dict[str, list[str]] | None = None,
) -> Layer:
    """One layer for relations of ``kind``, drawn by its convention (see the module
    docstring); with ``events``, a marker at the place and date of each event that these
    relations' statements report (see :func:`reported_events`).

    ``figures`` are outside trade figures (``trade_figures.csv``) for a kind whose width
    measures a figure; ``disputes`` and ``groups`` place the ends of claims.
    """
    name, show = RELATION_LAYERS[kind]
    rows = _with_forms(relations[relations["kind"] == kind])
    by_form = {f: rows[rows["form"] == f] for f in encoding.FORMS}
    pairs = _pair_counts(rows)
    parts: list[Features] = []
    if encoding.CONVENTIONS[kind].width:
        parts += figure_bands(by_form["mutual"], documents, figures)
    else:
        parts.append(undirected_lines(by_form["mutual"], documents))
    parts.append(directed_lines(by_form["flow"], documents, pairs=pairs))
    parts.append(claim_lines(by_form["claim"], documents, anchors, disputes, groups or {}))
    parts.append(stance_badges(by_form["stance"], documents, anchors))
    parts.append(group_markers(_endpoints(rows), anchors))
    legend = relation_legend(name, kind, rows, figures)
    if events is not None:
        events = reported_events(events, rows)
    if events is not None and not events.empty:
        parts.append(event_markers(events, documents, later=False, kind=kind))
        color = settings.KIND_COLORS[kind]
        legend.items.append((Symbol("point", color, fill=color), "event, at its place and date"))
    return Layer(name=name, features=parts, show=show, legend=legend, theme="Relationships")


def reported_events(events: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The events before the article that any of the relations ``rows`` report (an event
    lists the relation ids that report it): drawn on, and listed under, their layer."""
    ids = set(rows["id"])
    linked = [bool(ids & set(r.split(";"))) for r in events["relations"]]
    return events[pd.Series(linked, index=events.index, dtype=bool) & (events["later"] != "true")]


def _endpoints(rows: pd.DataFrame) -> pd.DataFrame:
    """``source`` and ``target`` codes where something is drawn: both ends of a line, the
    actor of a stance or a claim (a claim ends at a territory, a stance at its actor)."""
    ends = rows[["source", "target"]].copy()
    lone = rows["form"].isin(("stance", "claim"))
    ends.loc[lone, "target"] = ends.loc[lone, "source"]
    return ends


def _with_forms(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with each ``form`` resolved (an empty cell: the kind's default)."""
    out = rows.copy()
    given = out["form"] if "form" in out.columns else pd.Series("", index=out.index)
    out["form"] = [encoding.form_of(k, f) for k, f in zip(out["kind"], given, strict=True)]
    return out


def _pair_counts(rows: pd.DataFrame) -> Counter:
    """How many lines (two-way, or one per direction) each unordered pair and transit has."""
    drawn = {
        (min(s, t), max(s, t), v) if f == "mutual" else (s, t, v)
        for s, t, v, f in zip(
            rows["source"], rows["target"], rows["via"], rows["form"], strict=True
        )
        if f in ("mutual", "flow")
    }
    return Counter((min(s, t), max(s, t), v) for s, t, v in drawn)


def _grouped(rows: pd.DataFrame, *, undirected: bool) -> dict[tuple[str, str, str], list[dict]]:
    """Rows by (source, target, via), the pair sorted when ``undirected``; statements with
    a figure first, then in article order."""
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for record in sorted(rows.to_dict("records"), key=lambda r: (r["value"] == "", r["id"])):
        s, t, v = record["source"], record["target"], record["via"]
        groups[(min(s, t), max(s, t), v) if undirected else (s, t, v)].append(record)
    return dict(sorted(groups.items()))


def _line_record(
    group: list[dict], documents: pd.DataFrame, line: LineString, style: dict, **extra: str
) -> dict:
    """One drawn line of a group of statements: its cards, style, year filter, the relation
    ids and ends ``geo audit`` checks, and ``extra`` columns (``figure_note`` goes to the
    tooltip, ``figure_card`` before the statements' cards)."""
    return {
        "tooltip": _line_tooltip(group, extra.pop("figure_note", "")),
        # Markup + str would escape the str: the cards are joined as Markup
        "popup": Markup("").join(
            [extra.pop("figure_card", ""), *(relation_card(r, documents) for r in group)]
        ),
        "style": style,
        "year": _earliest_year(group),
        "ids": " ".join(r["id"] for r in group),
        "ends": f"{group[0]['source']}>{group[0]['target']}",
        "geometry": geometry.round_coordinates(geometry.split_at_frame(line)),
        **extra,
    }


def undirected_lines(rows: gpd.GeoDataFrame, documents: pd.DataFrame) -> Features:
    """Two-way rows: one line per unordered pair (and transit), no arrowhead."""
    out = [
        _line_record(
            group,
            documents,
            group[0]["geometry"],
            line_style(_symbol(group[0]["kind"], group), weight=encoding.LINE_WIDTH),
        )
        for group in _grouped(rows, undirected=True).values()
    ]
    return features(out, crs=rows.crs, arrows=False)


def directed_lines(
    rows: gpd.GeoDataFrame, documents: pd.DataFrame, *, pairs: Counter | None = None
) -> Features:
    """Directed rows: one arrowed line per (source, target, via), from the actor to the
    partner; bowed aside when the pair has other lines (the other direction, a two-way
    line). Works on plain records, grouped once: thousands of relations stay quick."""
    groups = _grouped(rows, undirected=False)
    pairs = (
        pairs if pairs is not None else Counter((min(s, t), max(s, t), v) for s, t, v in groups)
    )
    out = []
    for (source, target, via), group in groups.items():
        line = group[0]["geometry"]
        if pairs[(min(source, target), max(source, target), via)] > 1:
            line = geometry.bow(line, BOW)
        line = geometry.trim_end(line, ARROW_CLEARANCE)
        style = line_style(_symbol(group[0]["kind"], group), weight=encoding.LINE_WIDTH)
        out.append(_line_record(group, documents, line, style))
    return features(out, crs=rows.crs, arrows=True)


# long because: one band per pair, each of three looks (article, outside, no figure)
def figure_bands(
    rows: gpd.GeoDataFrame, documents: pd.DataFrame, figures: pd.DataFrame | None
) -> list[Features]:
    """Two-way rows of a kind whose width measures a figure: one band per pair, as wide as
    the pair's figure on :func:`~geo.layers.encoding.width`'s scale. The article's figure
    (a row with a value in ``VALUE_UNIT``) is opaque; otherwise a figure from ``figures``
    (the latest year) is translucent and its card says whose it is; a pair with neither is
    an open double line, which cannot be read as a small figure. Returns the bands and the
    white cores of the open double lines (not interactive)."""
    bands, cores = [], []
    latest = _latest_figures(figures)
    for (a, b, _), group in _grouped(rows, undirected=True).items():
        kind, line = group[0]["kind"], group[0]["geometry"]
        color = settings.KIND_COLORS[kind]
        dash = _symbol(kind, group).dash
        article = [r for r in group if r["unit"] == VALUE_UNIT and r["value"]]
        outside = latest.get((a, b))
        if article:
            top = max(article, key=lambda r: r["value_num"])
            symbol, extra = _band(
                top, color, dash, "article", encoding.ARTICLE_OPACITY, "the article's."
            )
        elif outside is not None:
            by = outside["publisher"]
            symbol, extra = _band(
                outside,
                color,
                dash,
                by,
                encoding.OUTSIDE_OPACITY,
                f"from {by}; not in the article.",
            )
            extra["figure_card"] = figure_card(group[0], outside)
        else:
            symbol = Symbol(
                "line", color, dash, encoding.NO_FIGURE_WIDTH, hollow=encoding.NO_FIGURE_CORE
            )
            extra = {"figure": "", "figure_by": "", "figure_note": "No figure for this pair."}
            cores.append(
                {
                    "tooltip": "",
                    "popup": "",
                    "style": {
                        **line_style(
                            Symbol("line", "#ffffff", None, encoding.NO_FIGURE_CORE),
                            weight=encoding.NO_FIGURE_CORE,
                        ),
                        "opacity": 1.0,
                    },
                    "year": _earliest_year(group),
                    "ids": " ".join(r["id"] for r in group),
                    "ends": f"{a}>{b}",
                    "geometry": geometry.round_coordinates(geometry.split_at_frame(line)),
                }
            )
        bands.append(_line_record(group, documents, line, line_style(symbol), **extra))
    return [
        features(bands, crs=rows.crs, arrows=False),
        features(cores, crs=rows.crs, arrows=False, interactive=False),
    ]


def outside_figures_drawn(
    relations: pd.DataFrame, kind: str, figures: pd.DataFrame | None
) -> list[dict]:
    """The outside figures a ``kind`` layer draws as band widths (pairs of two-way rows
    with no figure from the article), each with the pair's names, in pair order."""
    if not encoding.CONVENTIONS[kind].width:
        return []
    rows = _with_forms(relations[relations["kind"] == kind])
    out = []
    latest = _latest_figures(figures)
    for (a, b, _), group in _grouped(rows[rows["form"] == "mutual"], undirected=True).items():
        if any(r["unit"] == VALUE_UNIT and r["value"] for r in group):
            continue
        figure = latest.get((a, b))
        if figure is not None:
            names = {r["source"]: r["source_name"] for r in group}
            names.update({r["target"]: r["target_name"] for r in group})
            out.append({**figure, "a_name": names[a], "b_name": names[b]})
    return out


def _latest_figures(figures: pd.DataFrame | None) -> dict[tuple[str, str], dict]:
    """The latest outside figure of each pair ``a`` < ``b`` (one pass, not one per pair)."""
    if figures is None or figures.empty:
        return {}
    latest = figures.sort_values("year", kind="stable").drop_duplicates(["a", "b"], keep="last")
    return {(r["a"], r["b"]): r for r in latest.to_dict("records")}


def figure_card(row: dict, figure: dict) -> str:
    """The card of a figure that is not the article's: the figure, its year, whose it is."""
    names = sorted((row["source_name"], row["target_name"]))
    return card(
        f"Two-way trade, {names[0]} – {names[1]}: figure from another source",
        [
            ("Figure", f"{figure['value']} {figure['unit']}"),
            ("Year", figure["year"]),
            ("Whose figure", figure["publisher"]),
        ],
        note=(figure.get("note") or "")
        + " Not the article's figure: the line's width shows it, translucent.",
        source=Markup(link(figure["source_url"])),
    )


def claim_lines(
    rows: gpd.GeoDataFrame,
    documents: pd.DataFrame,
    anchors: gpd.GeoDataFrame,
    disputes: gpd.GeoDataFrame | None,
    groups: dict[str, list[str]],
) -> Features:
    """Claims: an arrow from the claimant (``source``) to the disputed territories it
    contests with the ``target`` (or a member of the target group), per :func:`claimed`;
    territories within ``CLAIM_CLUSTER_DEG`` share one arrow, to the nearest of them."""
    out = []
    for (source, target, _), group in _grouped(rows, undirected=False).items():
        start = anchors.geometry[source]
        for cluster in _clusters(claimed(source, target, disputes, groups), start):
            end = cluster[0]
            line = geometry.great_circle(
                (start.x, start.y), (end["ref_point"].x, end["ref_point"].y)
            )
            line = geometry.trim_end(line, ARROW_CLEARANCE)
            names = ", ".join(t["name"] for t in cluster)
            style = line_style(_symbol(group[0]["kind"], group), weight=encoding.LINE_WIDTH)
            record = _line_record(
                group, documents, line, style, figure_note=f"Territory: {names}."
            )
            record["ends"] = f"{source}>{';'.join(t['id'] for t in cluster)}"
            out.append(record)
    return features(out, crs=rows.crs, arrows=True)


def claimed(
    source: str,
    target: str,
    disputes: gpd.GeoDataFrame | None,
    groups: dict[str, list[str]],
) -> list[dict]:
    """The disputed territories ``source`` is party to (administers or claims) and
    ``target`` (or a member of the target group) is party to as well, by id."""
    if disputes is None or disputes.empty:
        return []
    others = set(groups.get(target, [target]))
    found = []
    for r in disputes.sort_values("id").to_dict("records"):
        parties = set(r["administered_by"].split(";")) | set(r["claimed_by"].split(";"))
        if source in parties and parties & others - {source}:
            found.append(r)
    return found


def _clusters(territories: list[dict], start: Point) -> list[list[dict]]:
    """Territories in clusters of reference points within ``CLAIM_CLUSTER_DEG``; each
    cluster nearest-first from ``start``, the clusters in order of their nearest."""
    left = sorted(territories, key=lambda t: (t["ref_point"].distance(start), t["id"]))
    clusters: list[list[dict]] = []
    while left:
        first = left.pop(0)
        near = [t for t in left if t["ref_point"].distance(first["ref_point"]) < CLAIM_CLUSTER_DEG]
        left = [t for t in left if t not in near]
        clusters.append([first, *near])
    return clusters


def stance_badges(
    rows: gpd.GeoDataFrame, documents: pd.DataFrame, anchors: gpd.GeoDataFrame
) -> Features:
    """Stances: no line between the parties, but a badge (a dashed ring) on the actor,
    whose card lists each stance with its quote."""
    out = []
    for source, group in sorted(_by_source(rows).items()):
        first = group[0]
        color = settings.KIND_COLORS[first["kind"]]
        about = "; ".join(f"{r['status']}: “{r['quote']}”" for r in group)
        out.append(
            {
                "tooltip": card(
                    f"{first['source_name']}: stance on {first['kind']}",
                    [("", about)],
                    note="A wish, view or objection about others' conduct, not a flow. "
                    "Click for the source.",
                ),
                "popup": "".join(relation_card(r, documents) for r in group),
                "style": {
                    "color": color,
                    "weight": 2.5,
                    "dashArray": encoding.BADGE_DASH,
                    "fill": True,
                    "fillColor": "#ffffff",
                    "fillOpacity": 0.85,
                },
                "year": _earliest_year(group),
                "ids": " ".join(r["id"] for r in group),
                "ends": f"{source}>",
                "geometry": anchors.geometry[source],
            }
        )
    return features(out, crs=anchors.crs, radius=encoding.BADGE_RADIUS)


def _by_source(rows: pd.DataFrame) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for record in sorted(rows.to_dict("records"), key=lambda r: r["id"]):
        out[record["source"]].append(record)
    return out


def group_markers(rows: pd.DataFrame, anchors: gpd.GeoDataFrame) -> Features:
    """A labelled marker at each group ("Asian countries", ASEAN) a relation ends at."""
    codes = sorted(
        {
            c
            for c in pd.concat([rows["source"], rows["target"]])
            if c in anchors.index and anchors.at[c, "basis"].startswith("schematic")
        }
    )
    out = [
        {
            "tooltip": card(anchors.at[c, "label"], [("Position", anchors.at[c, "basis"])]),
            "popup": card(
                anchors.at[c, "label"],
                [("Members", anchors.at[c, "members"]), ("Position", anchors.at[c, "basis"])],
            ),
            "label": anchors.at[c, "label"].split(" (")[0],
            "ids": c,
            "style": {
                "color": "#333333",
                "weight": 2,
                "fill": True,
                "fillColor": "#ffffff",
                "fillOpacity": 1,
            },
            "geometry": anchors.geometry[c],
        }
        for c in codes
    ]
    return features(out, crs=anchors.crs, radius=7)


def relation_card(row: dict, documents: pd.DataFrame) -> str:
    """The evidence card of one relation; it says how the map draws it (its form)."""
    form = row.get("form") or encoding.form_of(row["kind"], "")
    sign = "–" if form == "mutual" else "→"
    partners = f"{row['source_name']} {sign} {row['target_name']}"
    if row.get("via"):
        partners += f" (via {row['via_name']})"
    value = f"{row['value']} {row['unit']}".strip() if row.get("value") else ""
    when = row.get("date") or row.get("year") or ""
    status = row["status"]
    if status == "unreviewed":
        status = (
            f"UNREVIEWED: machine-extracted (confidence {row.get('confidence', '?')}); "
            "check the quote before use"
        )
    facts = [
        ("Value", value),
        ("When", when),
        ("Status", status),
        ("Drawn as", form_text(row["kind"], form)),
        ("Id", row["id"]),
    ]
    other = ""
    if row.get("other_value"):
        other = comparison(
            f"{value} ({when})" if when else value or "(no figure)",
            source_line({"source_doc": row["source_doc"]}, documents),
            row["other_value"],
            source_line({"source_url": row["other_source_url"]}, documents),
        )
    return card(
        f"{row['kind'].capitalize()}: {partners}",
        facts,
        quote=row.get("quote", ""),
        note=row.get("note", ""),
        source=source_line(row, documents),
        aside=other,
    )


def form_text(kind: str, form: str) -> str:
    """How a row of ``kind`` and ``form`` is drawn, in words (cards, legend)."""
    c = encoding.CONVENTIONS[kind]
    return {
        "mutual": f"two-way ({c.mutual}): a line, no arrow",
        "flow": f"an arrow, {c.arrow}",
        "claim": "an arrow, claimant → the territory it claims",
        "stance": "a badge on the actor (a stance, not a flow)",
    }[form]


def comparison(article: str, article_source: str, other: str, other_source: str) -> Markup:
    """The article's figure and what other sources say, side by side, each cited.

    Text is escaped; the sources are :class:`~markupsafe.Markup` from
    :func:`~geo.layers.base.source_line`.
    """
    return Markup(
        '<table class="geo-compare"><caption>Where other sources differ</caption>'
        '<tr><th scope="col">The article</th><th scope="col">Other sources</th></tr>'
        "<tr><td>{}</td><td>{}</td></tr>"
        '<tr class="geo-compare-source"><td>{}</td><td>{}</td></tr>'
        "</table>"
    ).format(article, other, article_source, other_source)


# long because: one legend row per look the layer draws, each only when drawn
def relation_legend(
    name: str, kind: str, rows: pd.DataFrame, figures: pd.DataFrame | None = None
) -> Legend:
    """One row per look the layer draws: the width scale's three treatments (figure from
    the article, from another source, none), two-way lines, arrows, badges; then the line
    patterns of the statuses that are not solid."""
    color = settings.KIND_COLORS[kind]
    convention = encoding.CONVENTIONS[kind]
    forms = set(rows["form"])
    items: list[tuple[Symbol, str]] = []
    note = ""
    if convention.width and "mutual" in forms:
        mutual = rows[rows["form"] == "mutual"]
        article = mutual.loc[mutual["unit"] == VALUE_UNIT, "value_num"].dropna()
        if len(article):
            top = float(article.max())
            items.append(
                (
                    Symbol(
                        "line", color, width=encoding.width(top), opacity=encoding.ARTICLE_OPACITY
                    ),
                    f"two-way trade, the article's figure ({top:g} {VALUE_UNIT})",
                )
            )
        if figures is not None and len(figures):
            top = float(figures["value_num"].max())
            items.append(
                (
                    Symbol(
                        "line", color, width=encoding.width(top), opacity=encoding.OUTSIDE_OPACITY
                    ),
                    f"two-way trade, another source's figure (up to {top:g} {VALUE_UNIT}; "
                    "the card names it)",
                )
            )
        items.append(
            (
                Symbol(
                    "line", color, width=encoding.NO_FIGURE_WIDTH, hollow=encoding.NO_FIGURE_CORE
                ),
                "two-way trade, no figure for this pair (not a small one)",
            )
        )
        note = encoding.width_note() + " No arrows: turnover has no direction."
    elif "mutual" in forms:
        items.append(
            (
                Symbol("line", color, width=encoding.LINE_WIDTH),
                f"two-way ({convention.mutual}), no arrow",
            )
        )
    if "flow" in forms:
        items.append(
            (
                Symbol("line", color, width=encoding.LINE_WIDTH, arrow=True),
                f"arrow: {convention.arrow}",
            )
        )
    if "claim" in forms:
        items.append(
            (
                Symbol("line", color, width=encoding.LINE_WIDTH, arrow=True),
                "arrow: claimant → the territory it claims",
            )
        )
        note += " The territory is drawn as administered (see Disputed territories)."
    if "stance" in forms:
        items.append(
            (
                Symbol("point", color, dash=encoding.BADGE_DASH),
                "stance on the actor: a wish or objection about others' conduct",
            )
        )
    dashed, solid = _status_rows(rows, color)
    items += dashed
    note += " " + solid
    if not convention.width:
        note += " Every line has the same width: it measures nothing."
    return Legend(name, items, note.strip())


def _status_rows(rows: pd.DataFrame, color: str) -> tuple[list[tuple[Symbol, str]], str]:
    """Line patterns by status, in the kind's colour, and a sentence naming the solid ones.
    Statuses drawn alike (sought, expected...) share one row, so the legend never shows
    two rows that look the same; solid is every other row's look, so it is a sentence."""
    lines = rows[rows["form"] != "stance"]
    alike: dict[str | None, list[str]] = {}
    for s in sorted(set(lines["status"])):
        alike.setdefault(settings.STATUS_DASH.get(s), []).append(s)
    solid = alike.pop(None, [])
    items = [(Symbol("line", color, dash), ", ".join(names)) for dash, names in alike.items()]
    return items, f"Solid lines: {', '.join(solid)}." if solid and items else ""


def _earliest_year(group: list[dict]) -> int | None:
    """The year the year filter uses for a line of several statements: the earliest, or none
    (never filtered) when any statement is undated, so the filter never hides an undated
    statement along with dated ones."""
    years = [int((r["date"] or r["year"])[:4]) for r in group if r["date"] or r["year"]]
    return min(years) if years and len(years) == len(group) else None


def _symbol(kind: str, group: list[dict]) -> Symbol:
    dashes = {settings.STATUS_DASH.get(r["status"]) for r in group}
    return Symbol(
        "line",
        settings.KIND_COLORS[kind],
        dashes.pop() if len(dashes) == 1 else None,
        width=encoding.LINE_WIDTH,
    )


def _line_tooltip(group: list[dict], note: str = "") -> str:
    first = group[0]
    sign = "–" if first["form"] == "mutual" else "→"
    title = f"{first['kind'].capitalize()}: {first['source_name']} {sign} {first['target_name']}"
    if first["via"]:
        title += f" via {first['via_name']}"
    figures = [
        f"{r['value']} {r['unit']} ({r['year']})" if r["year"] else f"{r['value']} {r['unit']}"
        for r in group
        if r["value"]
    ]
    if len(group) == 1:
        return card(
            title,
            [("Figures", "; ".join(figures)), ("When", first["date"] or first["year"])],
            quote=first["quote"],
            note=" ".join(n for n in (note, "Click for the source.") if n),
        )
    return card(
        title,
        [("Figures", "; ".join(figures))],
        note=" ".join(
            n
            for n in (note, f"{len(group)} statements; click for each quote and its source.")
            if n
        ),
    )


def _band(
    row: Mapping[str, Any], color: str, dash: str | None, by: str, opacity: float, whose: str
) -> tuple[Symbol, dict[str, str]]:
    """A turnover band's symbol (width from ``row``'s figure) and its figure fields, the
    figure's note ending with ``whose`` it is."""
    symbol = Symbol("line", color, dash, encoding.width(row["value_num"]), opacity=opacity)
    figure = f"{row['value']} {VALUE_UNIT}"
    note = f"Figure: {figure} ({row['year']}), {whose}"
    return symbol, {"figure": figure, "figure_by": by, "figure_note": note}
