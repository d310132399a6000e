"""Numeric primitives: lines, rays, circles, their intersections and random points on them."""

from __future__ import annotations

import cmath
import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from symbolic.geometry import (
    Circle,
    CoincidentLociError,
    GeometryError,
    HalfLine,
    Line,
    arc_circle,
    circle_circle,
    circumcircle,
    contains,
    foot,
    intersect,
    line_circle,
    line_line,
    random_placement,
    random_point,
    reflect,
    rotate,
)
from symbolic.predicates.angles import line_angle
from symbolic.predicates.spec import angle_mod_pi

coords = st.floats(-5, 5, allow_nan=False)
points = st.builds(complex, coords, coords)


def close(p: complex, q: complex, tol: float = 1e-9) -> bool:
    return abs(p - q) <= tol


def test_line_normalises_direction_and_rejects_zero():
    line = Line(1j, 3 + 4j)
    assert close(line.direction, 0.6 + 0.8j)
    with pytest.raises(GeometryError):
        Line(0j, 0j)
    with pytest.raises(GeometryError):
        Line.through(1 + 1j, 1 + 1j)


def test_line_line_meets_once():
    (p,) = line_line(Line.through(0j, 2 + 2j), Line.through(2 + 0j, 2j))
    assert close(p, 1 + 1j)


def test_parallel_lines_never_meet_and_equal_lines_coincide():
    assert line_line(Line.through(0j, 1 + 0j), Line.through(1j, 2 + 1j)) == ()
    with pytest.raises(CoincidentLociError):
        line_line(Line.through(0j, 1 + 0j), Line.through(3 + 0j, -2 + 0j))


def test_line_circle_two_one_or_none():
    circle = Circle(0j, 1.0)
    two = line_circle(Line.through(-2 + 0j, 2 + 0j), circle)
    assert sorted(p.real for p in two) == pytest.approx([-1.0, 1.0])
    (touch,) = line_circle(Line.through(-2 + 1j, 2 + 1j), circle)
    assert close(touch, 1j)
    assert line_circle(Line.through(-2 + 2j, 2 + 2j), circle) == ()


def test_circle_circle_cases():
    a = Circle(0j, 1.0)
    two = circle_circle(a, Circle(1 + 0j, 1.0))
    assert len(two) == 2 and all(close(abs(p), 1.0) and close(abs(p - 1), 1.0) for p in two)
    (touch,) = circle_circle(a, Circle(2 + 0j, 1.0))
    assert close(touch, 1 + 0j)
    assert circle_circle(a, Circle(5 + 0j, 1.0)) == ()  # far apart
    assert circle_circle(a, Circle(0.1 + 0j, 0.2)) == ()  # nested
    assert circle_circle(a, Circle(0j, 2.0)) == ()  # concentric
    with pytest.raises(CoincidentLociError):
        circle_circle(a, Circle(0j, 1.0))


def test_rays_keep_only_forward_points():
    ray = HalfLine(0j, 1 + 0j)
    (p,) = intersect(ray, Circle(0j, 1.0))
    assert close(p, 1 + 0j)
    assert intersect(ray, Line.through(-1 - 1j, -1 + 1j)) == ()
    # the ray's own tail does not count as a meeting point
    (q,) = intersect(ray, Circle(1 + 0j, 1.0))
    assert close(q, 2 + 0j)


def test_intersect_is_symmetric():
    line, circle = Line.through(-2 + 0.5j, 2 + 0.5j), Circle(0j, 1.0)
    assert intersect(line, circle) == intersect(circle, line)


def test_foot_reflect_rotate():
    line = Line.through(0j, 1 + 0j)
    assert close(foot(2 + 3j, line), 2 + 0j)
    assert close(reflect(2 + 3j, line), 2 - 3j)
    assert close(rotate(2 + 0j, 1 + 0j, math.pi / 2), 1 + 1j)


def test_circumcircle():
    c = circumcircle(1 + 0j, -1 + 0j, 1j)
    assert close(c.center, 0j) and c.radius == pytest.approx(1.0)
    with pytest.raises(GeometryError):
        circumcircle(0j, 1 + 0j, 2 + 0j)


@given(points, points, st.floats(0.1, math.pi - 0.1), st.floats(0, 2 * math.pi))
def test_arc_circle_sees_ab_at_the_angle(a, b, angle, where):
    if abs(a - b) < 1e-2:
        return
    circle = arc_circle(a, b, angle)
    assert contains(circle, a, 1e-9) and contains(circle, b, 1e-9)
    x = circle.at(where)
    if min(abs(x - a), abs(x - b)) < 1e-3:
        return
    assert abs(angle_mod_pi(line_angle(x, a, x, b) - angle)) < 1e-7


@given(st.integers(0, 10_000), points, points, st.floats(0.1, 3))
def test_random_points_lie_on_their_locus(seed, p, q, r):
    if abs(p - q) < 1e-3:
        return
    rng = random.Random(seed)
    for locus in (Line.through(p, q), HalfLine.through(p, q), Circle(p, r)):
        x = random_point(locus, rng, 0j, 2.0)
        assert contains(locus, x, 1e-9)


def test_random_point_is_reproducible():
    line = Line.through(0j, 1 + 1j)
    a = [random_point(line, random.Random(7), 0j, 1.0) for _ in range(2)]
    assert a[0] == a[1]


@given(st.integers(0, 10_000))
def test_random_placement_is_a_similarity(seed):
    shape = (0j, 1 + 0j, 0.3 + 0.8j, 2 + 1j)
    out = random_placement(shape, random.Random(seed))
    ratio = abs(out[1] - out[0]) / abs(shape[1] - shape[0])
    assert 0.5 <= ratio <= 2.0
    for i in range(4):
        for j in range(i + 1, 4):
            assert abs(out[j] - out[i]) == pytest.approx(ratio * abs(shape[j] - shape[i]))
    # angles are kept up to a flip
    turn_in = cmath.phase((shape[2] - shape[0]) / (shape[1] - shape[0]))
    turn_out = cmath.phase((out[2] - out[0]) / (out[1] - out[0]))
    assert abs(turn_out) == pytest.approx(abs(turn_in))
