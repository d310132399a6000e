"""The linear forms the independent checker sums algebra certificates in: angle facts
over lines (modulo pi), ratio facts over log-lengths, length facts over lengths, with
the point sets collinear (or concyclic) premises merge into one line (or circle).

It is the checker's own arithmetic (exact, over `Fraction`), not the prover's algebra.
`symbolic.checker_steps` uses it to check `ar:angle`, `ar:ratio`, `ar:length` and
incidence steps.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from .checker_facts import Fact
from .predicates.spec import ANGLE_TOLERANCE, parse_angle_value, parse_ratio_value

# An angle certificate fixes its conclusion modulo pi/m; the diagram must tell apart
# values pi/m apart, so pi/m stays four orders of magnitude above the numeric angle
# tolerance. The prover's own certificates have m <= 6.
ANGLE_MODULUS_LIMIT = 1000
assert math.pi / ANGLE_MODULUS_LIMIT > 1e4 * 4 * ANGLE_TOLERANCE


class Lines:
    """Point sets merged through shared pairs (or triples for circles)."""

    def __init__(self, sets: Iterable[Iterable[str]], overlap: int) -> None:
        groups = [set(s) for s in sets]
        merged = True
        while merged:
            merged = False
            for i in range(len(groups)):
                for j in range(i + 1, len(groups)):
                    if groups[i] and groups[j] and len(groups[i] & groups[j]) >= overlap:
                        groups[i] |= groups[j]
                        groups[j] = set()
                        merged = True
        self.groups = [frozenset(g) for g in groups if g]

    def key(self, a: str, b: str) -> frozenset[str]:
        for g in self.groups:
            if a in g and b in g:
                return g
        return frozenset((a, b))

    def contains(self, pts: Iterable[str]) -> bool:
        want = set(pts)
        return any(want <= g for g in self.groups)


def angle_eq(fact: Fact, lines: Lines) -> tuple[dict, Fraction]:
    """Variable part and constant of an angle fact: sum + const is an integer."""
    pred, a = fact[0], fact[1:]
    coeffs: dict = {}

    def put(p: str, q: str, c: int) -> None:
        k = lines.key(p, q)
        coeffs[k] = coeffs.get(k, Fraction(0)) + c

    const = Fraction(0)
    if pred == "para":
        put(a[0], a[1], 1)
        put(a[2], a[3], -1)
    elif pred == "perp":
        put(a[2], a[3], 1)
        put(a[0], a[1], -1)
        const = Fraction(-1, 2)
    elif pred == "eqangle":
        put(a[2], a[3], 1)
        put(a[0], a[1], -1)
        put(a[4], a[5], 1)
        put(a[6], a[7], -1)
    elif pred == "aconst":
        value = parse_angle_value(str(a[4]))
        if value is None:
            raise ValueError("bad angle value")
        put(a[2], a[3], 1)
        put(a[0], a[1], -1)
        const = -value
    else:
        raise ValueError(f"{pred} is not an angle fact")
    return {k: v for k, v in coeffs.items() if v}, const


def ratio_eq(fact: Fact) -> dict:
    """Logarithmic form: segment keys and ('log', prime) keys."""
    pred, a = fact[0], fact[1:]
    coeffs: dict = {}

    def put(key: Any, c: Fraction | int) -> None:
        coeffs[key] = coeffs.get(key, Fraction(0)) + c

    def seg(p: str, q: str) -> frozenset[str]:
        return frozenset((p, q))

    if pred == "cong":
        put(seg(a[0], a[1]), 1)
        put(seg(a[2], a[3]), -1)
    elif pred == "eqratio":
        put(seg(a[0], a[1]), 1)
        put(seg(a[2], a[3]), -1)
        put(seg(a[4], a[5]), -1)
        put(seg(a[6], a[7]), 1)
    elif pred == "prodratio":
        for k in range(6):
            put(seg(a[2 * k], a[2 * k + 1]), 1 if k % 2 == 0 else -1)
    elif pred == "rconst":
        value = parse_ratio_value(str(a[4]))
        if value is None:
            raise ValueError("bad ratio value")
        put(seg(a[0], a[1]), 1)
        put(seg(a[2], a[3]), -1)
        for prime, e in factor(value.numerator).items():
            put(("log", prime), -e)
        for prime, e in factor(value.denominator).items():
            put(("log", prime), e)
    else:
        raise ValueError(f"{pred} is not a ratio fact")
    return {k: v for k, v in coeffs.items() if v}


def length_eq(fact: Fact) -> dict:
    """Additive form of cong / rconst: ab - r * cd over unsigned lengths."""
    pred, a = fact[0], fact[1:]
    if pred == "cong":
        r = Fraction(1)
    elif pred == "rconst":
        value = parse_ratio_value(str(a[4]))
        if value is None:
            raise ValueError("bad ratio value")
        r = value
    else:
        raise ValueError(f"{pred} is not a length fact")
    out: dict = {frozenset((a[0], a[1])): Fraction(1)}
    key = frozenset((a[2], a[3]))
    out[key] = out.get(key, Fraction(0)) - r
    return {k: v for k, v in out.items() if v}


def factor(n: int) -> dict[int, int]:
    """Prime factorisation of a positive integer: prime -> exponent."""
    out: dict[int, int] = {}
    p = 2
    while p * p <= n:
        while n % p == 0:
            out[p] = out.get(p, 0) + 1
            n //= p
        p += 1
    if n > 1:
        out[n] = out.get(n, 0) + 1
    return out


def add_scaled(total: dict, eq: dict, c: Fraction) -> None:
    """total += c * eq, term by term (a certificate's sum, built up premise by premise)."""
    for key, v in eq.items():
        total[key] = total.get(key, Fraction(0)) + c * v


def rational_gcd(values: Iterable[Fraction]) -> Fraction:
    """The largest g with every value an integer multiple of it (0 for none)."""
    g = Fraction(0)
    for v in values:
        a, b = abs(v), g
        while b:
            a, b = b, a % b
        g = a
    return g
