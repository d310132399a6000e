"""Ratio predicate: eqratio."""

from __future__ import annotations

from fractions import Fraction

from .spec import (
    Args,
    Coords,
    PredicateSpec,
    canonical_four_term,
    format_ratio_value,
    is_close,
    parse_ratio_value,
    sorted_pair,
    unpack,
)


def check_eqratio(coords: Coords, args: Args, scale: float) -> bool:
    a, b, c, d, e, f, g, h = unpack(coords, args)
    lhs = abs(b - a) * abs(h - g)
    rhs = abs(d - c) * abs(f - e)
    return is_close(lhs, rhs, scale * scale)


def check_prodratio(coords: Coords, args: Args, scale: float) -> bool:
    pts = unpack(coords, args)
    lengths = [abs(pts[i + 1] - pts[i]) for i in range(0, 12, 2)]
    num = lengths[0] * lengths[2] * lengths[4]
    den = lengths[1] * lengths[3] * lengths[5]
    return is_close(num, den, max(num, den))


def canonical_prodratio(args: Args) -> Args:
    """Numerators and denominators each sorted; the least of the two readings."""
    segs = [sorted_pair(args[i], args[i + 1]) for i in range(0, 12, 2)]
    num, den = sorted(segs[0::2]), sorted(segs[1::2])
    if den < num:
        num, den = den, num
    return tuple(p for k in range(3) for seg in (num[k], den[k]) for p in seg)


def check_r2const(coords: Coords, args: Args, scale: float) -> bool:
    a, b, c, d = unpack(coords, args[:4])
    value = parse_ratio_value(args[4])
    if value is None:
        return False
    return is_close(abs(b - a) ** 2, float(value) * abs(d - c) ** 2, scale * scale)


def canonical_r2const(args: Args) -> Args:
    s1, s2 = sorted_pair(args[0], args[1]), sorted_pair(args[2], args[3])
    value = parse_ratio_value(args[4])
    if value is None:
        return tuple(args)
    if s2 < s1:
        s1, s2, value = s2, s1, 1 / value
    return (*s1, *s2, format_ratio_value(Fraction(value)))


EQRATIO = PredicateSpec(
    "eqratio", 8, 8, check_eqratio, canonical_four_term, doc="ab : cd = ef : gh"
)
PRODRATIO = PredicateSpec(
    "prodratio", 12, 12, check_prodratio, canonical_prodratio,
    doc="(ab / cd) * (ef / gh) * (ij / kl) = 1 (Menelaus and Ceva products)",
)

R2CONST = PredicateSpec(
    "r2const", 4, 4, check_r2const, canonical_r2const, has_value=True, provable=False,
    doc="ab^2 : cd^2 = r (Newclid's squared ratio; checked numerically, not yet proved)",
)

SPECS = (EQRATIO, PRODRATIO, R2CONST)
