"""Fast numeric truth of predicates on point indices, read off a `NumericIndex`.

These mirror `symbolic.predicates` (which work on named complex coordinates) but use
the index's equality classes, so a check is a few table look-ups. Each function takes
the index, the point indices and, for aconst/rconst, the value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction

from .numeric_index import NumericIndex
from .predicates.spec import ANGLE_TOLERANCE, RELATIVE_TOLERANCE

Check = Callable[[NumericIndex, Sequence[int], Fraction | None], bool]


def _theta(ix: NumericIndex, a: int, b: int) -> float:
    return ix.dir_value[int(ix.dir_class[a, b])]


def _length(ix: NumericIndex, a: int, b: int) -> float:
    return ix.len_value[int(ix.len_class[a, b])]


def angle_gap(x: float) -> float:
    """Distance of x from the nearest multiple of pi."""
    x = math.fmod(x, math.pi)
    return min(abs(x), math.pi - abs(x))


def coll(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    p = list(dict.fromkeys(p))
    if len(p) < 3:
        return True
    line = ix.line_of[p[0], p[1]]
    return all(ix.line_of[p[0], q] == line for q in p[2:])


def cyclic(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    p = list(dict.fromkeys(p))
    if len(p) < 4:
        return True
    cid = ix.circle_of(p[0], p[1], p[2])
    if cid < 0:
        return False
    members = ix._circle_sets[cid]
    return all(q in members for q in p[3:])


def para(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    return bool(ix.dir_class[p[0], p[1]] == ix.dir_class[p[2], p[3]])


def perp(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    return angle_gap(_theta(ix, p[0], p[1]) - _theta(ix, p[2], p[3]) - math.pi / 2) \
        < 4 * ANGLE_TOLERANCE


def cong(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    return bool(ix.len_class[p[0], p[1]] == ix.len_class[p[2], p[3]])


def eqangle(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    t = [_theta(ix, p[i], p[i + 1]) for i in range(0, 8, 2)]
    return angle_gap((t[1] - t[0]) - (t[3] - t[2])) < 4 * ANGLE_TOLERANCE


def eqratio(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    ln = [_length(ix, p[i], p[i + 1]) for i in range(0, 8, 2)]
    lhs, rhs = ln[0] * ln[3], ln[1] * ln[2]
    return abs(lhs - rhs) <= 8 * RELATIVE_TOLERANCE * max(lhs, rhs)


def prodratio(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    ln = [_length(ix, p[i], p[i + 1]) for i in range(0, 12, 2)]
    num, den = ln[0] * ln[2] * ln[4], ln[1] * ln[3] * ln[5]
    return abs(num - den) <= 16 * RELATIVE_TOLERANCE * max(num, den)


def midp(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    return bool(ix.midpoint[p[1], p[2]] == p[0])


def circle(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    c = ix.len_class[p[0], p[1]]
    return all(ix.len_class[p[0], q] == c for q in p[2:])


def aconst(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    assert v is not None
    return angle_gap(_theta(ix, p[2], p[3]) - _theta(ix, p[0], p[1]) - float(v) * math.pi) \
        < 4 * ANGLE_TOLERANCE


def rconst(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    assert v is not None
    a, b = _length(ix, p[0], p[1]), float(v) * _length(ix, p[2], p[3])
    return abs(a - b) <= 8 * RELATIVE_TOLERANCE * max(a, b)


def _shape_equal(ix: NumericIndex, p: Sequence[int], mirrored: bool) -> bool:
    z = ix.z
    a, b, c, x, y, w = (complex(z[i]) for i in p)
    if a == b or x == y:
        return False
    s1, s2 = (c - a) / (b - a), (w - x) / (y - x)
    if mirrored:
        s2 = s2.conjugate()
    return abs(s1 - s2) <= 100 * RELATIVE_TOLERANCE * max(1.0, abs(s1))


def simtri(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    return ncoll(ix, p[:3]) and _shape_equal(ix, p, False)


def simtri2(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    return ncoll(ix, p[:3]) and _shape_equal(ix, p, True)


def contri(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    return simtri(ix, p) and cong(ix, (p[0], p[1], p[3], p[4]))


def contri2(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    return simtri2(ix, p) and cong(ix, (p[0], p[1], p[3], p[4]))


def ncoll(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    if len(set(p)) < 3:
        return False
    return not coll(ix, p)


def npara(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    return not para(ix, p)


def nperp(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    return not perp(ix, p)


def ncong(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    return not cong(ix, p)


def diff(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    return p[0] != p[1]


def sameside(ix: NumericIndex, p: Sequence[int], v: Fraction | None = None) -> bool:
    z = ix.z
    a, b, c, x, y, w = (complex(z[i]) for i in p)
    s1 = ((b - a).conjugate() * (c - a)).real
    s2 = ((y - x).conjugate() * (w - x)).real
    return s1 * s2 > 0


CHECKS: dict[str, Check] = {
    "coll": coll, "cyclic": cyclic, "para": para, "perp": perp, "cong": cong,
    "eqangle": eqangle, "eqratio": eqratio, "prodratio": prodratio, "midp": midp, "circle": circle,
    "aconst": aconst, "rconst": rconst, "simtri": simtri, "simtri2": simtri2,
    "contri": contri, "contri2": contri2, "ncoll": ncoll, "npara": npara,
    "nperp": nperp, "ncong": ncong, "diff": diff, "sameside": sameside,
}
