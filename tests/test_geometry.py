"""The Pacific frame and great-circle arcs: pure functions, checked on examples and properties."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Point, Polygon, box

from geo import geometry
from geo.settings import WEST_EDGE

lons = st.floats(-180, 180, allow_nan=False)
lats = st.floats(-80, 80, allow_nan=False)


def test_russia_is_whole_across_the_antimeridian(map_data):
    russia = map_data.countries.set_index("iso3").geometry["RUS"]
    west, _, east, _ = russia.bounds
    assert west > 0 and east > 185  # Chukotka lies east of 180, next to the rest
    mainland = max(russia.geoms, key=lambda p: p.area)
    assert mainland.bounds[0] < 40 and mainland.bounds[2] > 185  # one polygon spans 180


def test_every_country_part_is_centred_in_the_frame(map_data):
    parts = map_data.countries.geometry.explode()
    x = shapely.get_x(shapely.centroid(parts.values))  # planar centroids, as the shift uses
    assert (x >= WEST_EDGE).all() and (x < WEST_EDGE + 360).all()


def test_split_at_antimeridian_cuts_a_jumping_ring():
    # A ring stored as crossing 180 with a +360 jump, as world-atlas stores Chukotka.
    ring = Polygon([(170, 60), (-170, 60), (-170, 70), (170, 70)])
    parts = geometry.split_at_antimeridian(ring)
    assert isinstance(parts, MultiPolygon) and parts.is_valid
    expected = shapely.union_all([box(170, 60, 180, 70), box(-180, 60, -170, 70)])
    assert shapely.equals(parts, expected)


def test_shift_rejoins_split_pieces():
    pieces = MultiPolygon([box(170, 60, 180, 70), box(-180, 60, -170, 70)])
    joined = geometry.shift_geometry(pieces)
    assert isinstance(joined, Polygon)
    assert joined.bounds == pytest.approx((170, 60, 190, 70))


def test_great_circle_from_moscow_to_tokyo_ends_at_both_cities():
    arc = geometry.great_circle((37.6178, 55.752), (139.6917, 35.6895))
    assert arc.coords[0] == pytest.approx((37.6178, 55.752))
    assert arc.coords[-1] == pytest.approx((139.6917, 35.6895))
    assert max(y for _, y in arc.coords) > 55.752  # bows north, as a great circle should


@given(lons, lats, lons, lats)
@settings(max_examples=200, deadline=None)
def test_arcs_start_and_end_at_their_endpoints_without_jumps(x1, y1, x2, y2):
    arc = geometry.great_circle((x1, y1), (x2, y2), points=32)
    xy = np.asarray(arc.coords)
    assert xy[0] == pytest.approx([geometry.wrap_longitude(x1), y1], abs=1e-6)
    assert (xy[-1][0] - x2) % 360 == pytest.approx(0, abs=1e-6) or (
        xy[-1][0] - x2
    ) % 360 == pytest.approx(360, abs=1e-6)
    assert xy[-1][1] == pytest.approx(y2, abs=1e-6)
    assert np.abs(np.diff(xy[:, 0])).max(initial=0) <= 180


@given(lons, lats, st.floats(0.5, 20), st.floats(0.5, 20))
@settings(max_examples=200, deadline=None)
def test_shift_keeps_shapes_valid_and_contiguous(x, y, w, h):
    # A box stored the way sources store it: longitudes in [-180, 180], so a box that
    # crosses 180 becomes a ring with a 360-degree jump.
    stored = Polygon(
        [
            (((px + 180) % 360) - 180, py)
            for px, py in box(x, y, x + w, min(y + h, 85)).exterior.coords
        ]
    )
    moved = geometry.shift_geometry(geometry.split_at_antimeridian(stored))
    assert moved.is_valid
    assert isinstance(moved, Polygon)  # one piece, whichever side of 180 it started on
    assert moved.area == pytest.approx(w * (min(y + h, 85) - y), rel=1e-6)
    assert WEST_EDGE <= moved.centroid.x < WEST_EDGE + 360


@given(lons, lats)
def test_points_wrap_into_the_frame(x, y):
    moved = geometry.shift_geometry(Point(x, y))
    assert WEST_EDGE <= moved.x < WEST_EDGE + 360
    assert (moved.x - x) % 360 == pytest.approx(0, abs=1e-9) or (
        moved.x - x
    ) % 360 == pytest.approx(360, abs=1e-9)
