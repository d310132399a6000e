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


def check_nsameside(coords: Coords, args: Args, scale: float) -> bool:
    """a is inside segment bc exactly when x is outside segment yz."""
    a, b, c, x, y, z = unpack(coords, args)
    s1 = ((b - a).conjugate() * (c - a)).real
    s2 = ((y - x).conjugate() * (z - x)).real
    return s1 * s2 < 0


def check_obtuse_angle(coords: Coords, args: Args, scale: float) -> bool:
    """The angle abc is obtuse (for collinear points: b lies between a and c)."""
    a, b, c = unpack(coords, args)
    return ((a - b).conjugate() * (c - b)).real < -RELATIVE_TOLERANCE * scale * scale


def _turn(p: complex, q: complex, r: complex) -> float:
    return ((q - p).conjugate() * (r - p)).imag


def check_sameclock(coords: Coords, args: Args, scale: float) -> bool:
    """Triangles abc and xyz are both turning clockwise, or both counter-clockwise."""
    a, b, c, x, y, z = unpack(coords, args)
    tol = RELATIVE_TOLERANCE * scale * scale
    t1, t2 = _turn(a, b, c), _turn(x, y, z)
    return (t1 > tol and t2 > tol) or (t1 < -tol and t2 < -tol)


def canonical_obtuse_angle(args: Args) -> Args:
    a, c = sorted_pair(args[0], args[2])
    return (a, args[1], c)


def canonical_sameclock(args: Args) -> Args:
    def turns(t: Args) -> Args:
        return min(t, (t[1], t[2], t[0]), (t[2], t[0], t[1]))

    t1, t2 = tuple(args[:3]), tuple(args[3:])
    r1, r2 = turns((t1[0], t1[2], t1[1])), turns((t2[0], t2[2], t2[1]))
    t1, t2 = turns(t1), turns(t2)
    return min(t1 + t2, t2 + t1, r1 + r2, r2 + r1)


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

# Newclid's numeric-only predicates.
NSAMESIDE = PredicateSpec(
    "nsameside", 6, 6, check_nsameside, canonical_sameside, nondegeneracy=True,
    provable=False, doc="a is inside segment bc exactly when x is outside segment yz",
)
OBTUSE_ANGLE = PredicateSpec(
    "obtuse_angle", 3, 3, check_obtuse_angle, canonical_obtuse_angle, nondegeneracy=True,
    provable=False, doc="the angle abc is obtuse (b between a and c when collinear)",
)
SAMECLOCK = PredicateSpec(
    "sameclock", 6, 6, check_sameclock, canonical_sameclock, nondegeneracy=True,
    provable=False, doc="triangles abc and xyz have the same orientation",
)

SPECS = (NCOLL, NPARA, NPERP, NCONG, DIFF, SAMESIDE, NSAMESIDE, OBTUSE_ANGLE, SAMECLOCK)
