"""The interface every predicate implements, and the numeric helpers they share."""

from __future__ import annotations

import cmath
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

Coords = Mapping[str, complex]
Args = tuple[str, ...]

# Relative tolerance of numeric checks. Coordinates are doubles built by a handful of
# intersections, so errors stay near 1e-13; anything under 1e-8 is "equal".
RELATIVE_TOLERANCE = 1e-8
# Angles (radians) closer than this are equal.
ANGLE_TOLERANCE = 1e-8


@dataclass(frozen=True)
class PredicateSpec:
    """A predicate: its arity, how to canonicalise arguments, and its numeric test."""

    name: str
    min_points: int
    max_points: int | None  # None: any number >= min_points
    check: Callable[[Coords, Args, float], bool]
    canonical: Callable[[Args], Args]
    has_value: bool = False  # last argument is a number (aconst, rconst)
    nondegeneracy: bool = False  # only ever checked numerically, never derived
    doc: str = ""
    # How the value is written: "angle" (a fraction of pi, e.g. 2pi/3), "ratio" or
    # "length" (positive numbers like 3/2), "number" (any rational, e.g. -1/2 or 0).
    value_kind: str = "ratio"
    # For argument lists that mix points with other tokens (lequation's coefficients and
    # '*'): the point arguments, or None when the list is malformed.
    point_args: Callable[[Args], Args | None] | None = None
    # False for predicates the prover cannot derive yet (they are still parsed and
    # checked numerically, e.g. by `pappus validate`).
    provable: bool = True

    def arity_text(self) -> str:
        n = self.min_points + (1 if self.has_value else 0)
        if self.max_points is None:
            return f"at least {n} arguments"
        return f"{n} arguments"

    def accepts_arity(self, n_args: int) -> bool:
        n_points = n_args - (1 if self.has_value else 0)
        if n_points < self.min_points:
            return False
        return self.max_points is None or n_points <= self.max_points

    def points(self, args: Args) -> Args | None:
        """The point arguments of `args` (None when the list is malformed)."""
        if self.point_args is not None:
            return self.point_args(args)
        return tuple(args[:-1]) if self.has_value else tuple(args)

    def parse_value(self, text: str) -> Fraction | None:
        """The value argument as a number (angles as a fraction of pi), None if malformed."""
        try:
            if self.value_kind == "angle":
                return parse_angle_value(text)
            if self.value_kind == "number":
                return Fraction(text) if _FRACTION.match(text) else None
            return parse_ratio_value(text)
        except ZeroDivisionError:  # '3/0', 'pi/0'
            return None


# ---------------------------------------------------------------- numeric helpers


def direction(p: complex, q: complex) -> float:
    """Direction of line pq in [0, pi)."""
    a = cmath.phase(q - p) % math.pi
    return 0.0 if a >= math.pi - 1e-15 else a


def angle_mod_pi(x: float) -> float:
    """Reduce an angle to (-pi/2, pi/2]: the distance from 0 modulo pi, with sign."""
    x = math.fmod(x, math.pi)
    if x > math.pi / 2:
        x -= math.pi
    elif x <= -math.pi / 2:
        x += math.pi
    return x


def same_angle(x: float, y: float) -> bool:
    """Whether two line-angles agree modulo pi."""
    return abs(angle_mod_pi(x - y)) < ANGLE_TOLERANCE


def sin_between(u: complex, v: complex) -> float:
    """|sin| of the angle between two vectors (0 when either is null)."""
    nu, nv = abs(u), abs(v)
    if nu == 0 or nv == 0:
        return 0.0
    return abs((u.conjugate() * v).imag) / (nu * nv)


def cos_between(u: complex, v: complex) -> float:
    nu, nv = abs(u), abs(v)
    if nu == 0 or nv == 0:
        return 1.0
    return abs((u.conjugate() * v).real) / (nu * nv)


def is_close(x: float, y: float, scale: float) -> bool:
    return abs(x - y) <= RELATIVE_TOLERANCE * max(scale, 1e-300)


def circumcenter(a: complex, b: complex, c: complex) -> complex | None:
    """Center of the circle through three points; None when they are collinear."""
    ax, ay, bx, by, cx, cy = a.real, a.imag, b.real, b.imag, c.real, c.imag
    d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
    scale = max(abs(b - a), abs(c - a), abs(c - b)) ** 2
    if abs(d) <= 1e-12 * scale:
        return None
    a2, b2, c2 = ax * ax + ay * ay, bx * bx + by * by, cx * cx + cy * cy
    ux = (a2 * (by - cy) + b2 * (cy - ay) + c2 * (ay - by)) / d
    uy = (a2 * (cx - bx) + b2 * (ax - cx) + c2 * (bx - ax)) / d
    return complex(ux, uy)


# ---------------------------------------------------------------- values

_PI_VALUE = re.compile(r"^(?P<num>-?\d+)?pi(?:/(?P<den>\d+))?$")
_FRACTION = re.compile(r"^-?\d+(?:/\d+)?$|^-?\d+\.\d+$")


def parse_angle_value(text: str) -> Fraction | None:
    """An angle as a fraction of pi, modulo 1: `pi/3`, `2pi/3`, `1/3` (of pi) all parse."""
    m = _PI_VALUE.match(text)
    if m:
        num = int(m.group("num")) if m.group("num") else 1
        den = int(m.group("den")) if m.group("den") else 1
        return Fraction(num, den) % 1
    if _FRACTION.match(text):
        return Fraction(text) % 1
    return None


def format_angle_value(value: Fraction) -> str:
    value = Fraction(value) % 1
    if value == 0:
        return "0pi"
    return f"{value.numerator}pi/{value.denominator}"


def parse_ratio_value(text: str) -> Fraction | None:
    if _FRACTION.match(text):
        value = Fraction(text)
        return value if value > 0 else None
    return None


def format_ratio_value(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


# ---------------------------------------------------------------- canonical helpers


def sorted_pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def canonical_two_segments(args: Sequence[str]) -> Args:
    """Symmetric relation between segments ab and cd (para, perp, cong, npara, nperp)."""
    s1, s2 = sorted_pair(args[0], args[1]), sorted_pair(args[2], args[3])
    if s2 < s1:
        s1, s2 = s2, s1
    return (*s1, *s2)


def canonical_four_term(args: Sequence[str]) -> Args:
    """x1 - x2 = x3 - x4 over segments (eqangle over lines, eqratio over lengths).

    The relation is invariant under swapping the two sides, swapping the middle terms,
    and negating both sides; its canonical form is the least arrangement.
    """
    a, b, c, d, e, f, g, h = args
    s0 = (a, b) if a <= b else (b, a)
    s1 = (c, d) if c <= d else (d, c)
    s2 = (e, f) if e <= f else (f, e)
    s3 = (g, h) if g <= h else (h, g)
    p0, p1 = (s0, s3) if s0 <= s3 else (s3, s0)
    m0, m1 = (s1, s2) if s1 <= s2 else (s2, s1)
    # the least of (p0, m0, m1, p1) and (m0, p0, p1, m1)
    if (p0, m0, m1, p1) <= (m0, p0, p1, m1):
        return (*p0, *m0, *m1, *p1)
    return (*m0, *p0, *p1, *m1)


def unpack(coords: Coords, args: Sequence[str]) -> list[complex]:
    return [coords[a] for a in args]
