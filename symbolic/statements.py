"""Statements: canonical facts over point indices, and how each kind is established.

A statement is a tuple `(predicate, arg, arg, ...)` in the canonical form of
`symbolic.predicates` (points as integers; aconst/rconst keep their value text last).
Kinds say which part of the engine decides a statement:

* `coll`, `cyclic`: the incidence structures (collinear lines, concyclic circles);
* angle kinds (para, perp, eqangle, aconst): the angle table of the algebra engine;
* ratio kinds (cong, eqratio, rconst): the ratio table (logarithms of lengths);
* everything else (midp, circle, simtri, contri, ...): rules only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from . import predicates
from .algebra import Coeffs, Equation
from .predicates.spec import parse_angle_value, parse_ratio_value
from .problem import Atom

Stmt = tuple  # (predicate, *canonical args)

ANGLE_KINDS = frozenset({"para", "perp", "eqangle", "aconst"})
RATIO_KINDS = frozenset({"cong", "eqratio", "rconst", "prodratio"})
STRUCTURE_KINDS = frozenset({"coll", "cyclic"})


def make(predicate: str, args: Sequence) -> Stmt:
    """Canonical statement for a predicate applied to (integer) arguments."""
    name, canon = predicates.canonical(predicate, tuple(args))
    return (name, *canon)


def is_trivial(stmt: Stmt) -> bool:
    """True for statements that hold by their form alone (e.g. `cong a b a b`)."""
    pred, args = stmt[0], stmt[1:]
    if pred == "coll":
        return len(args) < 3
    if pred == "cyclic":
        return len(args) < 4
    if pred in ("cong", "para"):
        return args[0:2] == args[2:4]
    if pred in ("eqangle", "eqratio"):
        segs = [args[i:i + 2] for i in range(0, 8, 2)]
        return sorted([segs[0], segs[3]]) == sorted([segs[1], segs[2]])
    if pred in ("simtri", "simtri2", "contri", "contri2"):
        return args[:3] == args[3:]
    if pred == "prodratio":
        segs = [args[i:i + 2] for i in range(0, 12, 2)]
        return sorted(segs[0::2]) == sorted(segs[1::2])
    return False


def from_atom(atom: Atom, index: dict[str, int]) -> Stmt:
    spec = predicates.lookup(atom.predicate)
    assert spec is not None
    n_points = len(atom.args) - (1 if spec.has_value else 0)
    args = [index[a] for a in atom.args[:n_points]] + list(atom.args[n_points:])
    return make(spec.name, args)


def to_atom(stmt: Stmt, names: Sequence[str]) -> Atom:
    pred = stmt[0]
    spec = predicates.lookup(pred)
    assert spec is not None
    args = stmt[1:]
    if spec.has_value:
        return Atom(pred, tuple(names[a] for a in args[:-1]) + (str(args[-1]),))
    return Atom(pred, tuple(names[a] for a in args))


def to_text(stmt: Stmt, names: Sequence[str]) -> str:
    return to_atom(stmt, names).to_text()


def points_of(stmt: Stmt) -> tuple[int, ...]:
    spec = predicates.lookup(stmt[0])
    assert spec is not None
    args = stmt[1:]
    return tuple(args[:-1] if spec.has_value else args)


def kind(stmt: Stmt) -> str:
    pred = stmt[0]
    if pred in ANGLE_KINDS:
        return "angle"
    if pred in RATIO_KINDS:
        return "ratio"
    if pred in STRUCTURE_KINDS:
        return pred
    return "rule"


# ---------------------------------------------------------------- equations


# Each angle or ratio statement is a signed sum over its segments (by position):
# the directed angle from line ab to line cd is v(cd) - v(ab); ratios are log-lengths.
_SIGNS: dict[str, tuple[int, ...]] = {
    "para": (1, -1),
    "perp": (-1, 1),
    "eqangle": (-1, 1, 1, -1),
    "aconst": (-1, 1),
    "cong": (1, -1),
    "eqratio": (1, -1, -1, 1),
    "rconst": (1, -1),
    "prodratio": (1, -1, 1, -1, 1, -1),
}


def _signed_sum(stmt: Stmt, var: Callable[[int, int], int]) -> Coeffs:
    # integer coefficients: the search maps them into its field, exact systems into
    # fractions, and building Fractions here was a measurable share of the prover's time
    pred, args = stmt[0], stmt[1:]
    coeffs: Coeffs = {}
    for k, sign in enumerate(_SIGNS[pred]):
        v = var(args[2 * k], args[2 * k + 1])
        coeffs[v] = coeffs.get(v, 0) + sign
    return {v: c for v, c in coeffs.items() if c}


def angle_equation(stmt: Stmt, line_var: Callable[[int, int], int]) -> Equation:
    """`stmt` as a linear equation over line directions, in units of pi modulo 1."""
    pred = stmt[0]
    if pred not in ANGLE_KINDS:
        raise ValueError(f"{pred} is not an angle statement")
    const = Fraction(0)
    if pred == "perp":
        const = Fraction(-1, 2)
    elif pred == "aconst":
        value = parse_angle_value(str(stmt[5]))
        assert value is not None
        const = -value
    return Equation(_signed_sum(stmt, line_var), const % 1)


def _log_value(value: Fraction) -> dict[int, Fraction]:
    """log(value) as a combination of log-primes, keyed by -prime (never a pivot)."""
    out: dict[int, Fraction] = {}
    for number, sign in ((value.numerator, 1), (value.denominator, -1)):
        n, p = number, 2
        while n > 1:
            while n % p == 0:
                out[-p] = out.get(-p, Fraction(0)) + sign
                n //= p
            p += 1 if p == 2 else 2
            if p * p > n and n > 1:
                out[-n] = out.get(-n, Fraction(0)) + sign
                break
    return {k: v for k, v in out.items() if v}


def ratio_equation(stmt: Stmt, segment_var: Callable[[int, int], int]) -> Equation:
    """`stmt` as a linear equation over logarithms of lengths."""
    pred = stmt[0]
    if pred not in RATIO_KINDS:
        raise ValueError(f"{pred} is not a ratio statement")
    coeffs = _signed_sum(stmt, segment_var)
    if pred == "rconst":
        value = parse_ratio_value(str(stmt[5]))
        assert value is not None
        for k, c in _log_value(value).items():
            coeffs[k] = coeffs.get(k, Fraction(0)) - c
    return Equation({k: v for k, v in coeffs.items() if v})


LENGTH_KINDS = frozenset({"cong", "rconst"})


def length_equation(stmt: Stmt, segment_var: Callable[[int, int], int]) -> Equation:
    """`stmt` as a linear equation over (unsigned) lengths: additive length chasing."""
    pred, args = stmt[0], stmt[1:]
    a, b = segment_var(args[0], args[1]), segment_var(args[2], args[3])
    if pred == "cong":
        factor = Fraction(1)
    elif pred == "rconst":
        value = parse_ratio_value(str(args[4]))
        assert value is not None
        factor = value
    else:
        raise ValueError(f"{pred} is not a length statement")
    coeffs = {a: Fraction(1)}
    coeffs[b] = coeffs.get(b, Fraction(0)) - factor
    return Equation({k: v for k, v in coeffs.items() if v})


def betweenness_equation(x: int, y: int, z: int,
                         segment_var: Callable[[int, int], int]) -> Equation:
    """`xy + yz = xz`, for y between x and z on a line."""
    return Equation({segment_var(x, y): Fraction(1), segment_var(y, z): Fraction(1),
                     segment_var(x, z): Fraction(-1)})


def segment_pairs(stmt: Stmt) -> list[tuple[int, int]]:
    """The point pairs (segments or lines) an angle/ratio statement talks about."""
    args = points_of(stmt)
    return [(args[i], args[i + 1]) for i in range(0, len(args) - 1, 2)]
