"""Places: the named points routes and relations run through."""

from __future__ import annotations

import geopandas as gpd

from geo.layers.base import Layer, Legend, Symbol, card, features, link

NAME = "Places"
COLOR = "#333333"


def places_layer(places: gpd.GeoDataFrame) -> Layer:
    """Small dots with the place name, its role and how precise its position is."""
    style = {"color": "#ffffff", "weight": 1, "fill": True, "fillColor": COLOR, "fillOpacity": 1}
    rows = [
        {
            "tooltip": card(
                r["name"], [("Position", r["precision"])], note="Click for the source."
            ),
            "popup": _card(r),
            "style": style,
            "label": r["name"],
            "ids": r["id"],
            "geometry": r["geometry"],
            "capital": r["role"] == "capital",
        }
        for r in places.to_dict("records")
    ]
    capitals = [r for r in rows if r.pop("capital")]
    others = [r for r in rows if r not in capitals]
    return Layer(
        name=NAME,
        # capitals are named from zoom 5, other places (close together) from zoom 7
        features=[
            features(others, crs=places.crs, radius=3.5, label_zoom=7),
            features(capitals, crs=places.crs, radius=3.5, label_zoom=5),
        ],
        legend=Legend(
            NAME,
            [(Symbol("point", COLOR), "named place")],
            "Town-centre positions unless the card says otherwise.",
        ),
        show=True,
        theme="Infrastructure",
    )


def _card(row: dict) -> str:
    source = link(row["source_url"])  # a link only for an http(s) URL
    return card(
        row["name"],
        [
            ("Role", row["role"]),
            ("Position", row["precision"]),
            ("Lat, lon", f"{float(row['lat']):.4f}, {float(row['lon']):.4f}"),
        ],
        note=row["note"],
        source=source,
    )
