"""Problem-language dialects: AlphaGeometry's (the default) and Newclid's.

Newclid's problem files (its `problems_datasets/`) are AlphaGeometry's language plus:

* constructions and goal predicates only Newclid defines (`iso_trapezoid`, `eqratio6`,
  `between`, `lconst`, `sameclock`, `lequation`, ...): in the construction table and the
  predicate registry, accepted in every file;
* angles written `60o` (degrees) or `1pi/3` (a fraction of pi), accepted everywhere;
* auxiliary clauses after `|` (read as ordinary clauses) and several goals after `?`,
  separated by `;` (all must hold), accepted everywhere;
* `parallelogram` and `square` with their new points written first (`x = parallelogram
  x a b c`, `x y = square x y a b`): where AlphaGeometry's order makes no sense, Newclid's
  is used, in every file.

One name with two meanings: a plain number as `s_angle`'s angle is degrees in
AlphaGeometry (`s_angle a b x 60`) and a fraction of pi in Newclid (`60` is 60 pi, that is
0 modulo pi). AlphaGeometry's meaning holds unless the dialect is `newclid`.

Parsing writes every number in the unit of its table slot, so a parsed problem's
`to_text()` reads the same in either dialect.
"""

from __future__ import annotations

import re
from fractions import Fraction

from .errors import PappusError

ALPHAGEOMETRY = "alphageometry"
NEWCLID = "newclid"
DIALECTS = (ALPHAGEOMETRY, NEWCLID)
DEFAULT = ALPHAGEOMETRY

# Newclid's argument orders, where they differ from AlphaGeometry's: the new points first.
NEWCLID_SIGNATURES: dict[str, tuple[str, ...]] = {
    "parallelogram": ("x", "a", "b", "c"),
    "square": ("x", "y", "a", "b"),
}

_PI = re.compile(r"^(?P<num>-?\d*)pi(?:/(?P<den>-?\d+))?$")
_DEGREES = re.compile(r"^-?\d+(?:\.\d+)?o$")
_PLAIN = re.compile(r"^-?\d+(?:\.\d+)?(?:/\d+)?$")


class DialectError(PappusError):
    """An unknown dialect name."""


def check(dialect: str) -> str:
    """`dialect` if it is known; a `DialectError` naming the known ones otherwise."""
    if dialect not in DIALECTS:
        raise DialectError(f"error: unknown dialect {dialect!r}\n"
                           f"  hint: one of {', '.join(DIALECTS)}")
    return dialect


def _pi_turns(text: str) -> Fraction | None:
    """`2pi/3`, `pi`, `-1pi/6` as a fraction of pi."""
    m = _PI.match(text)
    if m is None:
        return None
    num = m.group("num")
    n = -1 if num == "-" else int(num) if num else 1
    d = int(m.group("den")) if m.group("den") else 1
    return None if d == 0 else Fraction(n, d)


def _plain(text: str) -> Fraction | None:
    if not _PLAIN.match(text):
        return None
    num, _, den = text.partition("/")
    if den and int(den) == 0:
        return None
    return Fraction(num) / Fraction(den or 1)


def _text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(value)


def angle_turns(text: str, dialect: str = DEFAULT) -> Fraction | None:
    """An angle value as a fraction of pi (not reduced): `2pi/3`, `120o`, or a plain number
    (a fraction of pi in both dialects, as aconst's value is written)."""
    turns = _pi_turns(text)
    if turns is not None:
        return turns
    if _DEGREES.match(text):
        return Fraction(text[:-1]) / 180
    return _plain(text)


def number_text(kind: str, text: str, dialect: str = DEFAULT) -> str | None:
    """`text` as a construction's number argument of unit `kind`, written in that unit
    (None when it is no such number).

    kinds: `degrees` (s_angle's `%y`), `angle` (a fraction of pi), `ratio`, `length`.
    Plain numbers in AlphaGeometry's reading come back unchanged.
    """
    if kind in ("degrees", "angle"):
        plain = _plain(text)
        if plain is not None and (kind == "angle" or dialect == ALPHAGEOMETRY):
            return text
        if plain is not None:  # Newclid: s_angle's plain number is a fraction of pi
            return _text(plain * 180)
        turns = angle_turns(text, dialect)
        if turns is None:
            return None
        return _text(turns * 180) if kind == "degrees" else _text(turns)
    value = _plain(text)
    return text if value is not None and value > 0 else None


def slot_kind(slot: str) -> str:
    """The unit of a table slot: `%y` degrees, `%angle`, `%ratio`, `%length`."""
    return {"%y": "degrees", "%angle": "angle", "%ratio": "ratio",
            "%length": "length"}.get(slot, "ratio")


def goal_angle_text(text: str) -> str:
    """An angle value of a goal, written as parse_angle_value reads it (`5o` -> `1pi/36`)."""
    if not _DEGREES.match(text):
        return text
    turns = Fraction(text[:-1]) / 180
    return f"{turns.numerator}pi/{turns.denominator}"


def newclid_order(name: str, args: list[str], new_points: list[str]) -> list[int] | None:
    """For a construction written in Newclid's argument order (its new points where
    AlphaGeometry has given points), the permutation putting `args` in AlphaGeometry's
    order: `result[i]` is the index in `args` of AlphaGeometry's i-th argument."""
    order = NEWCLID_SIGNATURES.get(name)
    if order is None or len(args) != len(order):
        return None
    from .constructions import lookup

    spec = lookup(name)
    assert spec is not None
    new_here = [i for i, a in enumerate(args) if a in new_points]
    ag_new = [i for i, s in enumerate(spec.signature) if s in spec.new_points]
    nc_new = [i for i, s in enumerate(order) if s in spec.new_points]
    if new_here == ag_new or new_here != nc_new:
        return None
    return [order.index(slot) for slot in spec.signature]
