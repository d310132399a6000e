"""Angle predicates over directed lines modulo pi: eqangle, aconst."""

from __future__ import annotations

import cmath
import math

from .spec import (
    Args,
    Coords,
    PredicateSpec,
    canonical_four_term,
    format_angle_value,
    parse_angle_value,
    same_angle,
    sorted_pair,
    unpack,
)


def line_angle(p: complex, q: complex, r: complex, s: complex) -> float:
    """Directed angle from line pq to line rs (radians, not reduced)."""
    return cmath.phase(s - r) - cmath.phase(q - p)


def check_eqangle(coords: Coords, args: Args, scale: float) -> bool:
    a, b, c, d, e, f, g, h = unpack(coords, args)
    return same_angle(line_angle(a, b, c, d), line_angle(e, f, g, h))


def check_aconst(coords: Coords, args: Args, scale: float) -> bool:
    a, b, c, d = unpack(coords, args[:4])
    value = parse_angle_value(args[4])
    if value is None:
        return False
    return same_angle(line_angle(a, b, c, d), float(value) * math.pi)


def canonical_aconst(args: Args) -> Args:
    l1, l2 = sorted_pair(args[0], args[1]), sorted_pair(args[2], args[3])
    value = parse_angle_value(args[4])
    if value is None:
        return tuple(args)
    if l2 < l1:
        l1, l2, value = l2, l1, -value
    return (*l1, *l2, format_angle_value(value))


EQANGLE = PredicateSpec(
    "eqangle", 8, 8, check_eqangle, canonical_four_term,
    doc="the directed angle (ab, cd) equals (ef, gh), modulo pi",
)
ACONST = PredicateSpec(
    "aconst", 4, 4, check_aconst, canonical_aconst, has_value=True,
    doc="the directed angle (ab, cd) equals r (as a fraction of pi, e.g. 2pi/3)",
    value_kind="angle",
)

SPECS = (EQANGLE, ACONST)
