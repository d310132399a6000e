"""Incidence and direction predicates: coll, para, perp."""

from __future__ import annotations

from .spec import (
    RELATIVE_TOLERANCE,
    Args,
    Coords,
    PredicateSpec,
    canonical_two_segments,
    cos_between,
    sin_between,
    unpack,
)


def check_coll(coords: Coords, args: Args, scale: float) -> bool:
    pts = unpack(coords, args)
    # Measure every point against the longest chord so near-coincident pairs don't mislead.
    base_i, base_j, best = 0, 1, -1.0
    for i in range(len(pts)):
        for j in range(i + 1, len(pts)):
            d = abs(pts[j] - pts[i])
            if d > best:
                base_i, base_j, best = i, j, d
    if best <= RELATIVE_TOLERANCE * scale:
        return True
    u = pts[base_j] - pts[base_i]
    for p in pts:
        v = p - pts[base_i]
        if abs((u.conjugate() * v).imag) / best > RELATIVE_TOLERANCE * scale:
            return False
    return True


def check_para(coords: Coords, args: Args, scale: float) -> bool:
    a, b, c, d = unpack(coords, args)
    return sin_between(b - a, d - c) < RELATIVE_TOLERANCE * 10


def check_perp(coords: Coords, args: Args, scale: float) -> bool:
    a, b, c, d = unpack(coords, args)
    return cos_between(b - a, d - c) < RELATIVE_TOLERANCE * 10


def canonical_coll(args: Args) -> Args:
    return tuple(sorted(set(args)))


COLL = PredicateSpec(
    "coll", 3, None, check_coll, canonical_coll, doc="the points lie on one line"
)
PARA = PredicateSpec(
    "para", 4, 4, check_para, canonical_two_segments, doc="line ab is parallel to line cd"
)
PERP = PredicateSpec(
    "perp", 4, 4, check_perp, canonical_two_segments, doc="line ab is perpendicular to cd"
)

SPECS = (COLL, PARA, PERP)
