"""Places: the named points routes and relations run through."""

from __future__ import annotations

import geopandas as gpd

from geo.layers.base import Layer, card, esc, feature_group, geojson, legend, swatch

NAME = "Places"
COLOR = "#333333"


def places_layer(places: gpd.GeoDataFrame) -> Layer:
    """Small dots with the place name, its role and how precise its position is."""
    layer = Layer(name=NAME, group=feature_group(NAME, show=True), legend="")
    rows = places.to_dict("records")
    cards = [_card(r) for r in rows]
    frame = places.assign(tooltip=cards, popup=cards)

    def style(props: dict) -> dict:
        return {"color": "#ffffff", "weight": 1, "fillColor": COLOR, "fillOpacity": 1,
                "radius": 3.5}

    geojson(frame, slug=layer.slug, style=style, marker_radius=3.5).add_to(layer.group)
    layer.legend = legend(NAME, [(swatch(COLOR, fill=True), "named place")],
                          note="Town-centre positions unless the card says otherwise.")
    return layer


def _card(row: dict) -> str:
    source = (f'<a href="{esc(row["source_url"])}" target="_blank" '
              f'rel="noopener noreferrer">{esc(row["source_url"])}</a>')
    return card(row["name"], [("Role", row["role"]), ("Position", row["precision"]),
                              ("Lat, lon", f"{float(row['lat']):.4f}, {float(row['lon']):.4f}")],
                note=row["note"], source=source)
