"""Typed defaults for the whole pipeline: paths, map frame, palette, dates.

Change a value here (or pass the matching keyword) rather than hard-coding it in a stage.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path

#: The distribution's name (what ``pip install`` takes); the import package is ``geo``.
DISTRIBUTION: str = "russia-asia-pacific-map"

#: The repository root when running from a checkout (``geo/`` sits directly below it).
PROJECT_DIR: Path = Path(__file__).resolve().parent.parent


def packaged_data_dir() -> Path | None:
    """The data shipped inside an installed wheel (``geo/data/``), or ``None`` when running
    from a checkout or an editable install, where ``data/`` stays at the project's root."""
    shipped = files("geo") / "data"
    if isinstance(shipped, Path) and (shipped / "relations.csv").is_file():
        return shipped
    return None


#: Where ``sources.py`` reads the curated tables and derived geometries (``--data`` points
#: elsewhere): the installed package's copy, else the checkout's ``data/``.
DATA_DIR: Path = packaged_data_dir() or PROJECT_DIR / "data"

#: Where ``export.py`` writes generated files: the checkout's ``output/``, or for an
#: installed package ``output/`` in the current folder (never inside the package).
OUTPUT_DIR: Path = PROJECT_DIR / "output" if packaged_data_dir() is None else Path("output")

#: The default map file.
OUTPUT_HTML: Path = OUTPUT_DIR / "russia-asia-pacific.html"

#: Title shown on the map and in the HTML ``<title>``.
TITLE: str = "Russia's Pacific pivot: ties in the Asia-Pacific, as of November 2013"

#: Longitudes are shifted into [WEST_EDGE, WEST_EDGE + 360) so the map is Pacific-centred
#: and Russia is drawn whole across the 180th meridian. The cut runs through the Atlantic.
WEST_EDGE: float = -30.0

#: Coordinate reference system of every geometry in the pipeline (RFC 7946: WGS 84 lon/lat).
CRS: str = "EPSG:4326"

#: Map view at open: the Russian Far East and East Asia.
CENTER: tuple[float, float] = (45.0, 125.0)
ZOOM_START: int = 3
MIN_ZOOM: int = 2
MAX_ZOOM: int = 9
#: The map cannot be panned beyond these latitudes.
MIN_LAT: float = -70.0
MAX_LAT: float = 85.0

#: Popups open at least this many pixels below the top of the map, clear of the title.
POPUP_TOP_CLEARANCE: int = 200

#: Labels can be held back until this zoom level at most (see ``Features.label_zoom``).
MAX_LABEL_ZOOM: int = 12

#: The optional online basemap (``--basemap tiles``), by its name in ``xyzservices``: the
#: only thing that ever needs a network.
TILE_PROVIDER: str = "OpenStreetMap.Mapnik"

#: A set of features this large is drawn on one canvas instead of as SVG paths: panning
#: and toggling stay quick at thousands of lines (canvas lines carry no arrowheads).
CANVAS_FROM: int = 300

#: Great-circle arcs get one vertex per this many km, from 8 up to ``ARC_POINTS``.
ARC_POINTS: int = 64
ARC_KM_PER_POINT: float = 150.0

#: Colour per relationship kind (Okabe-Ito, distinguishable under common colour-vision
#: deficiencies).
KIND_COLORS: dict[str, str] = {
    "trade": "#0072B2",
    "investment": "#009E73",
    "arms": "#D55E00",
    "energy": "#E69F00",
    "diplomacy": "#56B4E9",
    "security": "#CC79A7",
    "dispute": "#000000",
}

#: Colour per route commodity: none shared with ``KIND_COLORS``, so a gas route and an
#: energy tie (or an LNG route and an investment) never look alike when both layers are on.
#: Gas and LNG take Paul Tol's colour-blind-safe wine and indigo; oil and rail are lighter,
#: so that in grayscale no commodity looks like another or like the status rows' grey
#: (``tests/test_encoding.py`` renders the legend in grayscale).
COMMODITY_COLORS: dict[str, str] = {
    "oil": "#B07A2A",
    "gas": "#882255",
    "lng": "#332288",
    "rail": "#999999",
}

#: Dash pattern per status; solid for what exists, dashed for what does not (yet). Each
#: status that does not exist yet has a pattern of its own (``geo audit`` reports two
#: legend rows drawn alike): planned long dashes, proposed short, sought dash-dot,
#: expected long dash-dot-dot.
STATUS_DASH: dict[str, str | None] = {
    "operating": None,
    "reported": None,
    "agreed": None,
    "planned": "8 6",
    "proposed": "3 6",
    "sought": "8 4 1 4",
    "expected": "12 4 1 4 1 4",
    "opposed": "1 5",
    "failed": "1 5",
    "disputed": None,
    "unreviewed": "2 4",
}

#: Hosts whose pages a source URL may not cite (mirrors, content farms, aggregators), as
#: found in the source-quality pass; ``*.`` matches any subdomain. ``geo audit`` also
#: refuses a raw IPv4 host, a mirror's explicit port and a kiwix/ZIM path
#: (``/wikipedia_en_*/A/``); a trailing dot on a host is ignored.
DISALLOWED_HOSTS: tuple[str, ...] = (
    "mickopedia.org",
    "wikimili.com",
    "wikiclassic.com",
    "the-uncensored-wiki.com",
    "review.clateway.com",
    "kiwix.casplantje.nl",
    "iiab.me",
    "qa.edu.vn",
    "*.wiki7.org",
    "*.frwiki.wiki",
    "encyclopedia2.thefreedictionary.com",
    "tryxyz.com",
    "m.hxen.com",
    "infomap.travel",
    "vkrizis.info",
    "worldwarships.com",
    "*.blogspot.com",
    "liquisearch.com",
    "memim.com",
    "wikisum.wiki",
    "wikien4.appspot.com",
    "piglix.com",
    "wiki2.org",
    "wikiwand.com",
    "theinfolist.com",
    "howlingpixel.com",
)

#: Fill colours for the partners layer, by the number of kinds of ties with the focal
#: country (see ``geo.layers.encoding.SHADING``); a country named with no tie is white with
#: a dashed edge (a grey would sit between two blues in grayscale).
PARTNER_CLASSES: tuple[tuple[int, str], ...] = (
    (1, "#c6dbef"),
    (3, "#6baed6"),
    (5, "#2171b5"),
)
NO_TIE_FILL: str = "#ffffff"
NO_TIE_DASH: str = "3 2"

#: Land colours for the vector basemap.
LAND_COLOR: str = "#f2efe9"
BORDER_COLOR: str = "#b8b2a7"
SEA_COLOR: str = "#dbe9f3"


def tool_version() -> str:
    """The installed version of ``geo`` (recorded in every map's manifest)."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # a source tree that is not installed
        return "0+unknown"
