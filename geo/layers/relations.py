"""Relationship layers: one directed great-circle line per source, target and transit.

Several statements about the same direction (four about Russia-Japan trade, say) share one
line whose card lists each statement with its quote. Opposite directions between the same
partners bow apart, so neither hides the other. Lines to a group ("Asian countries", ASEAN)
end at a labelled group marker.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import geopandas as gpd
import pandas as pd
from markupsafe import Markup

from geo import geometry, settings
from geo.layers.base import (
    Features,
    Layer,
    Legend,
    Symbol,
    card,
    features,
    line_style,
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

#: Line width for relations that carry a value in ``VALUE_UNIT``: BASE + PER_UNIT * value.
VALUE_UNIT = "USD bn"
BASE_WIDTH = 2.0
PER_UNIT = 0.25
#: How far opposite directions between the same partners bow apart (share of length).
BOW = 0.06
#: Share of an arc's vertices left off its end so the arrowhead clears the city marker.
ARROW_CLEARANCE = 0.04


def trade_layer(
    relations: gpd.GeoDataFrame, documents: pd.DataFrame, anchors: gpd.GeoDataFrame
) -> Layer:
    """Trade between partners; width grows with turnover where the article gives one."""
    return relation_layer(relations, "trade", documents, anchors)


def relation_layer(
    relations: gpd.GeoDataFrame,
    kind: str,
    documents: pd.DataFrame,
    anchors: gpd.GeoDataFrame,
    events: gpd.GeoDataFrame | None = None,
) -> Layer:
    """One layer for relations of ``kind``: directed lines plus markers for groups, and, if
    ``events`` are given, a marker at the place and date of each event that these relations'
    statements report (see :func:`reported_events`)."""
    name, show = RELATION_LAYERS[kind]
    rows = relations[relations["kind"] == kind]
    parts = [directed_lines(rows, documents), group_markers(rows, anchors)]
    legend = relation_legend(name, kind, rows)
    if events is not None:
        events = reported_events(events, rows)
    if events is not None and not events.empty:
        parts.append(event_markers(events, documents, later=False, kind=kind))
        legend.items.append(
            (Symbol("point", settings.KIND_COLORS[kind]), "event, at its place and date")
        )
    return Layer(name=name, features=parts, show=show, legend=legend, theme="Relationships")


def reported_events(events: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The events before the article that any of the relations ``rows`` report (an event
    lists the relation ids that report it): drawn on, and listed under, their layer."""
    ids = set(rows["id"])
    linked = [bool(ids & set(r.split(";"))) for r in events["relations"]]
    return events[pd.Series(linked, index=events.index, dtype=bool) & (events["later"] != "true")]


def directed_lines(rows: gpd.GeoDataFrame, documents: pd.DataFrame) -> Features:
    """Collapse relations to one arrowed line per (source, target, via).

    Works on plain records, grouped once: thousands of relations stay quick.
    """
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    # statements with a figure first, then in article order
    for record in sorted(rows.to_dict("records"), key=lambda r: (r["value"] == "", r["id"])):
        groups[(record["source"], record["target"], record["via"])].append(record)
    pairs = Counter((min(s, t), max(s, t), v) for s, t, v in groups)
    out = []
    for (source, target, via), group in sorted(groups.items()):
        first = group[0]
        line = first["geometry"]
        if pairs[(min(source, target), max(source, target), via)] > 1:
            line = geometry.bow(line, BOW)
        line = geometry.trim_end(line, ARROW_CLEARANCE)
        out.append(
            {
                "tooltip": _line_tooltip(group),
                "popup": "".join(relation_card(r, documents) for r in group),
                "style": line_style(_symbol(first["kind"], group), weight=_width(group)),
                "year": _earliest_year(group),
                "ids": " ".join(r["id"] for r in group),
                "geometry": geometry.round_coordinates(geometry.split_at_frame(line)),
            }
        )
    return features(out, crs=rows.crs, arrows=True)


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
    """The evidence card of one relation."""
    partners = f"{row['source_name']} → {row['target_name']}"
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
    facts = [("Value", value), ("When", when), ("Status", status), ("Id", row["id"])]
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


def relation_legend(name: str, kind: str, rows: pd.DataFrame) -> Legend:
    """Colour of the kind, line styles by status present, and the width scale if used."""
    color = settings.KIND_COLORS[kind]
    # statuses drawn alike (agreed, reported: both solid) share one row, "agreed, reported",
    # so the legend never shows two rows that look the same
    alike: dict[str | None, list[str]] = {}
    for s in sorted(set(rows["status"])):
        alike.setdefault(settings.STATUS_DASH.get(s), []).append(s)
    items = [(Symbol("line", color, dash), ", ".join(names)) for dash, names in alike.items()]
    note = "Arrows point from the actor (seller, investor, visitor, claimant) to the partner."
    values = rows.loc[rows["unit"] == VALUE_UNIT, "value_num"].dropna()
    if len(values):
        top = values.max()
        items.append(
            (Symbol("line", color, width=BASE_WIDTH + PER_UNIT * top), f"{top:g} {VALUE_UNIT}")
        )
        note += (
            f" Width: {BASE_WIDTH:g} px + {PER_UNIT:g} px per {VALUE_UNIT} where the "
            "article gives a value; thin where it does not."
        )
    return Legend(name, items, note)


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
        width=BASE_WIDTH,
    )


def _width(group: list[dict]) -> float:
    values = [
        r["value_num"] for r in group if r["unit"] == VALUE_UNIT and not pd.isna(r["value_num"])
    ]
    return BASE_WIDTH + PER_UNIT * float(max(values)) if values else BASE_WIDTH


def _line_tooltip(group: list[dict]) -> str:
    first = group[0]
    title = f"{first['kind'].capitalize()}: {first['source_name']} → {first['target_name']}"
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
            note="Click for the source.",
        )
    return card(
        title,
        [("Figures", "; ".join(figures))],
        note=f"{len(group)} statements; click for each quote and its source.",
    )
