"""Names on the map: sources of the names, modes, and no collision at the opening zoom."""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest
import shapely
from babel import Locale

from geo import pipeline, settings
from geo.errors import DataError, OptionError
from geo.layers import labels
from geo.model import EXTENTS, Options, extent_from


def _opening_names(layers, zoom: int = settings.ZOOM_START) -> list[tuple]:
    """(text, spot, beside) of every name shown at ``zoom`` (by default the opening zoom of
    a desktop window): the name layers' and the places' (beside their dots)."""
    out = []
    for layer in layers:
        if layer.name in (labels.NAME, labels.SEA_NAME, "Places", "Disputed territories"):
            for part in layer.features:
                if part.label_zoom <= zoom and "label" in part.frame:
                    beside = not part.label_only
                    out += [
                        (text, spot, beside)
                        for text, spot in zip(
                            part.frame["label"], part.frame.geometry, strict=True
                        )
                    ]
    return out


@pytest.mark.parametrize("mode", labels.MODES)
@pytest.mark.parametrize("zoom", [settings.MIN_ZOOM, settings.ZOOM_START])
def test_no_two_names_overlap_at_the_opening_zoom(mode, zoom):
    """At a desktop window's opening zoom and at a phone's or a news column's (the map opens
    at ``MIN_ZOOM`` there, to keep Moscow and Tokyo in view), names show and none overlaps."""
    model = pipeline.model_from_dir(None, Options(labels=mode))
    shown = _opening_names(model.layers, zoom)
    assert len(shown) > (20 if zoom == settings.ZOOM_START else 8)
    assert sum(beside for _, _, beside in shown) >= 3  # cities named from the opening zoom
    names = {text for text, _, beside in shown if not beside}
    for iso3, english in (("RUS", "Russia"), ("CHN", "China")):
        assert labels.label_text([english], [labels.local_country_name(iso3)], mode) in names
    boxes = [labels.text_bounds(spot, text, zoom, beside=beside) for text, spot, beside in shown]
    for (a, ta), (b, tb) in itertools.combinations(zip(boxes, shown, strict=True), 2):
        clear = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
        assert clear, f"{ta[0]!r} overlaps {tb[0]!r}"


@pytest.mark.parametrize("mode", labels.MODES)
def test_a_partner_too_narrow_for_its_name_is_named_offshore(mode, map_data):
    """Japan cannot hold its name inside its islands until zoom 5, so it is named once,
    beside its coast, from an opening zoom: the box touches no land and no disputed
    territory (a name in the Kurils' or the Senkakus' waters would seem to claim them) and
    starts at most OFFSHORE_MAX_PX from Japan; the story's cities keep their opening zoom.
    A country that fits inside (China) stays inside."""
    model = pipeline.model_from_dir(None, Options(labels=mode))
    layer = next(layer for layer in model.layers if layer.name == labels.NAME)
    japan = labels.label_text(["Japan"], [labels.local_country_name("JPN")], mode)
    china = labels.label_text(["China"], [labels.local_country_name("CHN")], mode)
    found = [
        (part.label_zoom, text, spot)
        for part in layer.features
        for text, spot in zip(part.frame["label"], part.frame.geometry, strict=True)
    ]
    zoom, _, spot = min((f for f in found if f[1] == japan), key=lambda f: f[0])  # offshore
    assert zoom <= settings.ZOOM_START
    area = shapely.box(*labels.text_bounds(spot, japan, zoom))
    land = [*map_data.countries.geometry, *map_data.disputes.geometry]
    assert not any(area.intersects(g) for g in land)
    shape = map_data.countries.loc[map_data.countries["iso3"] == "JPN"].geometry.iloc[0]
    assert area.distance(shape) / (360.0 / (256 * 2**zoom)) <= labels.OFFSHORE_MAX_PX
    china_shape = map_data.countries.loc[map_data.countries["iso3"] == "CHN"].geometry.iloc[0]
    assert all(china_shape.contains(f[2]) for f in found if f[1] == china)


def test_seas_and_disputed_features_are_named_in_each_partys_form():
    model = pipeline.model_from_dir(None, Options())
    seas = next(layer for layer in model.layers if layer.name == labels.SEA_NAME)
    texts = {t for part in seas.features for t in part.frame.get("label", [])}
    assert "East Sea\nSea of Japan" in texts  # both names, alphabetical: neither first by rank
    assert {"Sea of Okhotsk", "South China Sea", "Yellow Sea"} <= texts
    opening = {t for t, _, _ in _opening_names([seas])}
    assert "East Sea\nSea of Japan" in opening and "Sea of Okhotsk" in opening
    disputed = next(layer for layer in model.layers if layer.name == "Disputed territories")
    named = {t for part in disputed.features for t in part.frame.get("label", [])}
    assert {"Etorofu / Iturup", "Kunashir / Kunashiri", "Dokdo / Takeshima"} <= named
    assert {"Diaoyu / Senkaku", "Hoàng Sa / Paracels / Xisha"} <= named
    assert "Shikotan" in named  # a feature labels.csv does not name keeps its own label


def test_both_adds_the_partners_own_scripts(map_data):
    model = pipeline.model_from_dir(None, Options(labels="both"))
    names = {
        t
        for layer in model.layers
        for part in layer.features
        if "label" in part.frame
        for t in part.frame["label"]
    }
    assert "Russia\nРоссия" in names and "Japan\n日本" in names
    assert "South Korea\n대한민국" in names and "Vietnam\nViệt Nam" in names
    assert "Seoul\n서울" in names and "Tokyo\n東京" in names  # places, from labels.csv
    assert "Dokdo / Takeshima\n竹島 / 독도" in names
    local = pipeline.model_from_dir(None, Options(labels="local"))
    local_names = {
        t
        for layer in local.layers
        for part in layer.features
        if "label" in part.frame
        for t in part.frame["label"]
    }
    assert "Россия" in local_names and "Russia" not in local_names
    assert "Mongolia" in local_names  # no sourced local name: the English one stays


def test_country_names_come_from_cldr_in_the_first_official_language():
    assert labels.local_country_name("RUS") == "Россия"
    assert labels.local_country_name("CHN") == "中国"
    assert labels.local_country_name("TWN") == "台灣"
    assert labels.local_country_name("KAZ") == "Казахстан"  # Russian, official, first in CLDR
    assert labels.local_country_name("KGZ") == ""  # Kyrgyz first: not a partner's script
    assert labels.local_country_name("USA") == ""
    assert labels.local_country_name("XXX") == ""


def test_label_text_modes():
    assert labels.label_text(["Japan"], ["日本"], "en") == "Japan"
    assert labels.label_text(["Japan"], ["日本"], "local") == "日本"
    assert labels.label_text(["Japan"], ["日本"], "both") == "Japan\n日本"
    assert labels.label_text(["Mongolia"], [], "local") == "Mongolia"
    assert labels.label_text(["Việt Nam"], ["Việt Nam"], "both") == "Việt Nam"


def test_city_names_from_cldr_match_cldr():
    table = pd.read_csv(settings.DATA_DIR / "labels.csv", dtype=str, keep_default_na=False)
    cldr = table[table["source_url"].str.contains("unicode-org/cldr")]
    assert len(cldr) >= 5
    for row in cldr.itertuples():
        zone, locale = re.search(r"time zone (\S+), locale (\w+)", row.note).groups()
        assert row.lang == locale
        assert Locale.parse(locale).time_zones[zone]["city"] == row.name, row.id


def test_every_label_row_has_a_source_and_seas_say_their_anchor_is_approximate():
    table = pd.read_csv(settings.DATA_DIR / "labels.csv", dtype=str, keep_default_na=False)
    assert table["source_url"].str.match(r"https?://").all()
    seas = table[table["kind"] == "sea"]
    assert seas["note"].str.contains("approximate").all()
    assert not any(
        host in url for url in table["source_url"] for host in settings.DISALLOWED_HOSTS
    )


def test_a_bad_labels_row_is_named_with_its_line_and_column(data_copy):
    path = data_copy / "labels.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",sea,en,Yellow Sea,35.5,", ",sea,xx,Yellow Sea,,"), "utf-8")
    with pytest.raises(DataError) as err:
        pipeline.map_data(data_copy)
    message = str(err.value)
    assert "labels.csv" in message and "'xx'" in message and "lang" in message
    assert "label anchor" in message


def test_options_refuse_unknown_labels_and_extents():
    with pytest.raises(OptionError, match="--labels: 'fr'"):
        Options(labels="fr")
    with pytest.raises(OptionError, match="--extent: 'mars'"):
        Options(extent="mars")
    with pytest.raises(OptionError, match="--extent"):
        Options(extent="120,45,110,40")
    assert Options(extent="korea").extent == EXTENTS["korea"]
    assert extent_from("120, 30, 140.5, 45") == (120.0, 30.0, 140.5, 45.0)


def test_the_storys_cities_are_named_from_the_opening_zoom():
    model = pipeline.model_from_dir(None, Options())
    places = next(layer for layer in model.layers if layer.slug == "places")
    opening = {
        text
        for part in places.features
        if part.label_zoom <= settings.ZOOM_START
        for text in part.frame["label"]
    }
    assert {"Beijing", "Tokyo", "Shanghai"} <= opening
    assert "Aldan" not in opening  # a pipeline waypoint keeps its closer zoom


def test_prepared_country_names_match_a_fresh_placement(map_data):
    """data/derived/country_names.json (``make data``) is what placing the names now gives,
    key and names, in every mode: a change to the placement or the countries without a
    re-derivation fails here (run ``data/derive_names.py``)."""
    import json

    prepared = json.loads(labels.PREPARED.read_text("utf-8"))
    assert prepared == labels.prepared_placements(map_data.countries)
    assert {len(entry["names"]) for entry in prepared.values()} != {0}


def test_a_build_reads_prepared_names_and_places_changed_countries_itself(map_data, monkeypatch):
    """The project's countries take their names from the prepared file (nothing placed); a
    countries table that differs (one name changed) gets another key and its names placed
    afresh, the changed name among them."""
    fresh = labels._placed_countries
    calls = []

    def counted(*args, **kwargs):
        calls.append(args[2])
        return fresh(*args, **kwargs)

    monkeypatch.setattr(labels, "_placed_countries", counted)
    for mode in labels.MODES:
        placed = labels.country_placement(map_data.countries, mode)
        assert placed and all(isinstance(z, int) for z, _, _ in placed)
    assert calls == []
    changed = map_data.countries.copy()
    changed.loc[changed["iso3"] == "RUS", "name"] = "Russian Federation"
    placed = labels.country_placement(changed, "en")
    assert calls == ["en"]
    assert "Russian Federation" in [text for _, text, _ in placed]
    assert labels.placement_key(changed, "en") != labels.placement_key(map_data.countries, "en")
