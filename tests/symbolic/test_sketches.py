"""The sketch registries: every sketch the table names is drawn, and with the right kind."""

from __future__ import annotations

import random

import pytest

from symbolic.constructions import construction_table
from symbolic.geometry import Circle, GeometryError, HalfLine, Line
from symbolic.sketches import (
    CIRCLE_LOCI,
    DESCRIPTIONS,
    LOCI,
    POINT_LOCI,
    RANDOM_SHAPES,
    SHAPES,
    describe,
)

TABLE = construction_table()
LOCUS_NAMES = {s.name for spec in TABLE.values() for s in spec.sketches if not s.is_shape}
SHAPE_NAMES = {s.name for spec in TABLE.values() for s in spec.sketches if s.is_shape}
RAYS = {"amirror", "aline", "s_angle", "on_opline", "inside"}  # inside: a Segment

# A generic configuration: no three collinear, no two segments parallel or perpendicular.
GENERIC = [0.1 + 0.2j, 1.3 - 0.1j, 0.4 + 1.1j, -0.7 + 0.5j, 0.9 + 0.8j, -0.2 - 0.9j,
           1.7 + 1.45j]


# Shapes whose inputs must satisfy an equation or inequality (see their preconditions).
SPECIAL_ARGS = {
    "2l1c": [1 + 0j, -0.4 + 0.9165151389911680j, 0.2 - 1.5j, 0j],  # a, b on circle (o, 1)
    "tangent": [3 + 1j, 0j, 1 + 0j],  # a outside circle (o, ob)
    "cc_itangent": [0j, 0.5 + 0j, 3 + 1j, 3.6 + 1j],  # circles apart
}


def _args(n_points: int, n_numbers: int = 0) -> list[complex | float]:
    return [*GENERIC[:n_points], *([35.0] * n_numbers)]


def test_every_table_sketch_is_registered():
    assert LOCUS_NAMES <= set(LOCI)
    assert SHAPE_NAMES <= set(SHAPES)
    assert set(LOCI) == LOCUS_NAMES and set(SHAPES) == SHAPE_NAMES
    assert POINT_LOCI <= set(LOCI) and CIRCLE_LOCI <= set(LOCI)
    assert RANDOM_SHAPES <= set(SHAPES)


def _locus_uses():
    seen = {}
    for spec in TABLE.values():
        for s in spec.sketches:
            if not s.is_shape:
                seen.setdefault(s.name, s.args)
    return sorted(seen.items())


@pytest.mark.parametrize(("name", "args"), _locus_uses())
def test_locus_kind(name, args):
    n_numbers = sum(a.startswith("%") for a in args)
    obj = LOCI[name](*_args(len(args) - n_numbers, n_numbers))
    if name in POINT_LOCI:
        assert isinstance(obj, complex)
    elif name in CIRCLE_LOCI:
        assert isinstance(obj, Circle)
    elif name in RAYS:
        assert isinstance(obj, HalfLine)
    else:
        assert isinstance(obj, Line) and not isinstance(obj, HalfLine)
    assert name in DESCRIPTIONS
    assert describe(name, [a.lstrip("%") for a in args])


@pytest.mark.parametrize("name", sorted(TABLE))
def test_shapes_return_the_new_points(name):
    spec = TABLE[name]
    if not spec.is_shape:
        return
    sketch = spec.sketches[0]
    for seed in range(5):
        args = SPECIAL_ARGS.get(sketch.name) or _args(len(sketch.args))
        out = SHAPES[sketch.name](random.Random(seed), *args)
        assert len(out) == len(spec.new_points)
        assert all(isinstance(p, complex) for p in out)


def test_free_shapes_are_reproducible_and_vary():
    a = SHAPES["triangle"](random.Random(3))
    b = SHAPES["triangle"](random.Random(3))
    c = SHAPES["triangle"](random.Random(4))
    assert a == b and a != c


def test_deterministic_shapes_ignore_the_generator():
    args = _args(3)
    assert SHAPES["incenter2"](random.Random(1), *args) == SHAPES["incenter2"](
        random.Random(2), *args)


def test_descriptions_read_naturally():
    assert describe("pline", ["c", "a", "b"]) == "line through c parallel to ab"
    assert describe("circle", ["o", "o", "a"]) == "circle centred o through a"
    assert describe("line", ["i1", "f1"]) == "line i1 f1"


def test_degenerate_shapes_raise_geometry_errors():
    # a point inside the circle has no tangents
    with pytest.raises(GeometryError):
        SHAPES["tangent"](random.Random(0), 0.1 + 0j, 0j, 1 + 0j)
    # nested circles have no common tangent
    with pytest.raises(GeometryError):
        SHAPES["cc_tangent"](random.Random(0), 0j, 3 + 0j, 0.5 + 0j, 1 + 0j)
    with pytest.raises(GeometryError):
        LOCI["line"](1 + 1j, 1 + 1j)


def test_square_and_rotations_turn_the_right_way():
    x, y = SHAPES["square"](random.Random(0), 0j, 1 + 0j)
    assert abs(x - (1 + 1j)) < 1e-12 and abs(y - 1j) < 1e-12
    assert abs(LOCI["rotatep90"](0j, 1 + 0j) - 1j) < 1e-12
    assert abs(LOCI["rotaten90"](0j, 1 + 0j) + 1j) < 1e-12
