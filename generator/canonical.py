"""Canonical form of a problem, for deduplication: `canonical_id` and `canonical_text`.

Two problems get the same id exactly when one becomes the other by a combination of:

* renaming points (any bijection of names);
* an argument symmetry of a construction call: a permutation of its arguments that
  defines the same points (`midpoint x a b` = `midpoint x b a`, `circle x a b c` in any
  order of a, b, c, `intersection_ll x a b c d` = `... x d c a b`, `triangle a b c` = `triangle
  b a c`); see `construction_symmetries` for how they are found;
* an alias: constructions whose table rows agree in everything but the name (`circle` and
  `circumcenter`);
* reordering the constructions of a clause, or the points a clause declares;
* reordering clauses while every clause still comes after the points it uses;
* an argument symmetry of the goal: equal facts under `symbolic.predicates.canonical`
  (`cong a b c d` = `cong d c b a`, `eqangle` up to its symmetries, `coll` in any order);
* rewriting number arguments (`22.5` = `45/2`).

The problem's name and source position are ignored; pinned coordinates count. Everything
else distinguishes problems, in particular different constructions with the same facts
(`on_line` and `on_opline`, `psquare` and `nsquare`, `incenter` and `excenter`), and
geometrically equal points built by different constructions (`on_line x a b, on_line x c
d` and `intersection_ll x a b c d`; `on_tline h b a c, on_tline h c a b` and
`orthocenter h a b c`). Mirror images count as equal only when the symmetries above
relate their texts: relabelling a free shape may reflect it (`s_angle a b c 30` and
`s_angle b a c 30` on a segment ab are equal), but `tangent x y a o b` with x and y
exchanged, or `psquare` against `nsquare`, stay different.

Free shapes (`triangle`, `quadrangle`, `rectangle`, ...) are classes: a relabelling that
keeps their facts (up to the transitivity of `para` and `cong`) is a symmetry, even where
the drawing has more structure than the facts (`quadrangle a b c d` is drawn convex with
diagonals ac and bd, yet all 24 orders of its points are equal).

Method: colour refinement (Weisfeiler-Lehman) on the graph of points and construction
calls, with edges labelled by argument roles (orbits of the call's symmetry group), gives
every point an invariant colour. An exact search then builds the lexicographically least
clause sequence over all admissible clause orders and labellings in which points are
numbered in order of construction; colours order the search, and only points of equal
colour branch. The id is a SHA-256 of that sequence and the goal's canonical form. If
more than `MAX_BRANCHES` partial labellings tie (very symmetric problems, e.g. many free
points), the id falls back to a Weisfeiler-Lehman hash of the graph (marked `wl:` in the
hashed text), which is invariant but may merge rare non-equivalent problems.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from symbolic import predicates
from symbolic.constructions import ConstructionSpec, construction_table
from symbolic.geometry import Circle, GeometryError, HalfLine, Line, intersect
from symbolic.problem import Atom, Clause, ConstructionCall, PointDecl, PointName, Problem
from symbolic.sketches import LOCI, RANDOM_SHAPES, SHAPES

from .sampling import point_name

VERSION = "pappus-canonical-1"
# Partial labellings kept at once by the exact search before falling back to WL.
MAX_BRANCHES = 2048
# Generic configurations on which a candidate argument symmetry must hold.
TRIALS = 3
_TOL = 1e-7

Perm = tuple[int, ...]  # a call's arguments are permuted to (args[p[0]], args[p[1]], ...)
Outcome = tuple[str, Any]  # ("point", complex) | ("set", tuple of complex) | ("curve", locus)
Code = tuple[Any, ...]  # one element of a canonical form: ints, strings, tuples of them


# ---------------------------------------------------------------- construction symmetries


def _number(text: str) -> str:
    """A number argument written canonically (`22.5` and `45/2` agree)."""
    num, _, den = text.partition("/")
    try:
        return str(Fraction(num) / Fraction(den or 1))
    except (ValueError, ZeroDivisionError):
        return text


def _generic_args(spec: ConstructionSpec) -> tuple[str, ...]:
    return tuple("35" if s.startswith("%") else s for s in spec.signature)


def _on_circle(rng: random.Random, o: complex, a: complex) -> complex:
    return o + (a - o) * complex(*_unit_angle(rng))


def _unit_angle(rng: random.Random) -> tuple[float, float]:
    z = complex(rng.gauss(0, 1), rng.gauss(0, 1))
    z /= abs(z) or 1.0
    return z.real, z.imag


def _gauss(rng: random.Random) -> complex:
    return complex(rng.gauss(0, 1), rng.gauss(0, 1))


def _setup_2l1c(rng: random.Random) -> dict[str, complex]:
    o, a, c = _gauss(rng), _gauss(rng), _gauss(rng)
    return {"o": o, "a": a, "b": _on_circle(rng, o, a), "c": c}


def _setup_e5128(rng: random.Random) -> dict[str, complex]:
    b, c = _gauss(rng), _gauss(rng)
    return {"b": b, "c": c, "d": _on_circle(rng, c, b), "a": b + rng.gauss(0, 1) * (c - b) * 1j}


# Given points satisfying preconditions that random points would not.
_SETUPS: dict[str, Callable[[random.Random], dict[str, complex]]] = {
    "2l1c": _setup_2l1c, "e5128": _setup_e5128}


def _holds(atoms: Sequence[Atom], coords: dict[str, complex]) -> bool:
    scale = max((abs(p) for p in coords.values()), default=1.0) or 1.0
    try:
        return all(predicates.check(a.predicate, coords, a.args, scale) for a in atoms)
    except (KeyError, ArithmeticError, ValueError):
        return False


def _outcome(spec: ConstructionSpec, args: tuple[str, ...], coords: dict[str, complex],
             rng: random.Random | None = None) -> dict[str, Outcome]:
    """What the call defines, by new point: a point, a set of candidates, or a locus.

    Shapes are drawn with `rng` (a fixed generator when None: determined shapes ignore it).
    """
    env = spec.binding(args)

    def value(a: str) -> complex | float:
        return float(Fraction(env[a])) if a.startswith("%") else coords[env[a]]

    new = [env[p] for p in spec.new_points]
    if spec.is_shape:
        sketch = spec.sketches[0]
        made = SHAPES[sketch.name](rng or random.Random(0), *(value(a) for a in sketch.args))
        return {n: ("point", p) for n, p in zip(new, made, strict=True)}
    loci = [LOCI[s.name](*(value(a) for a in s.args)) for s in spec.sketches]
    fixed = [x for x in loci if isinstance(x, complex)]
    curves = [x for x in loci if not isinstance(x, complex)]
    if fixed:
        return {new[0]: ("point", fixed[0])}
    if len(curves) == 1:
        return {new[0]: ("curve", curves[0])}
    c1, c2 = curves[0], curves[1]
    if isinstance(c1, Line) and isinstance(c2, Line):
        c1, c2 = Line(c1.point, c1.direction), Line(c2.point, c2.direction)
    return {new[0]: ("set", tuple(intersect(c1, c2)))}


def _same_curve(u: object, v: object) -> bool:
    if type(u) is not type(v):
        return False
    if isinstance(u, Circle) and isinstance(v, Circle):
        return abs(u.center - v.center) <= _TOL and abs(u.radius - v.radius) <= _TOL
    if isinstance(u, HalfLine) and isinstance(v, HalfLine):
        return abs(u.point - v.point) <= _TOL and abs(u.direction - v.direction) <= _TOL
    if isinstance(u, Line) and isinstance(v, Line):
        return min(abs(u.direction - v.direction), abs(u.direction + v.direction)) <= _TOL \
            and u.distance(v.point) <= _TOL
    return False


def _same(u: Outcome, v: Outcome) -> bool:
    if u[0] != v[0]:
        return False
    if u[0] == "point":
        return bool(abs(u[1] - v[1]) <= _TOL)
    if u[0] == "set":
        us, vs = u[1], v[1]
        return len(us) == len(vs) and all(any(abs(p - q) <= _TOL for q in vs) for p in us)
    return _same_curve(u[1], v[1])


def _candidate_perms(spec: ConstructionSpec) -> list[Perm]:
    """Permutations of the arguments that keep new points new and numbers in place."""
    sig = spec.signature
    new = [i for i, s in enumerate(sig) if s in spec.new_points]
    given = [i for i, s in enumerate(sig) if s in spec.given_points]
    out = []
    for pn in itertools.permutations(new):
        for pg in itertools.permutations(given):
            perm = list(range(len(sig)))
            for src, dst in (*zip(new, pn, strict=True), *zip(given, pg, strict=True)):
                perm[src] = dst
            out.append(tuple(perm))
    return out


@cache
def construction_symmetries(name: str) -> tuple[Perm, ...]:
    """The argument permutations of a construction that define the same configuration.

    Candidates keep new points in new-point slots and numbers in place. For a construction
    whose new points are determined by its inputs, or drawn on one locus or among the
    meeting points of two loci, a candidate is kept when, on several generic inputs, the
    permuted call gives numerically the same points (or the same locus, or the same set of
    candidates) under the same names: this is the geometry, not only the table's facts
    (the facts of `excenter` are symmetric in a, b, c; the point is not). For shapes drawn
    at random (`triangle`, `iso_triangle`, `eqangle2`, ...), where the configuration is a
    random member of a class, a candidate is kept when the permuted call's preconditions
    and facts are the original ones up to the transitivity of `para` and `cong` (so the
    prover gets the same premises), and hold on random drawings of the original call. The
    identity comes first.
    """
    spec = construction_table()[name]
    args = _generic_args(spec)
    rng = random.Random(20240917)
    random_shape = spec.is_shape and spec.sketches[0].name in RANDOM_SHAPES
    samples: list[tuple[dict[str, complex], dict[str, Outcome]]] = []
    for _ in range(40 * TRIALS):
        if len(samples) == TRIALS:
            break
        coords = _SETUPS[name](rng) if name in _SETUPS else {
            g: _gauss(rng) for g in spec.given_points}
        if not _holds(spec.instantiate(spec.preconditions, args), coords):
            continue
        try:
            if random_shape:
                made = _outcome(spec, args, coords, rng)
                samples.append(({**coords, **{n: complex(v[1]) for n, v in made.items()}}, {}))
            else:
                samples.append((coords, _outcome(spec, args, coords)))
        except GeometryError:
            continue
    if len(samples) < TRIALS:  # cannot be checked: only the identity
        return (tuple(range(len(args))),)
    kept = []
    for perm in _candidate_perms(spec):
        permuted = tuple(args[i] for i in perm)
        if all(_symmetric(spec, permuted, coords, base, random_shape)
               for coords, base in samples):
            kept.append(perm)
    return tuple(kept)


def _fact_form(atoms: Sequence[Atom]) -> tuple[frozenset[object], ...]:
    """A set of facts up to the transitivity of `para` and `cong` (for comparing sets).

    Segments in one `para` (resp. `cong`) class, `perp` between `para` classes, and the
    other facts in their canonical form.
    """
    parent: dict[tuple[str, object], tuple[str, object]] = {}

    def find(x: tuple[str, object]) -> tuple[str, object]:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    perps: list[tuple[tuple[str, object], tuple[str, object]]] = []
    others: set[object] = set()
    for atom in atoms:
        name, args = predicates.canonical(atom.predicate, atom.args)
        if name in ("para", "cong"):
            x, y = (name, args[:2]), (name, args[2:])
            parent.setdefault(x, x)
            parent.setdefault(y, y)
            parent[find(x)] = find(y)
        elif name == "perp":
            perps.append((("para", args[:2]), ("para", args[2:])))
        else:
            others.add((name, args))
    classes: dict[tuple[str, object], set[object]] = {}
    for seg in list(parent):
        classes.setdefault(find(seg), set()).add(seg)
    frozen = {x: frozenset(members) for members in classes.values() for x in members}

    def cls(x: tuple[str, object]) -> frozenset[object]:
        return frozen.get(x, frozenset({x}))

    return (frozenset(frozen.values()), frozenset(frozenset({cls(x), cls(y)}) for x, y in perps),
            frozenset(others))


def _symmetric(spec: ConstructionSpec, permuted: tuple[str, ...], coords: dict[str, complex],
               base: dict[str, Outcome], random_shape: bool) -> bool:
    if random_shape:
        moved = [*spec.instantiate(spec.preconditions, permuted),
                 *spec.instantiate(spec.facts, permuted)]
        args = _generic_args(spec)
        original = [*spec.instantiate(spec.preconditions, args),
                    *spec.instantiate(spec.facts, args)]
        return _fact_form(moved) == _fact_form(original) and _holds(moved, coords)
    try:
        got = _outcome(spec, permuted, coords)
    except GeometryError:
        return False
    return got.keys() == base.keys() and all(_same(got[k], base[k]) for k in base)


def _orbits(group: Sequence[Perm], n: int) -> tuple[int, ...]:
    """Role of each argument slot: the least slot of its orbit under the group."""
    role = list(range(n))
    changed = True
    while changed:
        changed = False
        for perm in group:
            for i, j in enumerate(perm):
                r = min(role[i], role[j])
                if role[i] != r or role[j] != r:
                    role[i] = role[j] = r
                    changed = True
    return tuple(role)


@cache
def aliases() -> dict[str, str]:
    """Each construction's canonical name: rows equal but for the name share one."""
    groups: dict[Code, list[str]] = {}
    for name, spec in construction_table().items():
        key = (spec.signature, spec.new_points, spec.preconditions, spec.facts, spec.sketches)
        groups.setdefault(key, []).append(name)
    return {name: min(names) for names in groups.values() for name in names}


# ---------------------------------------------------------------- the problem as data


@dataclass(frozen=True)
class _Call:
    name: str
    args: tuple[str, ...]  # point names, and numbers written canonically
    points: tuple[bool, ...]  # whether each slot holds a point
    group: tuple[Perm, ...]
    roles: tuple[int, ...]

    def code(self, labels: dict[str, int]) -> Code:
        enc = [labels[a] if pt else a for a, pt in zip(self.args, self.points, strict=True)]
        return (self.name, min(tuple(enc[i] for i in perm) for perm in self.group))


@dataclass(frozen=True)
class _Clause:
    new: tuple[PointName, ...]
    pinned: dict[PointName, tuple[float, float] | tuple[()]]
    calls: tuple[_Call, ...]
    needs: frozenset[PointName]


@cache
def _call_info(name: str) -> tuple[str, tuple[bool, ...], tuple[Perm, ...], tuple[int, ...]]:
    """Alias, point slots, symmetry group and slot roles of a construction."""
    spec = construction_table()[name]
    points = tuple(not s.startswith("%") for s in spec.signature)
    group = construction_symmetries(name)
    return aliases()[name], points, group, _orbits(group, len(points))


def _calls(clause: Clause) -> tuple[_Call, ...]:
    table = construction_table()
    out = []
    for call in clause.constructions:
        spec = table.get(call.name)
        if spec is None or len(call.args) != len(spec.signature):
            raise ValueError(f"cannot canonicalise construction {call.to_text()!r}")
        alias, points, group, roles = _call_info(call.name)
        args = tuple(a if pt else _number(a) for a, pt in zip(call.args, points, strict=True))
        out.append(_Call(alias, args, points, group, roles))
    return tuple(out)


def _clauses(problem: Problem) -> list[_Clause]:
    out = []
    for clause in problem.clauses:
        calls = _calls(clause)
        new = clause.point_names
        needs = {a for c in calls for a, pt in zip(c.args, c.points, strict=True) if pt}
        pinned = {p.name: (p.pinned if p.pinned is not None else ()) for p in clause.points}
        out.append(_Clause(new, pinned, calls, frozenset(needs - set(new))))
    return out


def _goal_parts(goal: Atom) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Predicate name, point arguments, value arguments of a goal."""
    spec = predicates.lookup(goal.predicate)
    if spec is None:
        raise ValueError(f"unknown goal predicate {goal.predicate!r}")
    if spec.has_value:
        return spec.name, goal.args[:-1], goal.args[-1:]
    return spec.name, goal.args, ()


# ---------------------------------------------------------------- colour refinement


def _refine(clauses: list[_Clause], goal: Atom | None,
            history: list[object] | None = None) -> dict[str, int]:
    """Invariant colours of the points; `history` collects each round (a WL hash's input)."""
    calls = [c for cl in clauses for c in cl.calls]
    pinned = {p: pin for cl in clauses for p, pin in cl.pinned.items()}
    goal_name, goal_points, _ = _goal_parts(goal) if goal else ("", (), ())
    sig: dict[object, object] = {p: ("p", pin) for p, pin in pinned.items()}
    for k, c in enumerate(calls):
        sig[k] = ("c", c.name, tuple(a for a, pt in zip(c.args, c.points, strict=True)
                                     if not pt))
    sig["?"] = ("g", goal_name)  # a value (aconst 1pi/3) is not invariant: only in the code
    n_classes = -1
    for _ in range(len(sig) + 1):
        ranks = {s: i for i, s in enumerate(sorted(set(sig.values())))}  # type: ignore[type-var]
        colour = {node: ranks[s] for node, s in sig.items()}
        if history is not None:
            history.append(sorted(sig.values()))  # type: ignore[type-var]
        if len(ranks) == n_classes:
            break
        n_classes = len(ranks)
        inc: dict[object, list[tuple[int, int]]] = {p: [] for p in pinned}
        new_sig: dict[object, object] = {}
        for k, c in enumerate(calls):
            edges = []
            for a, pt, role in zip(c.args, c.points, c.roles, strict=True):
                if pt:
                    edges.append((role, colour[a]))
                    inc[a].append((colour[k], role))
            new_sig[k] = (colour[k], tuple(sorted(edges)))
        for p in goal_points:
            inc[p].append((colour["?"], -1))
        new_sig["?"] = (colour["?"], tuple(sorted(colour[p] for p in goal_points)))
        for p in pinned:
            new_sig[p] = (colour[p], tuple(sorted(inc[p])))
        sig = new_sig
    return {p: colour[p] for p in pinned}


# ---------------------------------------------------------------- exact search

_State = tuple[dict[str, int], int]  # labels so far, clauses used (bit mask)


def _orders(clause: _Clause, colour: dict[str, int]) -> list[tuple[PointName, ...]]:
    """Orderings of the clause's new points by colour; equal colours in every order."""
    groups: dict[int, list[str]] = {}
    for p in clause.new:
        groups.setdefault(colour[p], []).append(p)
    parts = [list(itertools.permutations(groups[c])) for c in sorted(groups)]
    return [tuple(p for part in combo for p in part) for combo in itertools.product(*parts)]


def _search(clauses: list[_Clause], goal: Atom | None,
            colour: dict[str, int]) -> tuple[list[Code], Code] | None:
    keys = [tuple(sorted(colour[p] for p in cl.new)) for cl in clauses]
    orders = [_orders(cl, colour) for cl in clauses]
    states: list[_State] = [({}, 0)]
    codes: list[Code] = []
    for _ in clauses:
        best: Code | None = None
        found: dict[object, _State] = {}
        for labels, used in states:
            avail = [i for i, cl in enumerate(clauses)
                     if not used >> i & 1 and cl.needs <= labels.keys()]
            if not avail:
                continue
            least = min(keys[i] for i in avail)
            for i in avail:
                if keys[i] != least:
                    continue
                for order in orders[i]:
                    lab = dict(labels)
                    lab.update((p, len(labels) + k) for k, p in enumerate(order))
                    code = (keys[i], tuple(clauses[i].pinned[p] for p in order),
                            tuple(sorted(c.code(lab) for c in clauses[i].calls)))
                    if best is None or code < best:  # type: ignore[operator]
                        best, found = code, {}
                    if code == best:
                        found[(tuple(sorted(lab.items())), used | 1 << i)] = (lab, used | 1 << i)
        if len(found) > MAX_BRANCHES or best is None:
            return None
        codes.append(best)
        states = list(found.values())
    if goal is None:
        return codes, ("",)
    name, pts, values = _goal_parts(goal)
    goal_codes = []
    for labels, _ in states:
        canon = predicates.canonical(name, (*(f"{labels[p]:05d}" for p in pts), *values))
        goal_codes.append(canon)
    return codes, min(goal_codes)


# ---------------------------------------------------------------- public API


@dataclass(frozen=True)
class CanonicalForm:
    """The canonical clause sequence and goal of a problem (or its WL fallback)."""

    codes: tuple[Code, ...]
    goal: Code
    exact: bool
    wl: str = ""

    def digest(self) -> str:
        body = (VERSION, self.codes, self.goal) if self.exact else (VERSION, "wl:" + self.wl)
        return hashlib.sha256(repr(body).encode()).hexdigest()


def canonical_form(problem: Problem) -> CanonicalForm:
    """The canonical form of a problem (see the module docstring for what it forgets)."""
    clauses = _clauses(problem)
    colour = _refine(clauses, problem.goal)
    found = _search(clauses, problem.goal, colour) if clauses else ([], ("",))
    if found is None:
        history: list[object] = []
        _refine(clauses, problem.goal, history)
        wl = hashlib.sha256(repr(history).encode()).hexdigest()
        return CanonicalForm((), (), exact=False, wl=wl)
    codes, goal = found
    return CanonicalForm(tuple(codes), goal, exact=True)


def canonical_id(problem: Problem) -> str:
    """A hex digest equal for equivalent problems (see the module docstring)."""
    return canonical_form(problem).digest()


def canonical_text(problem: Problem) -> str:
    """The problem rewritten with canonical point names a, b, c, ... and clause order.

    Equivalent problems give the same text when the exact search succeeds; in the WL
    fallback the order follows colours, then the original order (not canonical).
    """
    form = canonical_form(problem)
    if not form.exact:
        return _fallback_text(problem)
    clauses = []
    count = 0
    for key, pins, calls in form.codes:  # type: ignore[misc]
        new = [point_name(count + k) for k in range(len(key))]
        count += len(key)
        decls = tuple(PointDecl(n, pin if pin else None) for n, pin in zip(new, pins,
                                                                         strict=True))
        made = tuple(ConstructionCall(name, tuple(
            point_name(a) if isinstance(a, int) else a for a in args)) for name, args in calls)
        clauses.append(Clause(decls, made))
    goal = None
    if form.goal != ("",):
        name, args = form.goal
        n_values = 1 if predicates.PREDICATES[name].has_value else 0  # type: ignore[index]
        points = tuple(point_name(int(a)) for a in args[:len(args) - n_values])
        goal = Atom(name, points + tuple(args[len(args) - n_values:]))
    return Problem(problem.name, tuple(clauses), goal).to_text()


def _fallback_text(problem: Problem) -> str:
    clauses = _clauses(problem)
    colour = _refine(clauses, problem.goal)
    order = sorted(problem.points, key=lambda p: (colour[p], problem.points.index(p)))
    rename = {p: point_name(i) for i, p in enumerate(order)}
    out = []
    for clause in problem.clauses:
        decls = tuple(PointDecl(rename[p.name], p.pinned) for p in clause.points)
        calls = tuple(ConstructionCall(c.name, tuple(rename.get(a, a) for a in c.args))
                      for c in clause.constructions)
        out.append(Clause(decls, calls))
    goal = problem.goal
    if goal is not None:
        goal = Atom(goal.predicate, tuple(rename.get(a, a) for a in goal.args))
    return Problem(problem.name, tuple(out), goal).to_text()


__all__ = [
    "MAX_BRANCHES",
    "VERSION",
    "CanonicalForm",
    "aliases",
    "canonical_form",
    "canonical_id",
    "canonical_text",
    "construction_symmetries",
]
