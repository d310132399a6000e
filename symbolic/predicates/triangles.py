"""Triangle predicates: similar and congruent triangles, same or opposite orientation."""

from __future__ import annotations

from .spec import Args, Coords, PredicateSpec, is_close, unpack


def _shape(a: complex, b: complex, c: complex) -> complex | None:
    if b == a:
        return None
    return (c - a) / (b - a)


def _similar(coords: Coords, args: Args, mirrored: bool) -> bool:
    a, b, c, p, q, r = unpack(coords, args)
    s1, s2 = _shape(a, b, c), _shape(p, q, r)
    if s1 is None or s2 is None:
        return False
    if mirrored:
        s2 = s2.conjugate()
    return is_close(abs(s1 - s2), 0.0, max(1.0, abs(s1)))


def check_simtri(coords: Coords, args: Args, scale: float) -> bool:
    return _similar(coords, args, mirrored=False)


def check_simtri2(coords: Coords, args: Args, scale: float) -> bool:
    return _similar(coords, args, mirrored=True)


def _equal_size(coords: Coords, args: Args, scale: float) -> bool:
    a, b, _, p, q, _ = unpack(coords, args)
    return is_close(abs(b - a), abs(q - p), scale)


def check_contri(coords: Coords, args: Args, scale: float) -> bool:
    return check_simtri(coords, args, scale) and _equal_size(coords, args, scale)


def check_contri2(coords: Coords, args: Args, scale: float) -> bool:
    return check_simtri2(coords, args, scale) and _equal_size(coords, args, scale)


def canonical_triangle_pair(args: Args) -> Args:
    """Same correspondence, written with the least vertex order and triangle order."""
    a, b, c, p, q, r = args
    return min(
        (a, b, c, p, q, r), (a, c, b, p, r, q), (b, a, c, q, p, r),
        (b, c, a, q, r, p), (c, a, b, r, p, q), (c, b, a, r, q, p),
        (p, q, r, a, b, c), (p, r, q, a, c, b), (q, p, r, b, a, c),
        (q, r, p, b, c, a), (r, p, q, c, a, b), (r, q, p, c, b, a),
    )


SIMTRI = PredicateSpec(
    "simtri", 6, 6, check_simtri, canonical_triangle_pair,
    doc="triangles abc and pqr are similar with the same orientation",
)
SIMTRI2 = PredicateSpec(
    "simtri2", 6, 6, check_simtri2, canonical_triangle_pair,
    doc="triangles abc and pqr are similar with opposite orientation",
)
CONTRI = PredicateSpec(
    "contri", 6, 6, check_contri, canonical_triangle_pair,
    doc="triangles abc and pqr are congruent with the same orientation",
)
CONTRI2 = PredicateSpec(
    "contri2", 6, 6, check_contri2, canonical_triangle_pair,
    doc="triangles abc and pqr are congruent with opposite orientation",
)

SPECS = (SIMTRI, SIMTRI2, CONTRI, CONTRI2)
