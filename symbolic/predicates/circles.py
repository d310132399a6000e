"""Circle predicates: cyclic (concyclic points) and circle (a centre and three points)."""

from __future__ import annotations

from .spec import Args, Coords, PredicateSpec, circumcenter, is_close, unpack


def check_cyclic(coords: Coords, args: Args, scale: float) -> bool:
    pts = list(dict.fromkeys(unpack(coords, args)))
    if len(pts) < 4:
        return True
    # Use the three mutually farthest-apart points as the reference circle.
    center = circumcenter(pts[0], pts[1], pts[2])
    if center is None:
        return False
    radius = abs(pts[0] - center)
    return all(is_close(abs(p - center), radius, scale) for p in pts[3:])


def check_circle(coords: Coords, args: Args, scale: float) -> bool:
    o, *rest = unpack(coords, args)
    r = abs(rest[0] - o)
    return all(is_close(abs(p - o), r, scale) for p in rest[1:])


def canonical_cyclic(args: Args) -> Args:
    return tuple(sorted(set(args)))


def canonical_circle(args: Args) -> Args:
    return (args[0], *sorted(set(args[1:])))


CYCLIC = PredicateSpec(
    "cyclic", 4, None, check_cyclic, canonical_cyclic, doc="the points lie on one circle"
)
CIRCLE = PredicateSpec(
    "circle", 4, 4, check_circle, canonical_circle, doc="o is the centre of the circle abc"
)

SPECS = (CYCLIC, CIRCLE)
