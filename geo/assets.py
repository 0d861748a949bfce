"""The files a page inlines: Leaflet from ``xstatic-leaflet``, tiny-inflate from
``geo/static/vendor/``, and the project's own behaviours, styles and templates from
``geo/static/`` and ``geo/templates/``.

Every asset is read once per process; nothing is fetched, so a page works offline. The
project's scripts and styles go into the page minified (comments and spaces cut by ``rjsmin``
and ``rcssmin``; the code itself is unchanged): the files stay commented for their readers.
"""

from __future__ import annotations

import base64
import json
import re
from functools import cache
from pathlib import Path

import rcssmin
import rjsmin
import xstatic.pkg.leaflet as xleaflet
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


@cache
def static_text(name: str) -> str:
    """A file of ``geo/static/`` as text (a behaviour's script, the page's CSS), minified."""
    text = (STATIC / name).read_text(encoding="utf-8")
    if name.endswith(".js"):
        return str(rjsmin.jsmin(text))
    if name.endswith(".css"):
        return str(rcssmin.cssmin(text))
    return text


def behaviour_scripts(names: list[str]) -> str:
    """The runner, the inflate it unpacks the page's data with, and the scripts of the named
    behaviours, in order, as one text."""
    scripts = [static_text(f"{name}.js") for name in names]
    return "\n".join([static_text("run.js"), inflate_js(), *scripts])


@cache
def inflate_js() -> str:
    """tiny-inflate 1.0.3 (``geo/static/vendor/``, fetched by ``make vendor``) as
    ``geo.inflate(source, dest)``: its code unchanged in a scope of its own, minified, with
    its copyright and licence notice kept."""
    code = rjsmin.jsmin((STATIC / "vendor" / "tiny-inflate.js").read_text(encoding="utf-8"))
    return (
        "/*! tiny-inflate 1.0.3 | Copyright (c) 2015-present Devon Govett | MIT License */\n"
        f"geo.inflate=geo.inflate||(function(module){{{code}\nreturn module.exports;}})({{}});"
    )


@cache
def template(name: str) -> Template:
    """A template of ``geo/templates/``; ``.html`` templates escape every value by default."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(name)


@cache
def leaflet_js() -> str:
    """Leaflet's minified JavaScript from the xstatic package, run only if no Leaflet is
    loaded yet: with two maps on one page, a second copy would restart Leaflet's id counter
    and the two layer controls would share one group of base-layer radio buttons."""
    code = (Path(xleaflet.BASE_DIR) / "leaflet.js").read_text(encoding="utf-8")
    return f"if (!window.L) {{\n{code}\n}}"


@cache
def leaflet_css() -> str:
    """Leaflet's CSS with its images inlined as data URIs, less the default marker's image:
    Leaflet reads it only to guess where its marker images lie, and a page with a plain
    ``folium.Marker`` gives the marker its images itself (:func:`leaflet_icon_js`)."""
    folder = Path(xleaflet.BASE_DIR)
    css = (folder / "leaflet.css").read_text(encoding="utf-8")
    css = re.sub(r"\.leaflet-default-icon-path\s*\{[^}]*\}", "", css)

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode((folder / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((images/[\w\-.]+\.png)\)", inline, str(rcssmin.cssmin(css)))


@cache
def leaflet_icon_js() -> str:
    """Leaflet's default marker icon as data URIs, for a plain ``folium.Marker`` added to a
    map: Leaflet looks for the images beside its CSS, which is inlined, so without this the
    pin is a broken image offline."""
    folder = Path(xleaflet.BASE_DIR) / "images"
    urls = {
        option: "data:image/png;base64,"
        + base64.b64encode((folder / name).read_bytes()).decode("ascii")
        for option, name in (
            ("iconUrl", "marker-icon.png"),
            ("iconRetinaUrl", "marker-icon-2x.png"),
            ("shadowUrl", "marker-shadow.png"),
        )
    }
    return f'L.Icon.Default.imagePath = "";\nL.Icon.Default.mergeOptions({json.dumps(urls)});'
