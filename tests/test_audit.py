"""``geo audit``: the project's map passes; each kind of mistake, made on a copy of the data,
is caught with its measure."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from shapely.geometry import Point

from geo import audit, pipeline, settings
from geo.cli import main


def _findings(data_dir: Path | None = None) -> list[audit.Finding]:
    return audit.audit(pipeline.model_from_dir(data_dir))


def _errors(findings: list[audit.Finding], check: str) -> list[str]:
    return [str(f) for f in findings if f.severity == "error" and f.check == check]


def _edit_row(path: Path, row_id: str, **values: str) -> None:
    """Set ``values`` in the row of ``path`` whose first column is ``row_id``."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = rows[0]
    for row in rows[1:]:
        if row and row[0] == row_id:
            for key, value in values.items():
                row[header.index(key)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_the_project_passes_its_audit(capsys):
    assert main(["audit"]) == 0
    out = capsys.readouterr().out
    assert "error" not in out.split(":")[0]
    # the SKV's two unsourced legs are known: warnings, with their measure
    assert "warning: routes.csv, skv_gas: 30 km inside CHN (declared RUS)" in out


def test_the_audit_has_no_errors_and_only_known_warnings():
    findings = _findings()
    assert not audit.has_errors(findings), [str(f) for f in findings]
    others = [f for f in findings if f.check != "opening-view"]
    assert {(f.file, f.row) for f in others} <= {("routes.csv", "skv_gas")}
    # the far ends of the story need a pan at some sizes: Bali in a desktop window, the
    # southern Kurils on a 320 px phone (Moscow and Tokyo fill its width at zoom 2)
    views = {
        row: " ".join(f.message for f in findings if f.check == "opening-view" and f.row == row)
        for row in ("Places", "Disputed territories")
    }
    assert "'Nusa Dua, Bali' lies wholly outside the opening view at 1400x900" in views["Places"]
    assert "'Iturup (Etorofu)'" in views["Disputed territories"]


def test_a_route_cut_across_china_is_caught(data_copy):
    _edit_row(data_copy / "places.csv", "arkhara", lat="47.0", lon="129.0")
    errors = _errors(_findings(data_copy), "route-ground")
    assert any(
        e.startswith("routes.csv, espo2: ") and "inside CHN (declared RUS)" in e for e in errors
    )
    assert main(["audit", "--data", str(data_copy)]) == 1


def test_a_sea_leg_across_hokkaido_is_caught(data_copy):
    path = data_copy / "derived" / "sea_lanes.geojson"
    lanes = json.loads(path.read_text(encoding="utf-8"))
    for lane in lanes["features"]:
        if lane["properties"]["to"] == "sodegaura":
            coords = lane["geometry"]["coordinates"]
            coords.insert(len(coords) // 2, [142.8, 43.5])  # central Hokkaido
    path.write_text(json.dumps(lanes), encoding="utf-8")
    errors = _errors(_findings(data_copy), "route-ground")
    assert any(
        "sakhalin2_lng_japan: sea leg prigorodnoye → sodegaura crosses" in e and "JPN" in e
        for e in errors
    ), errors


def _model(data_dir: Path | None = None):
    """A freshly built model (its layers are its own: a test may change them)."""
    return pipeline.model_from_dir(data_dir)


def _layer(model, name: str):
    return next(layer for layer in model.layers if layer.name == name)


def test_a_group_marker_inside_a_country_is_caught(data_copy):
    model = _model()
    model.data.anchors.loc["ASIA", "geometry"] = Point(73.0, 26.0)  # Rajasthan
    errors = _errors(audit.audit(model), "group-marker")
    assert errors == [
        "group_members.csv, ASIA: ASIA marker at 26.0°N 73.0°E lies inside IND, "
        "a member it would be read as of ASIA"
    ]
    path = data_copy / "group_members.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("ASIA,IND\n", ""), "utf-8")
    model = _model(data_copy)
    model.data.anchors.loc["ASIA", "geometry"] = Point(73.0, 26.0)
    errors = _errors(audit.audit(model), "group-marker")
    assert any("inside IND, not a member of ASIA" in e for e in errors), errors


def test_group_markers_are_placed_outside_every_country():
    assert _errors(_findings(), "group-marker") == []


def test_a_directed_turnover_is_caught():
    model = _model()
    bands = _layer(model, "Trade flows").features[0]
    assert "r050" in ";".join(bands.frame["ids"]) and not bands.arrows
    bands.arrows = True
    errors = _errors(audit.audit(model), "encoding")
    assert "relations.csv, r050: directed arrow on undirected kind trade (turnover)" in errors


def test_a_flow_drawn_without_its_arrow_is_caught():
    model = _model()
    flows = next(p for p in _layer(model, "Investment").features if p.arrows)
    flows.arrows = False
    errors = _errors(audit.audit(model), "encoding")
    assert (
        "relations.csv, r051: flow drawn without an arrow (investment: investor → recipient)"
        in errors
    )


def test_an_arrow_that_starts_at_the_partner_is_caught():
    model = _model()
    flows = next(p for p in _layer(model, "Investment").features if p.arrows)
    frame = flows.frame
    row = frame.index[frame["ids"].str.contains("r051")][0]
    frame.loc[row, "geometry"] = frame.geometry[row].reverse()  # Moscow -> Tokyo
    errors = _errors(audit.audit(model), "encoding")
    assert (
        "relations.csv, r051: arrow ends at JPN, the investor: investment arrows start at "
        "the investor (investor → recipient)"
    ) in errors


def test_a_kuril_claim_drawn_from_the_administrator_is_caught(data_copy):
    _edit_row(data_copy / "relations.csv", "r018", source="RUS", target="JPN")
    errors = _errors(_findings(data_copy), "encoding")
    assert (
        "relations.csv, r018: claim arrow starts at RUS, which administers kuril_habomai; "
        "JPN claims it (claimant → territory)"
    ) in errors
    assert main(["audit", "--data", str(data_copy)]) == 1


def test_a_form_its_kind_does_not_have_is_caught(data_copy):
    _edit_row(data_copy / "relations.csv", "r018", form="flow")
    errors = _errors(_findings(data_copy), "encoding")
    assert (
        "relations.csv, r018: form flow is not a form of kind dispute (claim, mutual, stance)"
        in errors
    )


def test_a_claim_that_reaches_no_territory_is_caught(data_copy):
    _edit_row(data_copy / "relations.csv", "r018", target="IND")
    errors = _errors(_findings(data_copy), "encoding")
    assert (
        "relations.csv, r018: claim by JPN against IND reaches no territory in disputes.csv"
        in errors
    )


def test_a_mirror_url_is_caught(data_copy):
    _edit_row(
        data_copy / "places.csv", "vladivostok", source_url="https://wikimili.com/en/Vladivostok"
    )
    errors = _errors(_findings(data_copy), "source-host")
    assert errors == [
        "places.csv, vladivostok: source_url: disallowed host wikimili.com "
        "(https://wikimili.com/en/Vladivostok)"
    ]


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://pacificsentinel.blogspot.com/2013/x.html", "disallowed host"),
        ("http://5.180.24.3/wiki/Paracel", "raw IP host"),
        ("http://example.org:20061/a", "explicit port"),
        ("https://x.example/wikipedia_en_all_maxi_2023-10/A/Rikord_Island", "kiwix"),
        ("https://PT.WIKI7.ORG./wiki/x", "disallowed host pt.wiki7.org"),
        ("https://en.wikipedia.org./wiki/Iturup", ""),
        ("https://www.geonames.org/2013348", ""),
    ],
)
def test_disallowed_urls(url, why):
    assert audit.disallowed(url).startswith(why) if why else audit.disallowed(url) == ""


def test_two_identical_legend_rows_are_caught(monkeypatch):
    monkeypatch.setitem(settings.STATUS_DASH, "proposed", None)  # drawn like "operating"
    errors = _errors(_findings(), "legend-rows")
    assert (
        "legend, Energy routes: 'operating' and 'proposed' are drawn alike "
        "(line #555555, solid, width 3)"
    ) in errors


def test_legend_rows_alike_across_layers_are_caught(monkeypatch):
    monkeypatch.setitem(settings.KIND_COLORS, "energy", "#555555")  # the routes' status grey
    errors = _errors(_findings(), "legend-rows")
    assert (
        "legend, Energy ties: 'proposed' and Energy routes 'proposed' are drawn alike "
        "(line #555555, dash 3 6, width 3)"
    ) in errors


def test_legend_rows_that_differ_only_by_arrow_or_opacity_are_not_alike(monkeypatch):
    from geo.layers import encoding

    monkeypatch.setattr(encoding, "OUTSIDE_OPACITY", encoding.ARTICLE_OPACITY)
    monkeypatch.setattr(encoding, "WIDTH_PER_UNIT", 0.0)  # every band as wide
    errors = _errors(_findings(), "legend-rows")
    assert any(
        "Trade flows: 'two-way trade, the article's figure (33 USD bn)' and 'two-way trade, "
        "another source's figure" in e
        for e in errors
    ), errors


def test_statuses_drawn_alike_share_one_legend_row(map_data):
    from geo.layers.catalogue import spec

    security = spec("security").build(map_data)
    assert "Solid lines: agreed, reported." in security.legend.note
    labels = [label for _, label in security.legend.items]
    assert "agreed" not in labels and "reported" not in labels


def test_a_feature_outside_the_opening_view_is_a_warning(monkeypatch):
    """An opening view around Moscow alone leaves Tokyo and Beijing out at every size."""
    moscow = [[55.0, 37.0], [56.5, 38.5]]
    monkeypatch.setattr(audit, "opening_bounds", lambda model: {"core": moscow, "wide": moscow})
    found = [f for f in _findings() if f.check == "opening-view"]
    assert found and all(f.severity == "warning" for f in found)
    places = " ".join(f.message for f in found if f.row == "Places")
    every = ", ".join(f"{w}x{h}" for w, h in audit.OPENING_WINDOWS)
    assert "'Tokyo'" in places and "'Beijing'" in places and every in places


def test_the_storys_capitals_are_in_every_opening_view():
    messages = " ".join(f.message for f in _findings() if f.check == "opening-view")
    for name in ("Moscow", "Beijing", "Tokyo", "Seoul", "Pyongyang", "Hanoi"):
        assert f"'{name}" not in messages, name
    assert "'Japan'" not in messages and "'China'" not in messages


def test_the_opening_view_is_computed_in_web_mercator():
    west, south, east, north = audit.view_bounds((45.0, 125.0), 3, (1400, 900))
    assert (west, east) == pytest.approx((125 - 123.046875, 125 + 123.046875))
    assert south == pytest.approx(-27.48, abs=0.01) and north == pytest.approx(78.11, abs=0.01)


def test_the_opening_fit_centres_wide_at_the_zoom_the_page_picks_and_keeps_core_in_view():
    # a box 90 degrees wide at the equator in a 1200 x 600 map with nothing over it: at
    # zoom 4 it is 1024 px wide, inside 1200 less the gaps: zoom 4, centred on the box
    box = [[-10.0, 100.0], [10.0, 190.0]]
    view = {"core": box, "wide": box}
    (lat, lon), zoom = audit.fitted_view(view, (1200, 600), (0, 0, 1200, 600))
    assert zoom == 4 and lat == pytest.approx(0, abs=1e-9) and lon == pytest.approx(145)
    # a panel over the left 400 px: 784 px left, zoom 4 no longer fits and the page steps
    # back by half a zoom; the box is centred in the free part, so right of the map's centre
    (lat, lon), zoom = audit.fitted_view(view, (1200, 600), (400, 0, 1200, 600))
    assert zoom == 3.5 and lon == pytest.approx(145 - 200 / (256 * 2**3.5) * 360)
    # wide is wider than the map at the least zoom: centring it would push core out of
    # view (the view would run from about 138 to 362 degrees); core is kept inside
    core, wide = [[-5.0, 100.0], [5.0, 110.0]], [[-5.0, 100.0], [5.0, 400.0]]
    (lat, lon), zoom = audit.fitted_view(
        {"core": core, "wide": wide}, (640, 400), (0, 0, 640, 400)
    )
    west, _, east, _ = audit.view_bounds((lat, lon), zoom, (640, 400))
    assert zoom == settings.MIN_ZOOM and west < 100 < 110 < east < 330


def test_build_stops_on_an_audit_error(data_copy, tmp_path, capsys):
    _edit_row(data_copy / "places.csv", "vladivostok", source_url="https://wikimili.com/x")
    out = tmp_path / "map.html"
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert "geo: audit: error: places.csv, vladivostok: source_url: disallowed host" in err
    assert "failed its audit" in err
