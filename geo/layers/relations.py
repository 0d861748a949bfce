"""Relationship layers: one line per pair of partners and kind, with every statement behind it.

Several statements about the same pair (four about Russia-Japan trade, say) share one line
whose card lists each statement with its quote, instead of stacking identical lines.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo import settings
from geo.layers.base import Layer, card, feature_group, geojson, legend, source_line, swatch

#: kind -> (layer name, on at open)
RELATION_LAYERS: dict[str, tuple[str, bool]] = {
    "trade": ("Trade flows", True),
    "investment": ("Investment", False),
    "arms": ("Arms transfers", False),
    "energy": ("Energy ties", False),
    "diplomacy": ("Diplomacy and visits", False),
    "security": ("Security", False),
    "dispute": ("Territorial claims", False),
}

#: Line width for relations that carry a value in ``VALUE_UNIT``: BASE + PER_UNIT * value.
VALUE_UNIT = "USD bn"
BASE_WIDTH = 2.0
PER_UNIT = 0.25


def trade_layer(relations: gpd.GeoDataFrame, documents: pd.DataFrame) -> Layer:
    """Trade between partners; width grows with turnover where the article gives one."""
    return relation_layer(relations, "trade", documents)


def relation_layer(relations: gpd.GeoDataFrame, kind: str, documents: pd.DataFrame) -> Layer:
    """One layer for relations of ``kind``: great-circle lines, one per pair of partners."""
    name, show = RELATION_LAYERS[kind]
    rows = relations[relations["kind"] == kind]
    pairs = pair_lines(rows, documents)
    color = settings.KIND_COLORS[kind]
    layer = Layer(name=name, group=feature_group(name, show=show), legend="", show=show)

    def style(props: dict) -> dict:
        return {"color": color, "weight": props["_style"]["weight"], "opacity": 0.85,
                "dashArray": props["_style"]["dash"], "lineCap": "round"}

    if not pairs.empty:
        geojson(pairs, slug=layer.slug, style=style).add_to(layer.group)
    layer.legend = relation_legend(name, kind, rows)
    return layer


def pair_lines(rows: gpd.GeoDataFrame, documents: pd.DataFrame) -> gpd.GeoDataFrame:
    """Collapse relations to one line per unordered pair (and transit country)."""
    if rows.empty:
        return gpd.GeoDataFrame({"geometry": []}, geometry="geometry", crs=rows.crs)
    keyed = rows.assign(_pair=[f"{min(s, t)}|{max(s, t)}|{v}" for s, t, v in
                               zip(rows["source"], rows["target"], rows["via"], strict=True)])
    out = []
    for _, group in keyed.sort_values("id").groupby("_pair", sort=True):
        first = group.iloc[0]
        values = group.loc[group["unit"] == VALUE_UNIT, "value_num"].dropna()
        dashes = {settings.STATUS_DASH.get(s) for s in group["status"]}
        out.append({
            "tooltip": _pair_tooltip(group),
            "popup": "".join(relation_card(r, documents) for r in group.to_dict("records")),
            "_style": {"weight": BASE_WIDTH + PER_UNIT * values.max() if len(values)
                       else BASE_WIDTH,
                       "dash": dashes.pop() if len(dashes) == 1 else None},
            "geometry": first.geometry,
        })
    return gpd.GeoDataFrame(out, geometry="geometry", crs=rows.crs)


def relation_card(row: dict, documents: pd.DataFrame) -> str:
    """The evidence card of one relation."""
    partners = f"{row['source_name']} → {row['target_name']}"
    if row.get("via"):
        partners += f" (via {row['via_name']})"
    value = f"{row['value']} {row['unit']}".strip() if row.get("value") else ""
    when = row.get("date") or row.get("year") or ""
    facts = [("Value", value), ("When", when), ("Status", row["status"]), ("Id", row["id"])]
    other = ""
    if row.get("other_value"):
        other = card("Other sources say", [("Value", row["other_value"])],
                     source=source_line({"source_url": row["other_source_url"]}, documents))
    return card(
        f"{row['kind'].capitalize()}: {partners}", facts,
        quote=row.get("quote", ""), note=row.get("note", ""),
        source=source_line(row, documents), aside=other,
    )


def relation_legend(name: str, kind: str, rows: pd.DataFrame) -> str:
    """Colour of the kind, line styles by status present, and the width scale if used."""
    color = settings.KIND_COLORS[kind]
    entries = [(swatch(color, dash=settings.STATUS_DASH.get(s)), s)
               for s in sorted(set(rows["status"]))]
    note = ""
    if (rows["unit"] == VALUE_UNIT).any():
        top = rows.loc[rows["unit"] == VALUE_UNIT, "value_num"].max()
        entries.append((swatch(color, width=BASE_WIDTH + PER_UNIT * top),
                        f"{top:g} {VALUE_UNIT}"))
        note = (f"Width: {BASE_WIDTH:g} px + {PER_UNIT:g} px per {VALUE_UNIT} where the "
                "article gives a value; thin where it does not.")
    return legend(name, entries, note=note)


def _pair_tooltip(group: pd.DataFrame) -> str:
    first = group.iloc[0]
    title = f"{first['kind'].capitalize()}: {first['source_name']} — {first['target_name']}"
    if first["via"]:
        title += f" via {first['via_name']}"
    figures = [f"{r['value']} {r['unit']} ({r['year']})" if r["year"] else
               f"{r['value']} {r['unit']}" for r in group.to_dict("records") if r["value"]]
    if len(group) == 1:
        return card(title, [("Figures", "; ".join(figures)), ("When", first["year"])],
                    quote=first["quote"], note="Click for the source.")
    return card(title, [("Figures", "; ".join(figures))],
                note=f"{len(group)} statements; click for each quote and its source.")
