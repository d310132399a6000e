"""Numeric sketches of the constructions that only Newclid's problem language defines.

Same contract as `symbolic.sketches` (which merges these registries into its own): a locus
returns the `Line`, `Segment` or `Circle` the new point lies on, or the point itself; a
shape returns every new point of its construction. Numbers arrive as floats in the unit
of their table slot: `%angle` a fraction of pi, `%ratio` and `%length` plain numbers.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable

from .geometry import (
    Circle,
    GeometryError,
    Line,
    Locus,
    Rng,
    Segment,
    random_free_point,
    random_placement,
    reflect,
    unit,
)

# ---------------------------------------------------------------- loci


def _inside(a: complex, b: complex) -> Segment:
    return Segment.between(a, b)


def _bline_mirror(c: complex, a: complex, b: complex) -> complex:
    # c reflected in the perpendicular bisector of ab: abxc is an isosceles trapezoid
    return reflect(c, Line((a + b) / 2, (b - a) * 1j))


def _aline0(a: complex, b: complex, c: complex, d: complex, e: complex, f: complex,
            g: complex) -> Line:
    # angle (ef, gx) = angle (ab, cd): turn ef by the angle from ab to cd
    return Line(g, unit(f - e) * unit(d - c) / unit(b - a))


def _aconst_line(a: complex, b: complex, c: complex, turns: float) -> Line:
    # angle (ab, cx) = turns * pi
    return Line(c, unit(b - a) * cmath.exp(1j * math.pi * turns))


def _positive(value: float, what: str) -> float:
    if not value > 0:
        raise GeometryError(f"{what} must be positive")
    return value


def _rcircle(a: complex, b: complex, c: complex, ratio: float) -> Circle:
    # ab / cx = ratio
    return Circle(c, abs(b - a) / _positive(ratio, "the ratio"))


def _r2circle(a: complex, b: complex, c: complex, ratio: float) -> Circle:
    # (ab / cx)^2 = ratio
    return Circle(c, abs(b - a) / math.sqrt(_positive(ratio, "the ratio")))


def _lcircle(a: complex, length: float) -> Circle:
    return Circle(a, _positive(length, "the length"))


def _l2circle(a: complex, square: float) -> Circle:
    return Circle(a, math.sqrt(_positive(square, "the squared length")))


def _eqratio_circle(a: complex, b: complex, c: complex, d: complex, e: complex, f: complex,
                    g: complex) -> Circle:
    # ab / cd = ef / gx
    if a == b:
        raise GeometryError("a ratio needs a segment of positive length")
    return Circle(g, abs(f - e) * abs(d - c) / abs(b - a))


def _ratio_locus(a: complex, b: complex, ratio: float) -> Locus:
    """The points x with xa / xb = ratio: an Apollonius circle, or the bisector for 1."""
    ratio = _positive(ratio, "the ratio")
    if abs(ratio - 1) <= 1e-12:
        return Line((a + b) / 2, (b - a) * 1j)
    inner = (a + ratio * b) / (1 + ratio)  # the two points of line ab on the locus
    outer = (a - ratio * b) / (1 - ratio)
    return Circle((inner + outer) / 2, abs(outer - inner) / 2)


def _apollonius(a: complex, b: complex, ratio: float) -> Locus:
    return _ratio_locus(a, b, ratio)


def _apollonius6(a: complex, c: complex, e: complex, f: complex, g: complex,
                 h: complex) -> Locus:
    # ax / cx = ef / gh
    if g == h:
        raise GeometryError("a ratio needs a segment of positive length")
    return _ratio_locus(a, c, abs(f - e) / abs(h - g))


def _simtri_point(a: complex, b: complex, c: complex, p: complex, q: complex) -> complex:
    return p + (q - p) * (c - a) / (b - a)


def _simtrir_point(a: complex, b: complex, c: complex, p: complex, q: complex) -> complex:
    return p + (q - p) * ((c - a) / (b - a)).conjugate()


NEWCLID_LOCI: dict[str, Callable[..., Locus | complex]] = {
    "inside": _inside,
    "bline_mirror": _bline_mirror,
    "aline0": _aline0,
    "aconst_line": _aconst_line,
    "rcircle": _rcircle,
    "r2circle": _r2circle,
    "lcircle": _lcircle,
    "l2circle": _l2circle,
    "eqratio_circle": _eqratio_circle,
    "apollonius": _apollonius,
    "apollonius6": _apollonius6,
    "simtri_point": _simtri_point,
    "simtrir_point": _simtrir_point,
}

# Loci at an absolute distance (lconst): the user fixed the scale, so no point on them is
# "too far" from the rest of the figure.
ABSOLUTE_LOCI = frozenset({"lcircle", "l2circle"})
NEWCLID_POINT_LOCI = frozenset({"bline_mirror", "simtri_point", "simtrir_point"})
NEWCLID_CIRCLE_LOCI = frozenset({"rcircle", "r2circle", "lcircle", "l2circle",
                                 "eqratio_circle", "apollonius", "apollonius6"})


def _seg(*names: str) -> str:
    return "".join(names) if all(len(n) == 1 for n in names) else " ".join(names)


NEWCLID_DESCRIPTIONS: dict[str, Callable[..., str]] = {
    "inside": lambda a, b: f"segment {_seg(a, b)}",
    "bline_mirror": lambda c, a, b: f"mirror of {c} in the perpendicular bisector of "
                                    f"{_seg(a, b)}",
    "aline0": lambda a, b, c, d, e, f, g: (f"line through {g} at angle ({_seg(a, b)}, "
                                           f"{_seg(c, d)}) to {_seg(e, f)}"),
    "aconst_line": lambda a, b, c, r: f"line through {c} at {r} pi to {_seg(a, b)}",
    "rcircle": lambda a, b, c, r: f"circle centred {c} with radius {_seg(a, b)} / {r}",
    "r2circle": lambda a, b, c, r: f"circle centred {c} with radius {_seg(a, b)} / sqrt {r}",
    "lcircle": lambda a, r: f"circle centred {a} with radius {r}",
    "l2circle": lambda a, r: f"circle centred {a} with radius sqrt {r}",
    "eqratio_circle": lambda a, b, c, d, e, f, g: (
        f"circle centred {g} with radius {_seg(e, f)} * {_seg(c, d)} / {_seg(a, b)}"),
    "apollonius": lambda a, b, r: f"points x with x{a} : x{b} = {r}",
    "apollonius6": lambda a, c, e, f, g, h: (f"points x with x{a} : x{c} = "
                                             f"{_seg(e, f)} : {_seg(g, h)}"),
    "simtri_point": lambda a, b, c, p, q: f"vertex making {_seg(p, q)}x like {_seg(a, b, c)}",
    "simtrir_point": lambda a, b, c, p, q: (f"vertex making {_seg(p, q)}x like "
                                            f"{_seg(a, b, c)} mirrored"),
}


# ---------------------------------------------------------------- shapes


def _acute_triangle(rng: Rng) -> tuple[complex, ...]:
    # c's foot falls inside ab and c lies outside the circle on diameter ab
    t = rng.uniform(0.15, 0.85)
    low = math.sqrt(0.25 - (t - 0.5) ** 2)
    height = rng.uniform(1.15 * low + 0.05, 1.5 + low)
    return random_placement((0j, 1 + 0j, complex(t, height)), rng)


def _between(rng: Rng) -> tuple[complex, ...]:
    a, b = random_free_point(rng), random_free_point(rng)
    return a + (b - a) * rng.uniform(0.15, 0.85), a, b


def _congruent(rng: Rng, a: complex, b: complex, c: complex, p: complex,
               mirrored: bool) -> tuple[complex, ...]:
    turn = cmath.exp(1j * rng.uniform(0.0, 2 * math.pi))
    if mirrored:
        return p + turn * (b - a).conjugate(), p + turn * (c - a).conjugate()
    return p + turn * (b - a), p + turn * (c - a)


def _contri(rng: Rng, a: complex, b: complex, c: complex, p: complex) -> tuple[complex, ...]:
    return _congruent(rng, a, b, c, p, mirrored=False)


def _contrir(rng: Rng, a: complex, b: complex, c: complex, p: complex) -> tuple[complex, ...]:
    return _congruent(rng, a, b, c, p, mirrored=True)


def _cc_itangent(rng: Rng, o: complex, a: complex, w: complex,
                 b: complex) -> tuple[complex, ...]:
    """Touch points x, y and z, i of the two common inner tangents of (o, oa) and (w, wb)."""
    r1, r2 = abs(a - o), abs(b - w)
    dist = abs(w - o)
    if dist <= r1 + r2:
        raise GeometryError("the circles meet or nest: no common inner tangent")
    # The normals at the touch points are opposite: (w - o).u = r1 + r2.
    cos_t = (r1 + r2) / dist
    sin_t = math.sqrt(1 - cos_t * cos_t)
    base = unit(w - o)
    # Newclid's order: first the tangent touching (o, oa) right of the line from o to w.
    u1, u2 = base * complex(cos_t, -sin_t), base * complex(cos_t, sin_t)
    return o + r1 * u1, w - r2 * u1, o + r1 * u2, w - r2 * u2


def _test_r20(rng: Rng) -> tuple[complex, ...]:
    # a right angle at b; o the midpoint of the hypotenuse ac
    a, b, c = 1j * rng.uniform(0.5, 2.0), 0j, complex(rng.uniform(0.5, 2.0))
    o, a, b, c = random_placement(((a + c) / 2, a, b, c), rng)
    return o, a, b, c


def _test_r25(rng: Rng) -> tuple[complex, ...]:
    # abcd... with m the midpoint of both ab and cd
    a, b, c = (random_free_point(rng) for _ in range(3))
    return a, b, c, a + b - c, (a + b) / 2


NEWCLID_SHAPES: dict[str, Callable[..., tuple[complex, ...]]] = {
    "acute_triangle": _acute_triangle,
    "between": _between,
    "contri": _contri,
    "contrir": _contrir,
    "cc_itangent": _cc_itangent,
    "test_r20": _test_r20,
    "test_r25": _test_r25,
}

NEWCLID_RANDOM_SHAPES = frozenset({"acute_triangle", "between", "contri", "contrir",
                                   "test_r20", "test_r25"})
