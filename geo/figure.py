"""Static figures (PNG, SVG, PDF) drawn with matplotlib from the same layers as the HTML.

No browser is involved: each :class:`~geo.layers.Layer` that is on is drawn from its
features and their Leaflet styles (colours, widths, dashes, arrowheads, markers), in a
Pacific-centred Web Mercator view like the HTML's, with the legend, title, as-of note and
credit. :func:`geo.export.save_figure` writes the result.
"""

from __future__ import annotations

import glob
import json
import logging
import math
import re
import textwrap
from collections.abc import Sequence
from typing import Any, cast

import geopandas as gpd
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from pyproj import Transformer

from geo import settings
from geo.layers import Features, Layer, Symbol
from geo.model import MapModel

#: Spherical (Web) Mercator that does not wrap longitudes beyond 180 (``+over``).
MERCATOR = "+proj=merc +a=6378137 +b=6378137 +lon_0=0 +over +units=m +no_defs"
#: The view at open, as (west, south, east, north) in degrees of the Pacific frame.
EXTENT = (25.0, -12.0, 215.0, 78.0)
PX_TO_PT = 0.75  # CSS pixels (1/96 in) to points (1/72 in)
#: Views narrower than this (degrees of longitude) get a locator inset, and its view.
#: The least share of the page's height the map keeps; a taller page when the title and
#: legend need more (a news column with every layer's legend).
MIN_MAP_SHARE = 0.4
INSET_BELOW = 45.0
INSET_VIEW = (60.0, 0.0, 190.0, 75.0)
#: Fonts: Latin, Cyrillic and Vietnamese from DejaVu Sans (matplotlib's own); Japanese,
#: Korean and Chinese from WenQuanYi Zen Hei (Debian's fonts-wqy-zenhei), found by file if
#: need be. Both have TrueType outlines, so a PDF embeds them as TrueType (Noto Sans CJK is
#: CFF: it would embed as CID Type 0C, which some print workflows refuse).
LATIN_FAMILY = "DejaVu Sans"
CJK_FAMILY = "WenQuanYi Zen Hei"
CJK_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/**/wqy-zenhei.ttc",
)
#: Type size of names on the map, points.
LABEL_PT = 7.0
log = logging.getLogger("geo")
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

    The view is ``extent``, else ``options.extent`` (a preset such as ``korea`` or a box),
    else, for a model that opens on its relations' extent (``options.fit``), that extent
    with a margin, else :data:`EXTENT`.
    """
    extent = extent or model.options.extent  # type: ignore[assignment]
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

    The title block runs along the top, the legend and the credit along the bottom, and
    the map fills the space between them, so none of them overlaps another at any width
    (a news column's 8 cm as well as a page's 17 cm). Views narrower than
    :data:`INSET_BELOW` degrees get a locator inset. Names are drawn as the HTML shows them
    at the zoom that matches the figure's scale (see :func:`label_zoom`).

    Parameters
    ----------
    chosen
        Layers in drawing order, as :func:`geo.model.select_layers` returns them.
    title, subtitle
        The title block; ``subtitle`` carries the source and as-of note.
    width, height
        Figure size in inches. The height grows (and says so on the ``geo`` logger) where
        the title and legend would leave the map less than :data:`MIN_MAP_SHARE` of it.
    extent
        West, south, east, north in degrees of the Pacific-centred frame (default
        :data:`EXTENT`, the HTML map's view at open).
    """
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)  # a renderer to measure text with, before anything is drawn
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_facecolor(settings.SEA_COLOR)
    ax.set_xticks([])
    ax.set_yticks([])
    visible = [layer for layer in chosen if layer.show]
    view = extent or EXTENT
    _furniture(fig, ax, visible, title, subtitle)
    share = ax.get_position().height
    if share < MIN_MAP_SHARE:  # the title and legend would squeeze the map: the page grows
        grown = height * (1 - share) / (1 - MIN_MAP_SHARE - 0.02)
        log.info("figure %.1f cm tall instead of %.1f: the map keeps %.0f %% of the page",
                 grown * 2.54, height * 2.54, MIN_MAP_SHARE * 100)  # fmt: skip
        return figure_from_layers(
            chosen, title=title, subtitle=subtitle, width=width, height=grown, extent=extent
        )
    _frame(ax, view)
    zoom = label_zoom(ax)
    for layer in visible:
        for part in layer.features:
            _draw(ax, part, zoom)
    if view[2] - view[0] < INSET_BELOW:
        _inset(fig, ax, chosen, view)
    for axes in fig.axes:  # geopandas names the projected axes; a map needs no such names
        axes.set_xlabel("")
        axes.set_ylabel("")
    return fig


class _OneWeightCJK(logging.Filter):
    """Drops matplotlib's note that the CJK font has no bold: it has one weight, which the
    bold names beside places use for their Japanese, Korean and Chinese lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        return not (text.startswith("findfont: Failed to find font weight") and CJK_FAMILY in text)


def font_family() -> list[str]:
    """The fonts every text of the figure is set in: DejaVu Sans (Latin, Cyrillic,
    Vietnamese), then WenQuanYi Zen Hei (Japanese, Korean, Chinese) where it is installed
    (Debian's ``fonts-wqy-zenhei``, installed by ``make``). matplotlib takes each character
    from the first font that has it. A CJK font installed after matplotlib built its font
    cache is added here by its file."""
    from matplotlib import font_manager

    fonts_log = logging.getLogger("matplotlib.font_manager")
    if not any(isinstance(f, _OneWeightCJK) for f in fonts_log.filters):
        fonts_log.addFilter(_OneWeightCJK())
    names = {f.name for f in font_manager.fontManager.ttflist}
    if CJK_FAMILY not in names:
        for pattern in CJK_FILES:
            for path in sorted(glob.glob(pattern, recursive=True)):
                font_manager.fontManager.addfont(path)
        names = {f.name for f in font_manager.fontManager.ttflist}
    if CJK_FAMILY not in names:
        log.warning(
            "no %s font: names in Japanese, Korean and Chinese will not print "
            "(install Debian's fonts-wqy-zenhei, as `make` does)",
            CJK_FAMILY,
        )
        return [LATIN_FAMILY]
    return [LATIN_FAMILY, CJK_FAMILY]


def label_zoom(ax) -> float:
    """The HTML zoom whose names fit the figure's scale: the map's zoom at that scale, plus
    what the figure's smaller label type gains (names placed for 11 px type at zoom z stay
    clear of each other at any scale where they print no larger)."""
    x0, x1 = ax.get_xlim()
    width_px = ax.get_position().width * ax.figure.get_figwidth() * 96
    world_px = width_px * (2 * math.pi * 6378137) / (x1 - x0)
    return math.log2(world_px / 256) + math.log2(11 / (LABEL_PT / PX_TO_PT))


def _padded(bounds: Any, margin: float = 8.0) -> tuple[float, float, float, float]:
    west, south, east, north = (float(b) for b in bounds)
    return (west - margin, max(south - margin, -75.0), east + margin, min(north + margin, 84.0))


def _draw(ax, part: Features, zoom: float = settings.ZOOM_START) -> None:
    if part.frame.empty:
        return
    frame = part.frame.to_crs(MERCATOR)
    if part.label_only:
        _labels(ax, frame, part, zoom, centred=True)
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
    _labels(ax, frame, part, zoom, centred=False)


def _labels(ax, frame: gpd.GeoDataFrame, part: Features, zoom: float, *, centred: bool) -> None:
    """Labels as the HTML shows them at ``zoom`` (those held back to a closer zoom stay
    off): beside their feature, or centred on it for names alone (a second line, the name
    in another script, under the first)."""
    if "label" not in frame.columns or part.label_zoom > max(zoom, settings.ZOOM_START):
        return
    family = font_family()
    for row in frame.itertuples():
        ax.annotate(
            row.label,
            (row.geometry.x, row.geometry.y),
            xytext=(0, 0) if centred else (7, 0),
            textcoords="offset points",
            fontsize=LABEL_PT,
            fontfamily=family,
            fontweight="normal" if centred else "bold",
            color="#555555" if centred else "black",
            ha="center" if centred else "left",
            va="center",
            multialignment="center" if centred else "left",
            linespacing=1.1,
            zorder=6,
            annotation_clip=True,
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
    """Show ``extent``, widened in one direction to the map's shape (no distortion)."""
    west, south, east, north = extent
    to_merc = Transformer.from_crs("EPSG:4326", MERCATOR, always_xy=True)
    (x0, x1), (y0, y1) = to_merc.transform([west, east], [south, north])
    box = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    ratio = (box.height * fig_h) / (box.width * fig_w)
    if (y1 - y0) / (x1 - x0) < ratio:
        pad = ((x1 - x0) * ratio - (y1 - y0)) / 2
        y0, y1 = y0 - pad, y1 + pad
    else:
        pad = ((y1 - y0) / ratio - (x1 - x0)) / 2
        x0, x1 = x0 - pad, x1 + pad
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")


def _furniture(fig: Figure, ax, visible: Sequence[Layer], title: str, subtitle: str) -> None:
    """Title block on top, legend and credit at the bottom, the map between: laid out from
    the measured size of each block, so they cannot overlap. Type and legend columns
    follow the figure's width (one column in a news column, more across a page)."""
    width_in, height_in = fig.get_size_inches()
    family = font_family()
    margin = 0.08 / height_in  # 0.08 in, as a fraction of the height
    side = 0.08 / width_in
    title_pt = 10.0 if width_in >= 5 else 8.0
    small_pt = 7.0 if width_in >= 5 else 6.0
    # wrapped here, not by matplotlib (its wrapped text is measured as mathematics whenever
    # it has two "$"); about 0.52 em per character of DejaVu Sans
    chars = max(20, int((width_in - 0.2) * 72 / (title_pt * 0.52)))
    lines = textwrap.wrap(title, chars) + textwrap.wrap(subtitle, int(chars * title_pt / small_pt))
    head = fig.text(
        side,
        1 - margin,
        "\n".join(lines[: len(textwrap.wrap(title, chars))]),
        ha="left",
        va="top",
        fontsize=title_pt,
        fontweight="bold",
        fontfamily=family,
        **LITERAL,
    )
    renderer = cast(FigureCanvasAgg, fig.canvas).get_renderer()
    top = head.get_window_extent(renderer).transformed(fig.transFigure.inverted()).y0
    if subtitle:
        sub = fig.text(
            side,
            top - margin / 2,
            "\n".join(textwrap.wrap(subtitle, int(chars * title_pt / small_pt))),
            ha="left",
            va="top",
            fontsize=small_pt,
            color="#333333",
            fontfamily=family,
            linespacing=1.3,
            **LITERAL,
        )
        top = sub.get_window_extent(renderer).transformed(fig.transFigure.inverted()).y0
    credit = fig.text(
        side,
        margin,
        CREDIT,
        ha="left",
        va="bottom",
        fontsize=small_pt - 0.5,
        color="#444444",
        fontfamily=family,
        **LITERAL,
    )
    bottom = credit.get_window_extent(renderer).transformed(fig.transFigure.inverted()).y1
    legend = _legend(fig, visible, family, small_pt, (side, bottom + margin / 2))
    if legend is not None:
        box = legend.get_window_extent(renderer).transformed(fig.transFigure.inverted())
        bottom = box.y1
    ax.set_position((0, bottom + margin / 2, 1, max(top - bottom - margin, 0.05)))


def _legend(fig: Figure, visible: Sequence[Layer], family: list[str], size: float, at):
    """The layers' legends in as many columns as the width holds, anchored at ``at``."""
    handles: list[Any] = []
    headers: set[int] = set()
    for layer in visible:
        if layer.legend is None:
            continue
        headers.add(len(handles))
        handles.append(Line2D([], [], linestyle="none", label=layer.legend.title))
        handles.extend(_handle(symbol, label) for symbol, label in layer.legend.items)
    if not handles:
        return None
    narrow = fig.get_figwidth() < 5  # a news column: two tight columns of smaller type
    ncols = 2 if narrow else max(2, int(fig.get_figwidth() / 2.2))
    pt = size - 0.5 if narrow else size
    # wrap each label to its column: the page width less the columns' handles and gaps,
    # at about half an em a character (DejaVu Sans averages 0.55 em)
    column_pt = (fig.get_figwidth() * 72 - 24) / ncols - (1.6 if narrow else 2.2) * pt - 2 * pt
    chars = max(12, int(column_pt / (0.58 * pt)))
    names = [h[0].get_label() if isinstance(h, tuple) else h.get_label() for h in handles]
    if narrow:  # a column keeps each row's words and drops its explanation in brackets
        names = [re.sub(r" \(.*\)$", "", n) for n in names]
    legend = fig.legend(
        handles=handles,
        labels=[textwrap.fill(n, chars) for n in names],
        handler_map={tuple: HandlerTuple(ndivide=1, pad=0)},
        numpoints=1,
        loc="lower left",
        bbox_to_anchor=at,
        ncols=ncols,
        prop={"family": family, "size": pt},
        frameon=False,
        handlelength=1.6 if narrow else 2.2,
        handletextpad=0.5,
        labelspacing=0.3 if narrow else 0.5,
        borderpad=0.2,
        borderaxespad=0,
        columnspacing=0.8 if narrow else 1.2,
    )
    for i, label in enumerate(legend.get_texts()):
        label.set_parse_math(False)
        label.set_usetex(False)
        if i in headers:
            label.set_fontweight("bold")
    return legend


def _inset(fig: Figure, ax, chosen: Sequence[Layer], view: tuple[float, ...]) -> None:
    """A locator in the map's top right corner: the wider region, the view as a red box."""
    box = ax.get_position()
    fig_w, fig_h = fig.get_size_inches()
    w = box.width * 0.22
    h = w * fig_w / fig_h * 0.8
    inset = fig.add_axes((box.x1 - w - 0.01, box.y1 - h - 0.01 * fig_w / fig_h, w, h))
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_facecolor(settings.SEA_COLOR)
    for layer in chosen:
        if layer.base:
            for part in layer.features:
                if not part.frame.empty:
                    _areas(
                        inset,
                        gpd.GeoSeries(part.frame.geometry).to_crs(MERCATOR),
                        {"fillColor": "#e8e4dc", "color": "#999999", "weight": 0.3},
                    )
    _frame(inset, INSET_VIEW)
    west, south, east, north = view
    to_merc = Transformer.from_crs("EPSG:4326", MERCATOR, always_xy=True)
    (x0, x1), (y0, y1) = to_merc.transform([west, east], [south, north])
    inset.add_patch(
        Rectangle(
            (x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#c0392b", linewidth=1.2, zorder=7
        )
    )
    inset.set_gid("geo-inset")


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
