"""Non-degeneracy predicates: only ever checked on coordinates, never derived."""

from __future__ import annotations

from .lines import canonical_coll, check_coll, check_para, check_perp
from .spec import (
    RELATIVE_TOLERANCE,
    Args,
    Coords,
    PredicateSpec,
    canonical_two_segments,
    sorted_pair,
    unpack,
)


def check_ncoll(coords: Coords, args: Args, scale: float) -> bool:
    if len(set(args)) < 3:
        return False
    return not check_coll(coords, args, scale)


def check_npara(coords: Coords, args: Args, scale: float) -> bool:
    return not check_para(coords, args, scale)


def check_nperp(coords: Coords, args: Args, scale: float) -> bool:
    return not check_perp(coords, args, scale)


def check_ncong(coords: Coords, args: Args, scale: float) -> bool:
    a, b, c, d = unpack(coords, args)
    return abs(abs(b - a) - abs(d - c)) > RELATIVE_TOLERANCE * scale * 100


def check_diff(coords: Coords, args: Args, scale: float) -> bool:
    a, b = unpack(coords, args)
    return abs(a - b) > RELATIVE_TOLERANCE * scale


def check_sameside(coords: Coords, args: Args, scale: float) -> bool:
    """a sits relative to segment bc as x does to segment yz (both inside or both outside)."""
    a, b, c, x, y, z = unpack(coords, args)
    s1 = ((b - a).conjugate() * (c - a)).real
    s2 = ((y - x).conjugate() * (z - x)).real
    return s1 * s2 > 0


def canonical_diff(args: Args) -> Args:
    return sorted_pair(args[0], args[1])


def canonical_sameside(args: Args) -> Args:
    u = (args[0], *sorted_pair(args[1], args[2]))
    v = (args[3], *sorted_pair(args[4], args[5]))
    return u + v if u <= v else v + u


NCOLL = PredicateSpec(
    "ncoll", 3, None, check_ncoll, canonical_coll, nondegeneracy=True,
    doc="the points are not all on one line",
)
NPARA = PredicateSpec(
    "npara", 4, 4, check_npara, canonical_two_segments, nondegeneracy=True,
    doc="ab is not parallel to cd",
)
NPERP = PredicateSpec(
    "nperp", 4, 4, check_nperp, canonical_two_segments, nondegeneracy=True,
    doc="ab is not perpendicular to cd",
)
NCONG = PredicateSpec(
    "ncong", 4, 4, check_ncong, canonical_two_segments, nondegeneracy=True,
    doc="ab and cd have different lengths",
)
DIFF = PredicateSpec(
    "diff", 2, 2, check_diff, canonical_diff, nondegeneracy=True, doc="a and b are distinct"
)
SAMESIDE = PredicateSpec(
    "sameside", 6, 6, check_sameside, canonical_sameside, nondegeneracy=True,
    doc="a is inside segment bc exactly when x is inside segment yz",
)

SPECS = (NCOLL, NPARA, NPERP, NCONG, DIFF, SAMESIDE)
