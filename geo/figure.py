"""Static figures (PNG, SVG, PDF) drawn with matplotlib from the same layers as the HTML.

No browser is involved: each :class:`~geo.layers.Layer` that is on is drawn from its
features and their Leaflet styles (colours, widths, dashes, arrowheads, markers), in a
Pacific-centred Web Mercator view like the HTML's, with the legend, title, as-of note and
credit. :func:`geo.export.save_figure` writes the result.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from pyproj import Transformer

from geo import settings
from geo.layers import Features, Layer, Symbol
from geo.model import MapModel

#: Spherical (Web) Mercator that does not wrap longitudes beyond 180 (``+over``).
MERCATOR = "+proj=merc +a=6378137 +b=6378137 +lon_0=0 +over +units=m +no_defs"
#: The view at open, as (west, south, east, north) in degrees of the Pacific frame.
EXTENT = (25.0, -12.0, 215.0, 78.0)
PX_TO_PT = 0.75  # CSS pixels (1/96 in) to points (1/72 in)
CREDIT = "Boundaries: Natural Earth (public domain). Map: geo."
#: Text options for everything the figure writes: printed as written, never read as
#: mathematics or TeX ("Deals worth $33bn and $10bn" would print "33bnand10bn" in italics).
LITERAL: dict[str, Any] = {"parse_math": False, "usetex": False}


def figure_from_model(
    model: MapModel,
    *,
    width: float = 11.0,
    height: float = 7.5,
    extent: tuple[float, float, float, float] | None = None,
) -> Figure:
    """The static figure of ``model``: its layers that are on, its title and as-of note.

    Without ``extent``, a model that opens on its relations' extent (``options.fit``) is
    drawn on that extent with a margin; any other on :data:`EXTENT`.
    """
    if extent is None and model.options.fit:
        extent = _padded(model.data.relations.total_bounds)
    return figure_from_layers(
        model.layers,
        title=model.meta.title,
        subtitle=model.meta.subtitle,
        width=width,
        height=height,
        extent=extent,
    )


def figure_from_layers(
    chosen: Sequence[Layer],
    *,
    title: str = "",
    subtitle: str = "",
    width: float = 11.0,
    height: float = 7.5,
    extent: tuple[float, float, float, float] | None = None,
) -> Figure:
    """Draw the layers that are on into a new matplotlib ``Figure`` (no pyplot state).

    Parameters
    ----------
    chosen
        Layers in drawing order, as :func:`geo.model.select_layers` returns them.
    title, subtitle
        The title block; ``subtitle`` carries the source and as-of note.
    width, height
        Figure size in inches.
    extent
        West, south, east, north in degrees of the Pacific-centred frame (default
        :data:`EXTENT`, the HTML map's view at open).
    """
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_facecolor(settings.SEA_COLOR)
    ax.set_xticks([])
    ax.set_yticks([])
    visible = [layer for layer in chosen if layer.show]
    for layer in visible:
        for part in layer.features:
            _draw(ax, part)
    _frame(ax, extent or EXTENT)
    _furniture(fig, ax, visible, title, subtitle)
    return fig


def _padded(bounds: Any, margin: float = 8.0) -> tuple[float, float, float, float]:
    west, south, east, north = (float(b) for b in bounds)
    return (west - margin, max(south - margin, -75.0), east + margin, min(north + margin, 84.0))


def _draw(ax, part: Features) -> None:
    if part.frame.empty:
        return
    frame = part.frame.to_crs(MERCATOR)
    if part.label_only:
        _labels(ax, frame, part, centred=True)
        return
    styles = frame["style"].map(lambda s: json.dumps(s, sort_keys=True))
    for key, rows in frame.groupby(styles, sort=True):
        style = json.loads(key)
        geoms = gpd.GeoSeries(rows.geometry, crs=MERCATOR)
        kinds = set(geoms.geom_type)
        if kinds <= {"Point"}:
            _points(ax, geoms, style, part.radius or 4)
        elif kinds <= {"LineString", "MultiLineString"}:
            _lines(ax, geoms, style, arrows=part.arrows)
        else:
            _areas(ax, geoms, style)
    _labels(ax, frame, part, centred=False)


def _labels(ax, frame: gpd.GeoDataFrame, part: Features, *, centred: bool) -> None:
    """Labels as the HTML shows them at its opening zoom (those held back to a closer zoom
    stay off): beside their feature, or centred on it for names alone."""
    if "label" not in frame.columns or part.label_zoom > settings.ZOOM_START:
        return
    for row in frame.itertuples():
        ax.annotate(
            row.label,
            (row.geometry.x, row.geometry.y),
            xytext=(0, 0) if centred else (7, 0),
            textcoords="offset points",
            fontsize=7,
            fontweight="normal" if centred else "bold",
            color="#555555" if centred else "black",
            ha="center" if centred else "left",
            va="center",
            zorder=6,
            **LITERAL,
        )


def _areas(ax, geoms: gpd.GeoSeries, style: dict) -> None:
    geoms.plot(
        ax=ax,
        facecolor=style.get("fillColor", "none"),
        alpha=None,
        edgecolor=style.get("color", "none"),
        linewidth=style.get("weight", 1) * PX_TO_PT,
        linestyle=_dashes(style),
        zorder=1,
    )
    opacity = style.get("fillOpacity", 1.0)
    if opacity < 1:  # fill and edge need different opacities: draw the fill again, faded
        ax.collections[-1].set_facecolor(_rgba(style.get("fillColor", "#000"), opacity))


def _lines(ax, geoms: gpd.GeoSeries, style: dict, *, arrows: bool) -> None:
    width = style.get("weight", 2) * PX_TO_PT
    color = _rgba(style["color"], style.get("opacity", 1.0))
    geoms.plot(
        ax=ax, color=color, linewidth=width, linestyle=_dashes(style), capstyle="round", zorder=3
    )
    if arrows:
        for line in geoms:
            xy = np.asarray(line.coords)
            ax.annotate(
                "",
                xy=xy[-1],
                xytext=xy[-2],
                zorder=4,
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": color,
                    "lw": 0,
                    "mutation_scale": 10 + 2.2 * width,
                    "shrinkA": 0,
                    "shrinkB": 0,
                },
            )


def _points(ax, geoms: gpd.GeoSeries, style: dict, radius: float) -> None:
    ax.scatter(
        geoms.x,
        geoms.y,
        s=(2 * radius * PX_TO_PT) ** 2,
        c=style.get("fillColor", "#fff"),
        edgecolors=style.get("color", "#000"),
        linewidths=style.get("weight", 1) * PX_TO_PT,
        zorder=5,
    )


def _frame(ax, extent: tuple[float, float, float, float]) -> None:
    """Show ``extent``, widened in one direction to the figure's shape (no distortion)."""
    west, south, east, north = extent
    to_merc = Transformer.from_crs("EPSG:4326", MERCATOR, always_xy=True)
    (x0, x1), (y0, y1) = to_merc.transform([west, east], [south, north])
    fig_w, fig_h = ax.figure.get_size_inches()
    ratio = fig_h / fig_w
    if (y1 - y0) / (x1 - x0) < ratio:
        pad = ((x1 - x0) * ratio - (y1 - y0)) / 2
        y0, y1 = y0 - pad, y1 + pad
    else:
        pad = ((y1 - y0) / ratio - (x1 - x0)) / 2
        x0, x1 = x0 - pad, x1 + pad
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")


def _furniture(fig: Figure, ax, visible: Sequence[Layer], title: str, subtitle: str) -> None:
    box = {
        "boxstyle": "round,pad=0.5",
        "facecolor": "white",
        "alpha": 0.94,
        "edgecolor": "#bbbbbb",
    }
    text = title + (f"\n{subtitle}" if subtitle else "")
    fig.text(
        0.012,
        0.985,
        # wrapped text is measured as mathematics whenever it has two unescaped "$", even
        # with parse_math=False (matplotlib 3.10-3.11): escape them instead; "\$" prints "$"
        _escape_dollars(text),
        ha="left",
        va="top",
        fontsize=10,
        bbox=box,
        wrap=True,
        linespacing=1.4,
        usetex=False,
    )
    fig.text(0.012, 0.012, CREDIT, ha="left", va="bottom", fontsize=7, color="#444444", **LITERAL)
    handles: list[Any] = []
    headers: set[int] = set()
    for layer in visible:
        if layer.legend is None:
            continue
        headers.add(len(handles))
        handles.append(Line2D([], [], linestyle="none", label=layer.legend.title))
        handles.extend(_handle(symbol, label) for symbol, label in layer.legend.items)
    if handles:
        legend = ax.legend(
            handles=handles,
            labels=[h[0].get_label() if isinstance(h, tuple) else h.get_label() for h in handles],
            handler_map={tuple: HandlerTuple(ndivide=1, pad=0)},
            numpoints=1,
            loc="lower right",
            fontsize=7,
            framealpha=0.94,
            handlelength=2.6,
            borderpad=0.6,
        )
        for i, label in enumerate(legend.get_texts()):
            label.set_parse_math(False)
            label.set_usetex(False)
            if i in headers:
                label.set_fontweight("bold")


def _escape_dollars(text: str) -> str:
    """``text`` with every ``$`` escaped, so matplotlib prints it as written."""
    return text.replace("$", r"\$")


def _handle(symbol: Symbol, label: str):
    if symbol.shape == "fill":
        return Patch(
            facecolor=symbol.color,
            edgecolor=symbol.edge,
            label=label,
            linestyle=_dashes({"dashArray": symbol.dash, "weight": 1}),
        )
    if symbol.shape == "point":
        return Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markerfacecolor=symbol.fill or "white",
            markeredgecolor=symbol.color,
            markeredgewidth=2.0 if symbol.dash else 1.0,
            markersize=9 if symbol.dash else 6,
            label=label,
        )
    line = Line2D(
        [],
        [],
        color=_rgba(symbol.color, symbol.opacity),
        linewidth=min(symbol.width, 8) * PX_TO_PT,
        linestyle=_dashes({"dashArray": symbol.dash, "weight": symbol.width}),
        marker=">" if symbol.arrow else None,
        markevery=[-1] if symbol.arrow else None,
        markersize=7,
        label=label,
    )
    if not symbol.hollow:
        return line
    core = Line2D([], [], color="white", linewidth=min(symbol.hollow, 8) * PX_TO_PT)
    return (line, core)


def _dashes(style: dict) -> Any:  # a matplotlib linestyle: "solid" or (offset, on-off seq)
    dash = style.get("dashArray")
    if not dash:
        return "solid"
    width = max(style.get("weight", 1), 0.5)
    return (0.0, tuple(float(v) / width for v in str(dash).replace(",", " ").split()))


def _rgba(color: str, alpha: float) -> tuple[float, float, float, float]:
    color = color.lstrip("#")
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, float(alpha))
