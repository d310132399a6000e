"""Numeric plane geometry on complex numbers: lines, rays, circles and where they meet."""

from __future__ import annotations

import cmath
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

Point = complex
Rng = random.Random

# Relative tolerance for deciding that two lines are parallel, a line is tangent, etc.
# Exact constructions land near 1e-15; random configurations almost never come this close.
EPS = 1e-10


class GeometryError(ValueError):
    """A numeric construction has no well-defined answer (degenerate input)."""


class CoincidentLociError(GeometryError):
    """Two loci are the same line or circle, so they meet in infinitely many points."""


def unit(z: complex) -> complex:
    """`z` scaled to length 1."""
    n = abs(z)
    if n == 0:
        raise GeometryError("zero vector has no direction")
    return z / n


def dot(u: complex, v: complex) -> float:
    """Euclidean dot product of two vectors."""
    return u.real * v.real + u.imag * v.imag


def cross(u: complex, v: complex) -> float:
    """z-component of the cross product u x v (positive when v is counter-clockwise of u)."""
    return u.real * v.imag - u.imag * v.real


@dataclass(frozen=True)
class Line:
    """The line through `point` with direction `direction` (stored as a unit vector)."""

    point: complex
    direction: complex

    def __post_init__(self) -> None:
        object.__setattr__(self, "direction", unit(self.direction))

    @classmethod
    def through(cls, p: complex, q: complex) -> Line:
        """The line through two distinct points (a ray from p towards q for HalfLine)."""
        if p == q:
            raise GeometryError("a line needs two distinct points")
        return cls(p, q - p)

    def param(self, p: complex) -> float:
        """Signed position of the projection of p along the line."""
        return dot(p - self.point, self.direction)

    def at(self, t: float) -> complex:
        """The point at signed position t."""
        return self.point + t * self.direction

    def distance(self, p: complex) -> float:
        """Distance from p to the (full) line."""
        return abs(cross(self.direction, p - self.point))


@dataclass(frozen=True)
class HalfLine(Line):
    """The ray starting at `point` (its tail) going along `direction`."""

    @property
    def tail(self) -> complex:
        return self.point


@dataclass(frozen=True)
class Segment(HalfLine):
    """The points of the ray strictly between its tail and `length` along it."""

    length: float = 0.0

    @classmethod
    def between(cls, p: complex, q: complex) -> Segment:
        """The open segment from p to q."""
        if p == q:
            raise GeometryError("a segment needs two distinct points")
        return cls(p, q - p, abs(q - p))


@dataclass(frozen=True)
class Circle:
    """The circle with centre `center` and radius `radius` (> 0)."""

    center: complex
    radius: float

    def __post_init__(self) -> None:
        if not self.radius > 0:
            raise GeometryError("a circle needs a positive radius")

    def at(self, angle: float) -> complex:
        """The point at polar angle `angle` from the centre."""
        return self.center + self.radius * cmath.exp(1j * angle)


Locus = Line | HalfLine | Segment | Circle


# ---------------------------------------------------------------- point helpers


def foot(p: complex, line: Line) -> complex:
    """Orthogonal projection of p on the line."""
    return line.at(line.param(p))


def reflect(p: complex, line: Line) -> complex:
    """Mirror image of p across the line."""
    return 2 * foot(p, line) - p


def rotate(p: complex, center: complex, angle: float) -> complex:
    """p rotated counter-clockwise by `angle` radians about `center`."""
    return center + (p - center) * cmath.exp(1j * angle)


def circumcircle(a: complex, b: complex, c: complex) -> Circle:
    """The circle through three points; GeometryError when they are collinear."""
    ab, ac = b - a, c - a
    d = 2 * cross(ab, ac)
    size = max(abs(ab), abs(ac), abs(c - b))
    if abs(d) <= EPS * size * size:
        raise GeometryError("three collinear points have no circumcircle")
    center = a + 1j * (ab * abs(ac) ** 2 - ac * abs(ab) ** 2) / d
    return Circle(center, abs(a - center))


def arc_circle(a: complex, b: complex, angle: float) -> Circle:
    """The circle through a and b on which the directed angle (xa, xb) is `angle` mod pi."""
    s = math.sin(angle)
    if abs(s) <= EPS:
        raise GeometryError("a zero angle gives the line ab, not a circle")
    center = a + (b - a) / 2 * (1 + 1j * math.cos(angle) / s)
    return Circle(center, abs(a - center))


# ---------------------------------------------------------------- intersections


def line_line(l1: Line, l2: Line) -> tuple[complex, ...]:
    """Points common to two lines: one, or none when parallel (rays not yet filtered)."""
    denom = cross(l1.direction, l2.direction)
    if abs(denom) <= EPS:
        size = max(1.0, abs(l1.point), abs(l2.point))
        if l1.distance(l2.point) <= EPS * size:
            raise CoincidentLociError("the two lines coincide")
        return ()
    t = cross(l2.point - l1.point, l2.direction) / denom
    return (l1.at(t),)


def line_circle(line: Line, circle: Circle) -> tuple[complex, ...]:
    """Points common to a line and a circle: two, one (tangent) or none."""
    t0 = line.param(circle.center)
    base = line.at(t0)
    r = circle.radius
    h2 = r * r - abs(circle.center - base) ** 2
    if h2 < -EPS * r * r:
        return ()
    if h2 <= EPS * r * r:
        return (base,)
    h = math.sqrt(h2)
    return (line.at(t0 - h), line.at(t0 + h))


def circle_circle(c1: Circle, c2: Circle) -> tuple[complex, ...]:
    """Points common to two circles: two, one (tangent) or none."""
    v = c2.center - c1.center
    d = abs(v)
    r1, r2 = c1.radius, c2.radius
    size = max(r1, r2)
    if d <= EPS * size:
        if abs(r1 - r2) <= EPS * size:
            raise CoincidentLociError("the two circles coincide")
        return ()
    a = (r1 * r1 - r2 * r2 + d * d) / (2 * d)
    h2 = r1 * r1 - a * a
    u = v / d
    base = c1.center + a * u
    if h2 < -EPS * size * size:
        return ()
    if h2 <= EPS * size * size:
        return (base,)
    h = math.sqrt(h2)
    return (base - 1j * h * u, base + 1j * h * u)


def on_ray(ray: HalfLine, p: complex) -> bool:
    """Whether p (assumed on the ray's line) lies on the ray (or segment), ends excluded."""
    t, size = ray.param(p), EPS * max(1.0, abs(ray.point))
    return t > size and (not isinstance(ray, Segment) or t < ray.length - size)


def intersect(a: Locus, b: Locus) -> tuple[complex, ...]:
    """Points common to two loci (0, 1 or 2); CoincidentLociError when they coincide."""
    if isinstance(a, Line) and isinstance(b, Line):
        found = line_line(a, b)
    elif isinstance(a, Line) and isinstance(b, Circle):
        found = line_circle(a, b)
    elif isinstance(a, Circle) and isinstance(b, Line):
        found = line_circle(b, a)
    elif isinstance(a, Circle) and isinstance(b, Circle):
        found = circle_circle(a, b)
    else:
        raise TypeError(f"cannot intersect {type(a).__name__} and {type(b).__name__}")
    for locus in (a, b):
        if isinstance(locus, HalfLine):
            found = tuple(p for p in found if on_ray(locus, p))
    return found


def contains(locus: Locus, p: complex, tol: float) -> bool:
    """Whether p lies on the locus, within absolute distance `tol`."""
    if isinstance(locus, Circle):
        return abs(abs(p - locus.center) - locus.radius) <= tol
    if locus.distance(p) > tol:
        return False
    if isinstance(locus, Segment) and locus.param(p) > locus.length + tol:
        return False
    return not isinstance(locus, HalfLine) or locus.param(p) >= -tol


# ---------------------------------------------------------------- sampling


def random_point(locus: Locus, rng: Rng, center: complex, radius: float) -> complex:
    """A random point of the locus, drawn from its part near the disc (center, radius)."""
    if isinstance(locus, Circle):
        return locus.at(rng.uniform(0.0, 2 * math.pi))
    radius = max(radius, 1e-9)
    t0 = locus.param(center)
    if isinstance(locus, Segment):
        return locus.at(rng.uniform(0.0, locus.length))
    if isinstance(locus, HalfLine):
        lo = max(0.0, t0 - radius)
        hi = max(t0 + radius, lo + radius)
        return locus.at(rng.uniform(lo, hi))
    return locus.at(t0 + rng.uniform(-radius, radius))


def random_placement(points: Sequence[complex], rng: Rng) -> tuple[complex, ...]:
    """Randomly rotate, maybe flip, scale (0.5-2) and shift a figure about its centroid."""
    g = sum(points, 0j) / len(points)
    turn = cmath.exp(1j * rng.uniform(0.0, 2 * math.pi)) * rng.uniform(0.5, 2.0)
    shift = complex(rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0))
    flip = rng.random() < 0.5
    out = []
    for p in points:
        q = p - g
        if flip:
            q = q.conjugate()
        out.append(q * turn + shift)
    return tuple(out)


def random_free_point(rng: Rng) -> complex:
    """A point uniform in the square [-1, 1]^2."""
    return complex(rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0))
