"""Length predicates: cong, midp, rconst."""

from __future__ import annotations

from fractions import Fraction

from .spec import (
    Args,
    Coords,
    PredicateSpec,
    canonical_two_segments,
    format_ratio_value,
    is_close,
    parse_ratio_value,
    sorted_pair,
    unpack,
)


def check_cong(coords: Coords, args: Args, scale: float) -> bool:
    a, b, c, d = unpack(coords, args)
    return is_close(abs(b - a), abs(d - c), scale)


def check_midp(coords: Coords, args: Args, scale: float) -> bool:
    m, a, b = unpack(coords, args)
    return is_close(abs(m - (a + b) / 2), 0.0, scale)


def check_rconst(coords: Coords, args: Args, scale: float) -> bool:
    a, b, c, d = unpack(coords, args[:4])
    value = parse_ratio_value(args[4])
    if value is None:
        return False
    return is_close(abs(b - a), float(value) * abs(d - c), scale)


def check_lconst(coords: Coords, args: Args, scale: float) -> bool:
    a, b = unpack(coords, args[:2])
    value = parse_ratio_value(args[2])
    return value is not None and is_close(abs(b - a), float(value), scale)


def check_l2const(coords: Coords, args: Args, scale: float) -> bool:
    a, b = unpack(coords, args[:2])
    value = parse_ratio_value(args[2])
    return value is not None and is_close(abs(b - a) ** 2, float(value), scale * scale)


def canonical_length(args: Args) -> Args:
    value = parse_ratio_value(args[2])
    if value is None:
        return tuple(args)
    return (*sorted_pair(args[0], args[1]), format_ratio_value(Fraction(value)))


def canonical_midp(args: Args) -> Args:
    return (args[0], *sorted_pair(args[1], args[2]))


def canonical_rconst(args: Args) -> Args:
    s1, s2 = sorted_pair(args[0], args[1]), sorted_pair(args[2], args[3])
    value = parse_ratio_value(args[4])
    if value is None:
        return tuple(args)
    if s2 < s1:
        s1, s2, value = s2, s1, 1 / value
    return (*s1, *s2, format_ratio_value(Fraction(value)))


CONG = PredicateSpec("cong", 4, 4, check_cong, canonical_two_segments, doc="ab = cd")
MIDP = PredicateSpec("midp", 3, 3, check_midp, canonical_midp, doc="m is the midpoint of ab")
RCONST = PredicateSpec(
    "rconst", 4, 4, check_rconst, canonical_rconst, has_value=True, doc="ab : cd = r"
)

# Newclid's absolute lengths (in the diagram's units); checked numerically, not yet proved.
LCONST = PredicateSpec(
    "lconst", 2, 2, check_lconst, canonical_length, has_value=True, value_kind="length",
    provable=False, doc="ab = l, in the diagram's length units",
)
L2CONST = PredicateSpec(
    "l2const", 2, 2, check_l2const, canonical_length, has_value=True, value_kind="length",
    provable=False, doc="ab^2 = l, in the diagram's length units",
)

SPECS = (CONG, MIDP, RCONST, LCONST, L2CONST)
