"""Numeric sketches named in the construction table: loci that a new point lies on, and shapes.

`LOCI[name](*args)` returns a `Line`, `HalfLine` or `Circle` the new point lies on, or the
point itself (a `complex`) for point-valued sketches such as `midp`. `SHAPES[name](rng,
*args)` returns every new point of a construction at once, in the order of the table's
`new points` column. Arguments are coordinates (`complex`) or numbers (`float`), in the
order the table's sketch column writes them. Free shapes are drawn in a canonical form,
then randomly rotated, flipped, scaled and shifted. Degenerate inputs raise
`GeometryError` with a plain-words reason.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable, Sequence

from .geometry import (
    Circle,
    GeometryError,
    HalfLine,
    Line,
    Locus,
    Rng,
    arc_circle,
    circumcircle,
    cross,
    foot,
    intersect,
    line_circle,
    random_free_point,
    random_placement,
    reflect,
    unit,
)
from .newclid_sketches import (
    ABSOLUTE_LOCI,
    NEWCLID_CIRCLE_LOCI,
    NEWCLID_DESCRIPTIONS,
    NEWCLID_LOCI,
    NEWCLID_POINT_LOCI,
    NEWCLID_RANDOM_SHAPES,
    NEWCLID_SHAPES,
)

# ---------------------------------------------------------------- loci


def _bisector_direction(a: complex, b: complex, c: complex) -> complex:
    """Direction of the internal bisector of angle abc (perpendicular when b is between)."""
    u = unit(a - b)
    # The principal square root halves the angle from ba to bc, which is in (-pi, pi].
    return u * cmath.sqrt(unit(c - b) / u)


def _line(a: complex, b: complex) -> Line:
    return Line.through(a, b)


def _pline(a: complex, b: complex, c: complex) -> Line:
    return Line(a, c - b)


def _tline(a: complex, b: complex, c: complex) -> Line:
    return Line(a, (c - b) * 1j)


def _bline(a: complex, b: complex) -> Line:
    return Line((a + b) / 2, (b - a) * 1j)


def _circle(o: complex, a: complex, b: complex) -> Circle:
    return Circle(o, abs(b - a))


def _dia(a: complex, b: complex) -> Circle:
    return Circle((a + b) / 2, abs(b - a) / 2)


def _cyclic(a: complex, b: complex, c: complex) -> Circle:
    return circumcircle(a, b, c)


def _bisect(a: complex, b: complex, c: complex) -> Line:
    return Line(b, _bisector_direction(a, b, c))


def _exbisect(a: complex, b: complex, c: complex) -> Line:
    return Line(b, _bisector_direction(a, b, c) * 1j)


def _amirror(a: complex, b: complex, c: complex) -> HalfLine:
    # Reflecting a direction across bc: conjugate it in the frame of bc.
    u = unit(c - b)
    return HalfLine(b, u * u * unit(a - b).conjugate())


def _aline(e: complex, d: complex, c: complex, b: complex, a: complex) -> HalfLine:
    # angle (ax, ab) = angle (dc, de): turn ab back by the angle from dc to de.
    return HalfLine(a, unit(b - a) * unit(c - d) / unit(e - d))


def _aline2(e: complex, d: complex, c: complex, b: complex, a: complex) -> Circle:
    # angle (xa, xb) = angle (dc, de): an arc through a and b.
    return arc_circle(a, b, cmath.phase((e - d) / (c - d)))


def _eqangle3(a: complex, b: complex, d: complex, e: complex, f: complex) -> Circle:
    # angle (xa, xb) = angle (de, df): an arc through a and b.
    return arc_circle(a, b, cmath.phase((f - d) / (e - d)))


def _s_angle(a: complex, b: complex, degrees: float) -> HalfLine:
    return HalfLine(b, (a - b) * cmath.exp(1j * math.radians(degrees)))


def _on_opline(a: complex, b: complex) -> HalfLine:
    return HalfLine(a, a - b)


def _midp(a: complex, b: complex) -> complex:
    return (a + b) / 2


def _pmirror(a: complex, b: complex) -> complex:
    return 2 * b - a


def _reflect(a: complex, b: complex, c: complex) -> complex:
    return reflect(a, Line.through(b, c))


def _rotatep90(a: complex, b: complex) -> complex:
    return a + (b - a) * 1j


def _rotaten90(a: complex, b: complex) -> complex:
    return a - (b - a) * 1j


def _shift(d: complex, c: complex, b: complex) -> complex:
    return b + c - d


LOCI: dict[str, Callable[..., Locus | complex]] = {
    "line": _line,
    "pline": _pline,
    "tline": _tline,
    "bline": _bline,
    "circle": _circle,
    "dia": _dia,
    "cyclic": _cyclic,
    "bisect": _bisect,
    "exbisect": _exbisect,
    "amirror": _amirror,
    "aline": _aline,
    "aline2": _aline2,
    "eqangle3": _eqangle3,
    "s_angle": _s_angle,
    "on_opline": _on_opline,
    "midp": _midp,
    "pmirror": _pmirror,
    "reflect": _reflect,
    "rotatep90": _rotatep90,
    "rotaten90": _rotaten90,
    "shift": _shift,
    **NEWCLID_LOCI,
}

__all__ = ["ABSOLUTE_LOCI", "CIRCLE_LOCI", "DESCRIPTIONS", "LOCI", "POINT_LOCI",
           "RANDOM_SHAPES", "SHAPES", "describe"]

# Loci whose value is the new point itself, and loci that are circles (two meeting points).
POINT_LOCI = frozenset({"midp", "pmirror", "reflect", "rotatep90", "rotaten90", "shift",
                        *NEWCLID_POINT_LOCI})
CIRCLE_LOCI = frozenset({"circle", "dia", "cyclic", "aline2", "eqangle3", *NEWCLID_CIRCLE_LOCI})


def _seg(*names: str) -> str:
    """Point names run together (`ab`) when all are single letters, else spaced."""
    return "".join(names) if all(len(n) == 1 for n in names) else " ".join(names)


# How each locus reads in error messages; arguments are the table's point names.
DESCRIPTIONS: dict[str, Callable[..., str]] = {
    "line": lambda a, b: f"line {_seg(a, b)}",
    "pline": lambda a, b, c: f"line through {a} parallel to {_seg(b, c)}",
    "tline": lambda a, b, c: f"line through {a} perpendicular to {_seg(b, c)}",
    "bline": lambda a, b: f"perpendicular bisector of {_seg(a, b)}",
    "circle": lambda o, a, b: (f"circle centred {o} through {b}" if o == a
                               else f"circle centred {o} with radius {_seg(a, b)}"),
    "dia": lambda a, b: f"circle on diameter {_seg(a, b)}",
    "cyclic": lambda a, b, c: f"circle {_seg(a, b, c)}",
    "bisect": lambda a, b, c: f"bisector of angle {_seg(a, b, c)}",
    "exbisect": lambda a, b, c: f"external bisector of angle {_seg(a, b, c)}",
    "amirror": lambda a, b, c: f"mirror of ray {_seg(b, a)} in line {_seg(b, c)}",
    "aline": lambda e, d, c, b, a: f"ray from {a} at angle {_seg(c, d, e)} to {_seg(a, b)}",
    "aline2": lambda e, d, c, b, a: f"arc on {_seg(a, b)} seeing angle {_seg(c, d, e)}",
    "eqangle3": lambda a, b, d, e, f: f"arc on {_seg(a, b)} seeing angle {_seg(e, d, f)}",
    "s_angle": lambda a, b, y: f"ray from {b} at {y} degrees to {_seg(b, a)}",
    "on_opline": lambda a, b: f"ray from {a} away from {b}",
    "midp": lambda a, b: f"midpoint of {_seg(a, b)}",
    "pmirror": lambda a, b: f"mirror of {a} through {b}",
    "reflect": lambda a, b, c: f"mirror of {a} in line {_seg(b, c)}",
    "rotatep90": lambda a, b: f"{b} turned +90 degrees about {a}",
    "rotaten90": lambda a, b: f"{b} turned -90 degrees about {a}",
    "shift": lambda d, c, b: f"{b} translated by {_seg(d, c)}",
    **NEWCLID_DESCRIPTIONS,
}


def describe(name: str, args: Sequence[str]) -> str:
    """A locus in words, e.g. `line through c parallel to ab`."""
    fn = DESCRIPTIONS.get(name)
    if fn is None:
        return f"{name} {' '.join(args)}"
    return fn(*args)


# ---------------------------------------------------------------- free shapes


def _free(rng: Rng) -> tuple[complex, ...]:
    return (random_free_point(rng),)


def _segment(rng: Rng) -> tuple[complex, ...]:
    return random_free_point(rng), random_free_point(rng)


def _triangle(rng: Rng) -> tuple[complex, ...]:
    c = cmath.rect(rng.uniform(0.5, 2.0), rng.uniform(0.2, 0.8) * math.pi)
    return random_placement((0j, 1 + 0j, c), rng)


def _convex_quad(rng: Rng, b_len: float, d_len: float) -> tuple[complex, ...]:
    """Quadrilateral abcd whose diagonals ac (length 1) and bd cross inside."""
    m = rng.uniform(0.3, 0.7)
    turn = cmath.exp(1j * rng.uniform(-0.25, 0.25) * math.pi)
    a, c = complex(-m, 0), complex(1 - m, 0)
    b, d = -1j * b_len * turn, 1j * d_len * turn
    return random_placement((a, b, c, d), rng)


def _quadrangle(rng: Rng) -> tuple[complex, ...]:
    return _convex_quad(rng, rng.uniform(0.25, 0.75), rng.uniform(0.25, 0.75))


def _eqdia_quadrangle(rng: Rng) -> tuple[complex, ...]:
    n = rng.uniform(0.3, 0.7)
    return _convex_quad(rng, n, 1 - n)


def _pentagon(rng: Rng) -> tuple[complex, ...]:
    # A jittered regular pentagon: consecutive vertices stay over 0.6 rad apart, so convex.
    angles = [2 * math.pi * k / 5 + rng.uniform(-0.3, 0.3) for k in range(5)]
    return random_placement(tuple(cmath.rect(1.0, t) for t in angles), rng)


def _iso_triangle(rng: Rng) -> tuple[complex, ...]:
    base, height = rng.uniform(0.5, 1.5), rng.uniform(0.5, 1.5)
    return random_placement((complex(0, height), complex(-base / 2, 0), complex(base / 2, 0)), rng)


def _r_triangle(rng: Rng) -> tuple[complex, ...]:
    return random_placement((0j, 1j * rng.uniform(0.5, 2.0), complex(rng.uniform(0.5, 2.0))), rng)


def _risos(rng: Rng) -> tuple[complex, ...]:
    return random_placement((0j, 1j, 1 + 0j), rng)


def _ieq_triangle(rng: Rng) -> tuple[complex, ...]:
    return random_placement((0j, 1 + 0j, cmath.rect(1.0, math.pi / 3)), rng)


def _triangle12(rng: Rng) -> tuple[complex, ...]:
    # ab : ac = 1 : 2
    c = cmath.rect(2.0, rng.uniform(0.25, 0.75) * math.pi)
    return random_placement((0j, 1 + 0j, c), rng)


def _trapezoid(rng: Rng) -> tuple[complex, ...]:
    height, base, start = rng.uniform(0.5, 2.0), rng.uniform(0.5, 2.0), rng.uniform(0.2, 0.5)
    a = complex(start, height)
    return random_placement((a, a + base, 1 + 0j, 0j), rng)


def _r_trapezoid(rng: Rng) -> tuple[complex, ...]:
    a, d = 1j, 0j
    b, c = complex(rng.uniform(0.5, 1.5), 1), complex(rng.uniform(0.5, 1.5), 0)
    return random_placement((a, b, c, d), rng)


def _eq_trapezoid(rng: Rng) -> tuple[complex, ...]:
    top, height = rng.uniform(0.5, 2.0), rng.uniform(0.5, 2.0)
    c, d = complex(0.5 + top / 2, height), complex(0.5 - top / 2, height)
    return random_placement((0j, 1 + 0j, c, d), rng)


def _eq_quadrangle(rng: Rng) -> tuple[complex, ...]:
    # ad = bc, with the two sides leaning differently so abcd is no trapezoid.
    length = rng.uniform(0.5, 2.0)
    t1 = rng.uniform(1 / 3, 2 / 3) * math.pi
    t2 = t1 + rng.choice((-1, 1)) * rng.uniform(0.15, 0.3) * math.pi
    d, c = cmath.rect(length, t1), 1 + cmath.rect(length, t2)
    return random_placement((0j, 1 + 0j, c, d), rng)


def _rectangle(rng: Rng) -> tuple[complex, ...]:
    w = rng.uniform(0.5, 2.0)
    return random_placement((0j, 1j, complex(w, 1), complex(w, 0)), rng)


def _isquare(rng: Rng) -> tuple[complex, ...]:
    return random_placement((0j, 1 + 0j, 1 + 1j, 1j), rng)


# ---------------------------------------------------------------- shapes on given points


def _square(rng: Rng, a: complex, b: complex) -> tuple[complex, ...]:
    x = b - (a - b) * 1j
    return x, x + a - b


def _eqangle2(rng: Rng, a: complex, b: complex, c: complex) -> tuple[complex, ...]:
    # Pick e on bc and y on ba with a, y, e, c concyclic (be.bc = by.ba); then
    # x = ae meets cy satisfies angle (ab, ax) = angle (cx, cb).
    ratio = abs(a - b) ** 2 / abs(c - b) ** 2
    if rng.random() < 0.5:
        s = rng.uniform(0.1, 0.9) * min(1.0, ratio)
    else:
        s = rng.uniform(1.1, 1.5) * max(1.0, ratio)
    e = b + s * (c - b)
    y = b + (s / ratio) * (a - b)
    return _meet(Line.through(a, e), Line.through(c, y)),


def _incenter(a: complex, b: complex, c: complex) -> complex:
    la, lb, lc = abs(c - b), abs(a - c), abs(b - a)
    return (la * a + lb * b + lc * c) / (la + lb + lc)


def _excenter(a: complex, b: complex, c: complex) -> complex:
    """The excentre opposite a."""
    la, lb, lc = abs(c - b), abs(a - c), abs(b - a)
    return (-la * a + lb * b + lc * c) / (-la + lb + lc)


def _touch_points(i: complex, a: complex, b: complex, c: complex) -> tuple[complex, ...]:
    return (foot(i, Line.through(b, c)), foot(i, Line.through(c, a)),
            foot(i, Line.through(a, b)), i)


def _incenter2(rng: Rng, a: complex, b: complex, c: complex) -> tuple[complex, ...]:
    return _touch_points(_incenter(a, b, c), a, b, c)


def _excenter2(rng: Rng, a: complex, b: complex, c: complex) -> tuple[complex, ...]:
    return _touch_points(_excenter(a, b, c), a, b, c)


def _centroid(rng: Rng, a: complex, b: complex, c: complex) -> tuple[complex, ...]:
    return (b + c) / 2, (c + a) / 2, (a + b) / 2, (a + b + c) / 3


def _ninepoints(rng: Rng, a: complex, b: complex, c: complex) -> tuple[complex, ...]:
    x, y, z = (b + c) / 2, (c + a) / 2, (a + b) / 2
    return x, y, z, circumcircle(x, y, z).center


def _meet(l1: Line, l2: Line) -> complex:
    found = intersect(l1, l2)
    if not found:
        raise GeometryError("two lines of the construction are parallel")
    return found[0]


def _side(p: complex, q: complex, r: complex) -> float:
    """Positive when r is left of the directed line pq."""
    return cross(q - p, r - p)


def _2l1c(rng: Rng, a: complex, b: complex, c: complex, o: complex) -> tuple[complex, ...]:
    # A circle (centre i) tangent to lines ca, cb and to the circle (o, oa) at z.
    # The tangents to (o, oa) parallel to cb and ca (on the sides away from a and b)
    # meet at f; the homothety centred at z taking (o, oa) to circle i takes f to c.
    r = abs(a - o)
    n_bc = unit((c - b) * 1j)
    if _side(b, c, a) * _side(b, c, b + n_bc) > 0:
        n_bc = -n_bc
    n_ac = unit((c - a) * 1j)
    if _side(a, c, b) * _side(a, c, a + n_ac) > 0:
        n_ac = -n_ac
    d, e = o + r * n_bc, o + r * n_ac
    f = _meet(Line(d, n_bc * 1j), Line(e, n_ac * 1j))
    if f == c:
        raise GeometryError("the tangent corner coincides with c")
    hits = line_circle(Line.through(c, f), Circle(o, r))
    same = [g for g in hits if _side(b, c, g) * _side(b, c, a) > 0]
    if not same:
        raise GeometryError("line from c to the tangent corner misses the circle")
    z = same[0]
    if abs(f - z) <= 1e-12 * r:
        raise GeometryError("the tangent corner lies on the circle")
    ratio = ((c - z) / (f - z)).real
    i = z + ratio * (o - z)
    return foot(i, Line.through(a, c)), foot(i, Line.through(b, c)), z, i


def _e5128(rng: Rng, a: complex, b: complex, c: complex, d: complex) -> tuple[complex, ...]:
    # y is the midpoint of ab; x is where line dy meets the circle (c, cb) again.
    y = (a + b) / 2
    hits = line_circle(Line.through(d, y), Circle(c, abs(b - c)))
    if not hits:
        raise GeometryError("line through d and the midpoint of ab misses the circle")
    x = max(hits, key=lambda p: abs(p - d))
    return x, y


def _3peq(rng: Rng, a: complex, b: complex, c: complex) -> tuple[complex, ...]:
    # z on bc; x on ab and y on ac with z the midpoint of xy.
    z = b + (c - b) * rng.uniform(-0.5, 1.5)
    x = _meet(Line(2 * z - c, a - c), Line.through(a, b))
    return x, 2 * z - x, z


def _trisect(rng: Rng, a: complex, b: complex, c: complex) -> tuple[complex, ...]:
    u = unit(a - b)
    turn = cmath.phase(unit(c - b) / u)  # the angle abc, in (-pi, pi]
    ac = Line.through(a, c)
    x = _meet(Line(b, u * cmath.exp(1j * turn / 3)), ac)
    y = _meet(Line(b, u * cmath.exp(2j * turn / 3)), ac)
    return x, y


def _trisegment(rng: Rng, a: complex, b: complex) -> tuple[complex, ...]:
    return a + (b - a) / 3, a + (b - a) * 2 / 3


def _outer_tangents(o: complex, a: complex, w: complex, b: complex) -> tuple[complex, ...]:
    """Touch points x, y and z, i of the two common outer tangents of (o, oa) and (w, wb)."""
    r1, r2 = abs(a - o), abs(b - w)
    dist = abs(w - o)
    cos_t = (r1 - r2) / dist
    if abs(cos_t) > 1:
        raise GeometryError("one circle lies inside the other: no common tangent")
    # Both touch points sit along the same unit normal u, with (w - o).u = r1 - r2.
    base = unit(w - o)
    sin_t = math.sqrt(max(0.0, 1 - cos_t * cos_t))
    u1, u2 = base * complex(cos_t, sin_t), base * complex(cos_t, -sin_t)
    # AlphaGeometry's order (Newclid's too), which problems rely on to name the tangents:
    # first the tangent left of the line from the smaller circle's centre to the larger's;
    # for equal radii, the one touching (o, oa) lower down.
    if abs(r1 - r2) <= 1e-9 * max(r1, r2):
        lower_first = (u1.imag, u1.real) <= (u2.imag, u2.real)
        if not lower_first:
            u1, u2 = u2, u1
    elif r1 > r2:
        u1, u2 = u2, u1
    return o + r1 * u1, w + r2 * u1, o + r1 * u2, w + r2 * u2


def _cc_tangent0(rng: Rng, o: complex, a: complex, w: complex, b: complex) -> tuple[complex, ...]:
    return _outer_tangents(o, a, w, b)[:2]


def _cc_tangent(rng: Rng, o: complex, a: complex, w: complex, b: complex) -> tuple[complex, ...]:
    return _outer_tangents(o, a, w, b)


def _tangent(rng: Rng, a: complex, o: complex, b: complex) -> tuple[complex, ...]:
    r, dist = abs(b - o), abs(a - o)
    if dist <= r:
        raise GeometryError("the point lies inside the circle: no tangent from it")
    u = unit(a - o)
    cos_t = r / dist
    sin_t = math.sqrt(1 - cos_t * cos_t)
    return o + r * u * complex(cos_t, sin_t), o + r * u * complex(cos_t, -sin_t)


SHAPES: dict[str, Callable[..., tuple[complex, ...]]] = {
    "free": _free,
    "segment": _segment,
    "triangle": _triangle,
    "quadrangle": _quadrangle,
    "pentagon": _pentagon,
    "iso_triangle": _iso_triangle,
    "r_triangle": _r_triangle,
    "risos": _risos,
    "ieq_triangle": _ieq_triangle,
    "triangle12": _triangle12,
    "trapezoid": _trapezoid,
    "r_trapezoid": _r_trapezoid,
    "eq_trapezoid": _eq_trapezoid,
    "eq_quadrangle": _eq_quadrangle,
    "eqdia_quadrangle": _eqdia_quadrangle,
    "rectangle": _rectangle,
    "isquare": _isquare,
    "square": _square,
    "eqangle2": _eqangle2,
    "incenter2": _incenter2,
    "excenter2": _excenter2,
    "centroid": _centroid,
    "ninepoints": _ninepoints,
    "2l1c": _2l1c,
    "e5128": _e5128,
    "3peq": _3peq,
    "trisect": _trisect,
    "trisegment": _trisegment,
    "cc_tangent0": _cc_tangent0,
    "cc_tangent": _cc_tangent,
    "tangent": _tangent,
    **NEWCLID_SHAPES,
}

# Shapes that draw from the random generator (the others are determined by their inputs).
RANDOM_SHAPES = frozenset({
    "free", "segment", "triangle", "quadrangle", "pentagon", "iso_triangle", "r_triangle",
    "risos", "ieq_triangle", "triangle12", "trapezoid", "r_trapezoid", "eq_trapezoid",
    "eq_quadrangle", "eqdia_quadrangle", "rectangle", "isquare", "eqangle2", "3peq",
    *NEWCLID_RANDOM_SHAPES,
})
