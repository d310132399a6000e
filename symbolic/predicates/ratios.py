"""Ratio predicate: eqratio."""

from __future__ import annotations

from .spec import Args, Coords, PredicateSpec, canonical_four_term, is_close, unpack


def check_eqratio(coords: Coords, args: Args, scale: float) -> bool:
    a, b, c, d, e, f, g, h = unpack(coords, args)
    lhs = abs(b - a) * abs(h - g)
    rhs = abs(d - c) * abs(f - e)
    return is_close(lhs, rhs, scale * scale)


EQRATIO = PredicateSpec(
    "eqratio", 8, 8, check_eqratio, canonical_four_term, doc="ab : cd = ef : gh"
)

SPECS = (EQRATIO,)
