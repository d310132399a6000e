"""Enumerate the argument tuples that make a predicate true in a diagram.

For the rule matcher: given some arguments already bound (-1 marks an unbound place),
each enumerator yields complete argument tuples, true in the diagram and consistent
with the bound places, read off the `NumericIndex` classes. `estimate` tells the
planner how many tuples to expect, or None when the pattern is not supported (the
planner then binds a variable by iteration instead).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import permutations, product

from .numeric_index import NumericIndex

Partial = Sequence[int]
Tuple = tuple[int, ...]


def _fill(partial: Partial, pool: Sequence[int], repeat: bool = False) -> list[Tuple]:
    """Complete `partial` with points of `pool` in every order (distinct unless `repeat`)."""
    holes = [k for k, p in enumerate(partial) if p < 0]
    used = {p for p in partial if p >= 0}
    if not all(p in pool for p in used):
        return []
    free = list(pool) if repeat else [q for q in pool if q not in used]
    if len(holes) == 1:  # the common case, without a product or permutations object
        h = holes[0]
        pre, post = tuple(partial[:h]), tuple(partial[h + 1:])
        return [(*pre, q, *post) for q in free]
    choices = product(free, repeat=len(holes)) if repeat else permutations(free, len(holes))
    out = []
    for choice in choices:
        filled = list(partial)
        for k, q in zip(holes, choice, strict=True):
            filled[k] = q
        out.append(tuple(filled))
    return out


def _match_pair(pair: tuple[int, int], want: tuple[int, int]) -> bool:
    return (want[0] < 0 or want[0] == pair[0]) and (want[1] < 0 or want[1] == pair[1])


# ---------------------------------------------------------------- point sets


def _bound_count(partial: Partial) -> int:
    return sum(1 for p in partial if p >= 0)


def _ordered(k: int, r: int) -> int:
    out = 1
    for i in range(r):
        out *= max(k - i, 0)
    return out


def _tuples(k: int, r: int, repeat: bool) -> int:
    return k ** r if repeat else _ordered(k, r)


def est_coll(ix: NumericIndex, bound: Sequence[bool], repeat: bool = False) -> float:
    k = sum(bound)
    free = len(bound) - k
    if k >= 2:
        return 2.0 ** free if repeat else 2.0
    total = sum(_tuples(len(ln), len(bound), repeat) for ln in ix.long_lines)
    return total / (ix.n if k == 1 else 1)


def _distinct_fixed(partial: Partial) -> list[int]:
    return list(dict.fromkeys(p for p in partial if p >= 0))


def gen_coll(ix: NumericIndex, partial: Partial, repeat: bool = False) -> Iterable[Tuple]:
    fixed = _distinct_fixed(partial)
    if len(fixed) >= 2:
        line = ix.line_of[fixed[0], fixed[1]]
        return _fill(partial, ix.lines[line], repeat) if line >= 0 else ()
    lines = ix.lines_through[fixed[0]] if fixed else range(len(ix.lines))
    return (t for lid in lines if len(ix.lines[lid]) >= 3
            for t in _fill(partial, ix.lines[lid], repeat))


def est_cyclic(ix: NumericIndex, bound: Sequence[bool], repeat: bool = False) -> float:
    k = sum(bound)
    free = len(bound) - k
    if k >= 3:
        return 3.0 ** free if repeat else 2.0
    total = sum(_tuples(len(c), len(bound), repeat) for c in ix.circles)
    return total / (ix.n ** k)


def gen_cyclic(ix: NumericIndex, partial: Partial, repeat: bool = False) -> Iterable[Tuple]:
    fixed = _distinct_fixed(partial)
    if len(fixed) >= 3:
        cid = ix.circle_of(fixed[0], fixed[1], fixed[2])
        return _fill(partial, ix.circles[cid], repeat) if cid >= 0 else ()
    circles = ix.circles_through[fixed[0]] if fixed else range(len(ix.circles))
    return (t for cid in circles for t in _fill(partial, ix.circles[cid], repeat))


# ---------------------------------------------------------------- two segments


@dataclass(frozen=True)
class _ClassKind:
    """Direction classes (para/perp/angles) or length classes (cong/ratios)."""

    matrix: str
    members: str


_DIR = _ClassKind("dir_class", "dir_members")
_LEN = _ClassKind("len_class", "len_members")


def _class_members(ix: NumericIndex, kind: _ClassKind, cls: int) -> list[tuple[int, int]]:
    if cls < 0:
        return []
    return getattr(ix, kind.members).get(cls, [])


def _avg_class(ix: NumericIndex, kind: _ClassKind) -> float:
    members = getattr(ix, kind.members)
    if not members:
        return 1.0
    return sum(len(m) ** 2 for m in members.values()) / sum(len(m) for m in members.values())


def _two_segment(kind: _ClassKind, related: Callable[[NumericIndex, int], int]):
    """Enumerator pair for `rel(seg1, seg2)`, where seg2's class is related(seg1's class)."""

    def estimate(ix: NumericIndex, bound: Sequence[bool]) -> float | None:
        if (bound[0] and bound[1]) or (bound[2] and bound[3]):
            return _avg_class(ix, kind)
        if not any(bound):
            return float(sum(len(m) ** 2 for m in getattr(ix, kind.members).values()))
        return None

    def generate(ix: NumericIndex, partial: Partial, repeat: bool = False) -> Iterator[Tuple]:
        mat = getattr(ix, kind.matrix)
        if partial[0] >= 0 and partial[1] >= 0:
            cls = related(ix, int(mat[partial[0], partial[1]]))
            want = (partial[2], partial[3])
            for pair in _class_members(ix, kind, cls):
                if _match_pair(pair, want):
                    yield (partial[0], partial[1], *pair)
            return
        if partial[2] >= 0 and partial[3] >= 0:
            # Both relations (same class, perpendicular class) are symmetric.
            cls = related(ix, int(mat[partial[2], partial[3]]))
            want = (partial[0], partial[1])
            for pair in _class_members(ix, kind, cls):
                if _match_pair(pair, want):
                    yield (*pair, partial[2], partial[3])
            return
        for cls, members in getattr(ix, kind.members).items():
            other = _class_members(ix, kind, related(ix, cls))
            for p1 in members:
                for p2 in other:
                    yield (*p1, *p2)

    return estimate, generate


def _same(ix: NumericIndex, cls: int) -> int:
    return cls


def _perpendicular(ix: NumericIndex, cls: int) -> int:
    return ix.dir_class_of_value(ix.dir_value[cls] + math.pi / 2)


est_para, gen_para = _two_segment(_DIR, _same)
est_perp, gen_perp = _two_segment(_DIR, _perpendicular)
est_cong, gen_cong = _two_segment(_LEN, _same)


# ---------------------------------------------------------------- four segments


def _segments_bound(bound: Sequence[bool]) -> list[bool]:
    return [bound[i] and bound[i + 1] for i in range(0, 8, 2)]


def _four_segment(kind: _ClassKind, solve: Callable[[NumericIndex, list, int], int]):
    """`x1 - x2 = x3 - x4` (angles) or `x1 / x2 = x3 / x4` (ratios) over four segments.

    Any three bound segments determine the class of the fourth (`solve`).
    """

    def estimate(ix: NumericIndex, bound: Sequence[bool]) -> float | None:
        if sum(_segments_bound(bound)) >= 3:
            return _avg_class(ix, kind)
        return None

    def generate(ix: NumericIndex, partial: Partial, repeat: bool = False) -> Iterator[Tuple]:
        mat = getattr(ix, kind.matrix)
        segs = [(partial[i], partial[i + 1]) for i in range(0, 8, 2)]
        known = [s[0] >= 0 and s[1] >= 0 for s in segs]
        missing = known.index(False) if not all(known) else 3
        classes = [int(mat[s[0], s[1]]) if k else -1 for s, k in zip(segs, known, strict=True)]
        cls = solve(ix, classes, missing)
        for pair in _class_members(ix, kind, cls):
            if _match_pair(pair, segs[missing]):
                out = list(partial)
                out[2 * missing], out[2 * missing + 1] = pair
                yield tuple(out)

    return estimate, generate


def _solve_angle(ix: NumericIndex, classes: list[int], missing: int) -> int:
    t = [ix.dir_value[c] if c >= 0 else 0.0 for c in classes]
    # t1 - t0 = t3 - t2
    value = {0: t[1] - t[3] + t[2], 1: t[0] + t[3] - t[2],
             2: t[3] - t[1] + t[0], 3: t[1] - t[0] + t[2]}[missing]
    return ix.dir_class_of_value(value)


def _solve_ratio(ix: NumericIndex, classes: list[int], missing: int) -> int:
    v = [ix.len_value[c] if c >= 0 else 1.0 for c in classes]
    # v0 * v3 = v1 * v2
    value = {0: v[1] * v[2] / v[3], 1: v[0] * v[3] / v[2],
             2: v[0] * v[3] / v[1], 3: v[1] * v[2] / v[0]}[missing]
    return ix.len_class_of_value(value)


est_eqangle, gen_eqangle = _four_segment(_DIR, _solve_angle)
est_eqratio, gen_eqratio = _four_segment(_LEN, _solve_ratio)


def _constant(kind: _ClassKind, solve: Callable[[NumericIndex, int, Fraction, bool], int]):
    """`aconst`/`rconst`: one bound segment and the value give the other's class."""

    def estimate(ix: NumericIndex, bound: Sequence[bool]) -> float | None:
        seg = _segments_bound(list(bound) + [False] * (8 - len(bound)))
        return _avg_class(ix, kind) if seg[0] or seg[1] else None

    def generate(ix: NumericIndex, partial: Partial, value: Fraction) -> Iterator[Tuple]:
        mat = getattr(ix, kind.matrix)
        if partial[0] >= 0 and partial[1] >= 0:
            cls = solve(ix, int(mat[partial[0], partial[1]]), value, True)
            want, keep = (partial[2], partial[3]), (partial[0], partial[1])
            for pair in _class_members(ix, kind, cls):
                if _match_pair(pair, want):
                    yield (*keep, *pair)
        else:
            cls = solve(ix, int(mat[partial[2], partial[3]]), value, False)
            want, keep = (partial[0], partial[1]), (partial[2], partial[3])
            for pair in _class_members(ix, kind, cls):
                if _match_pair(pair, want):
                    yield (*pair, *keep)

    return estimate, generate


def _solve_aconst(ix: NumericIndex, cls: int, value: Fraction, forward: bool) -> int:
    shift = float(value) * math.pi
    theta = ix.dir_value[cls] + (shift if forward else -shift)
    return ix.dir_class_of_value(theta)


def _solve_rconst(ix: NumericIndex, cls: int, value: Fraction, forward: bool) -> int:
    length = ix.len_value[cls]
    return ix.len_class_of_value(length / float(value) if forward else length * float(value))


est_aconst, gen_aconst = _constant(_DIR, _solve_aconst)
est_rconst, gen_rconst = _constant(_LEN, _solve_rconst)


# ---------------------------------------------------------------- midpoints, centres


def est_midp(ix: NumericIndex, bound: Sequence[bool]) -> float | None:
    if bound[0] or (bound[1] and bound[2]):
        return 2.0
    if not any(bound):
        return float(sum(len(p) for p in ix.midpoint_pairs))
    return None


def gen_midp(ix: NumericIndex, partial: Partial, repeat: bool = False) -> Iterator[Tuple]:
    m, a, b = partial
    if a >= 0 and b >= 0:
        mid = int(ix.midpoint[a, b])
        if mid >= 0 and (m < 0 or m == mid):
            yield (mid, a, b)
        return
    mids = [m] if m >= 0 else range(ix.n)
    for mid in mids:
        for pair in ix.midpoint_pairs[mid]:
            if _match_pair(pair, (a, b)):
                yield (mid, *pair)


def est_circle(ix: NumericIndex, bound: Sequence[bool]) -> float | None:
    if bound[0] and any(bound[1:]):
        return _avg_class(ix, _LEN) / 2
    if all(bound[1:]):
        return 1.0
    return None


def gen_circle(ix: NumericIndex, partial: Partial, repeat: bool = False) -> Iterator[Tuple]:
    o = partial[0]
    rest = list(partial[1:])
    if o < 0:
        from .predicates.spec import circumcenter

        z = ix.z
        center = circumcenter(complex(z[rest[0]]), complex(z[rest[1]]), complex(z[rest[2]]))
        if center is None:
            return
        o = ix.point_at(center)
        if o >= 0 and o not in rest:
            yield (o, *rest)
        return
    anchor = next(p for p in rest if p >= 0)
    cls = int(ix.len_class[o, anchor])
    pool = sorted({b for a, b in _class_members(ix, _LEN, cls) if a == o})
    for t in _fill(rest, pool, repeat):
        yield (o, *t)


# ---------------------------------------------------------------- triangles


def _triangle_pair(mirrored: bool, congruent: bool):
    def estimate(ix: NumericIndex, bound: Sequence[bool]) -> float | None:
        if all(bound[:3]) or all(bound[3:]):
            return 2.0
        if not any(bound):
            return ix.triangle_pair_count(mirrored)
        return None

    def estimate_seeded(ix: NumericIndex, bound: Sequence[bool]) -> float | None:
        # Incremental matching binds a new point first: the pairs holding it (the
        # generator reads them off an index by vertex).
        est = estimate(ix, bound)
        if est is None:
            est = estimate(ix, [False] * 6)
            assert est is not None
            est /= ix.n ** min(sum(bound), 2)
        return est

    def generate(ix: NumericIndex, partial: Partial, repeat: bool = False) -> Iterator[Tuple]:
        first = (partial[0], partial[1], partial[2])
        second = (partial[3], partial[4], partial[5])
        if min(first) >= 0:
            for t in ix.triangle_partners(mirrored, congruent, first):
                if all(w < 0 or w == x for w, x in zip(second, t, strict=True)):
                    yield (*first, *t)
        elif min(second) >= 0:
            # Both relations are symmetric: the partners of the second triangle.
            for s in ix.triangle_partners(mirrored, congruent, second):
                if all(w < 0 or w == x for w, x in zip(first, s, strict=True)):
                    yield (*s, *second)
        elif max(partial) >= 0:
            pos = next(k for k, w in enumerate(partial) if w >= 0)
            for pair in ix.triangle_pairs_at(mirrored, congruent, pos, partial[pos]):
                if all(w < 0 or w == x for w, x in zip(partial, pair, strict=True)):
                    yield pair
        else:
            yield from ix.triangle_pairs(mirrored, congruent)

    return estimate, estimate_seeded, generate


est_simtri, seeded_simtri, gen_simtri = _triangle_pair(False, False)
est_simtri2, seeded_simtri2, gen_simtri2 = _triangle_pair(True, False)
est_contri, seeded_contri, gen_contri = _triangle_pair(False, True)
est_contri2, seeded_contri2, gen_contri2 = _triangle_pair(True, True)


ESTIMATES = {
    "coll": est_coll, "cyclic": est_cyclic, "para": est_para, "perp": est_perp,
    "cong": est_cong, "eqangle": est_eqangle, "eqratio": est_eqratio, "midp": est_midp,
    "circle": est_circle, "aconst": est_aconst, "rconst": est_rconst,
    "simtri": est_simtri, "simtri2": est_simtri2, "contri": est_contri,
    "contri2": est_contri2,
}
# Plans seeded with a new point (incremental matching) may also use these; plans from
# scratch keep ESTIMATES alone, so their join orders (and instance order) never change.
SEEDED_ESTIMATES = {**ESTIMATES, "simtri": seeded_simtri, "simtri2": seeded_simtri2,
                    "contri": seeded_contri, "contri2": seeded_contri2}
GENERATORS = {
    "coll": gen_coll, "cyclic": gen_cyclic, "para": gen_para, "perp": gen_perp,
    "cong": gen_cong, "eqangle": gen_eqangle, "eqratio": gen_eqratio, "midp": gen_midp,
    "circle": gen_circle, "simtri": gen_simtri, "simtri2": gen_simtri2,
    "contri": gen_contri, "contri2": gen_contri2,
}
VALUE_GENERATORS = {"aconst": gen_aconst, "rconst": gen_rconst}
