"""Newclid's equation and value-asking goals: lequation, aequation, acompute, rcompute,
lcompute. They are parsed and checked numerically; the prover does not derive them yet.

* `lequation c1 a b [* c d ...] c2 e f ... k`: sum of coefficient x product of lengths = k
  (a coefficient is a rational like `-1/2`; `*` multiplies in one more length);
* `aequation c1 a b c d c2 e f g h ... k`: sum of coefficient x directed angle (ab, cd),
  each angle taken in [0, pi), equals k modulo pi (k an angle: `2pi/3`, `90o`, `1/2`);
* `acompute a b c d`, `rcompute a b c d`, `lcompute a b`: ask for the value of the angle
  (ab, cd), the ratio ab : cd or the length ab. Such a goal holds numerically when the value
  is a small-denominator rational (angles: as a fraction of pi), i.e. when it can be
  written as an aconst, rconst or lconst fact.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from .angles import line_angle
from .spec import (
    RELATIVE_TOLERANCE,
    Args,
    Coords,
    PredicateSpec,
    angle_mod_pi,
    parse_angle_value,
    same_angle,
    sorted_pair,
    unpack,
)

# The largest denominator a computed value may have.
MAX_DENOMINATOR = 1000
_COEFFICIENT = re.compile(r"^-?\d+(?:/\d+)?$|^-?\d+\.\d+$")


def _coefficient(text: str) -> Fraction | None:
    if not _COEFFICIENT.match(text):
        return None
    try:
        return Fraction(text)
    except ZeroDivisionError:
        return None


def _angle(text: str) -> Fraction | None:
    try:
        return parse_angle_value(text)
    except ZeroDivisionError:  # '3/0'
        return None


def _length_terms(args: Args) -> list[tuple[Fraction, list[tuple[str, str]]]] | None:
    """lequation's terms (coefficient, segments multiplied), None when malformed."""
    body = list(args[:-1])
    if not body or _coefficient(args[-1]) is None:
        return None
    terms: list[tuple[Fraction, list[tuple[str, str]]]] = []
    i = 0
    while i < len(body):
        coefficient = _coefficient(body[i])
        if coefficient is None or i + 2 >= len(body):
            return None
        segments = [(body[i + 1], body[i + 2])]
        i += 3
        while i < len(body) and body[i] == "*":
            if i + 2 >= len(body):
                return None
            segments.append((body[i + 1], body[i + 2]))
            i += 3
        terms.append((coefficient, segments))
    points = [p for _, segs in terms for seg in segs for p in seg]
    if any(p == "*" or _coefficient(p) is not None for p in points):
        return None
    return terms


def lequation_points(args: Args) -> Args | None:
    terms = _length_terms(args)
    if terms is None:
        return None
    return tuple(p for _, segs in terms for seg in segs for p in seg)


def check_lequation(coords: Coords, args: Args, scale: float) -> bool:
    terms = _length_terms(args)
    if terms is None:
        return False
    total, size = 0.0, abs(float(Fraction(args[-1])))
    for coefficient, segments in terms:
        term = float(coefficient)
        for a, b in segments:
            term *= abs(coords[b] - coords[a])
        total += term
        size = max(size, abs(term))
    return abs(total - float(Fraction(args[-1]))) <= RELATIVE_TOLERANCE * max(size, 1e-300)


def _angle_terms(args: Args) -> list[tuple[Fraction, Args]] | None:
    body = args[:-1]
    if not body or len(body) % 5 or _angle(args[-1]) is None:
        return None
    terms = []
    for i in range(0, len(body), 5):
        coefficient = _coefficient(body[i])
        points = tuple(body[i + 1:i + 5])
        if coefficient is None or any(p == "*" or _coefficient(p) is not None
                                      for p in points):
            return None
        terms.append((coefficient, points))
    return terms


def aequation_points(args: Args) -> Args | None:
    terms = _angle_terms(args)
    return None if terms is None else tuple(p for _, pts in terms for p in pts)


def check_aequation(coords: Coords, args: Args, scale: float) -> bool:
    terms = _angle_terms(args)
    value = _angle(args[-1])
    if terms is None or value is None:
        return False
    total = 0.0
    for coefficient, points in terms:
        angle = angle_mod_pi(line_angle(*unpack(coords, points))) % math.pi  # in [0, pi)
        total += float(coefficient) * angle
    return same_angle(total, float(value) * math.pi)


def _small_rational(x: float) -> bool:
    q = Fraction(x).limit_denominator(MAX_DENOMINATOR)
    return abs(float(q) - x) <= RELATIVE_TOLERANCE * max(1.0, abs(x))


def check_acompute(coords: Coords, args: Args, scale: float) -> bool:
    turns = angle_mod_pi(line_angle(*unpack(coords, args))) / math.pi
    return _small_rational(turns)


def check_rcompute(coords: Coords, args: Args, scale: float) -> bool:
    a, b, c, d = unpack(coords, args)
    return abs(d - c) > 0 and _small_rational(abs(b - a) / abs(d - c))


def check_lcompute(coords: Coords, args: Args, scale: float) -> bool:
    a, b = unpack(coords, args)
    return _small_rational(abs(b - a))


def canonical_as_written(args: Args) -> Args:
    return tuple(args)


def canonical_two_pairs(args: Args) -> Args:
    return (*sorted_pair(args[0], args[1]), *sorted_pair(args[2], args[3]))


LEQUATION = PredicateSpec(
    "lequation", 3, None, check_lequation, canonical_as_written, has_value=True,
    value_kind="number", point_args=lequation_points, provable=False,
    doc="c1 a b [* c d ...] c2 e f ... k: sum of coefficient x product of lengths = k",
)
AEQUATION = PredicateSpec(
    "aequation", 5, None, check_aequation, canonical_as_written, has_value=True,
    value_kind="angle", point_args=aequation_points, provable=False,
    doc="c1 a b c d c2 e f g h ... k: sum of coefficient x angle (ab, cd) = k modulo pi",
)
ACOMPUTE = PredicateSpec(
    "acompute", 4, 4, check_acompute, canonical_two_pairs, provable=False,
    doc="find the angle (ab, cd): holds when it is a rational multiple of pi",
)
RCOMPUTE = PredicateSpec(
    "rcompute", 4, 4, check_rcompute, canonical_two_pairs, provable=False,
    doc="find the ratio ab : cd: holds when it is a small-denominator rational",
)
LCOMPUTE = PredicateSpec(
    "lcompute", 2, 2, check_lcompute, lambda args: sorted_pair(args[0], args[1]),
    provable=False, doc="find the length ab: holds when it is a small-denominator rational",
)

SPECS = (LEQUATION, AEQUATION, ACOMPUTE, RCOMPUTE, LCOMPUTE)
