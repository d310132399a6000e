"""Drawing one clause on top of an existing diagram, keeping every existing coordinate.

The proposers use this to make sure a clause they propose is valid for a node: its
constructions exist, their preconditions hold, the new point is determined (or sampled,
for a construction with one locus), lands neither on an existing point nor far away,
and every fact the construction table promises holds numerically. It reads the table
(`symbolic.constructions`) and its numeric sketches (`symbolic.sketches`), so proposers
and the prover agree on what a clause means.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from symbolic import predicates
from symbolic.constructions import lookup
from symbolic.diagram import CLOSE, FAR, construction_facts, construction_preconditions, spread
from symbolic.geometry import GeometryError, Line, Locus, contains, intersect, random_point
from symbolic.predicates.spec import RELATIVE_TOLERANCE
from symbolic.problem import Atom, ConstructionCall
from symbolic.sketches import LOCI, SHAPES

Coords = Mapping[str, complex]


class Frame:
    """The existing points of a diagram, with the distances that judge a new point."""

    def __init__(self, coords: Coords) -> None:
        self.coords = dict(coords)
        self.center, radius = spread(list(self.coords.values()))
        self.radius = radius if radius > 0 else 1.0
        self.tol = RELATIVE_TOLERANCE * max(self.radius, 1.0)
        self.min_sep = max(CLOSE * self.radius, self.tol)

    def acceptable(self, p: complex) -> bool:
        """Not too far from the figure and not on (or too close to) an existing point."""
        if abs(p - self.center) > FAR * self.radius:
            return False
        return all(abs(p - q) >= self.min_sep for q in self.coords.values())


def _value(arg: str | float, coords: Coords) -> complex | float:
    return arg if isinstance(arg, float) else coords[arg]


def _bound_sketches(call: ConstructionCall) -> list[tuple[str, tuple[str | float, ...], bool]]:
    spec = lookup(call.name)
    assert spec is not None
    env = spec.binding(call.args)
    out = []
    for sketch in spec.sketches:
        args: list[str | float] = []
        for a in sketch.args:
            args.append(float(env[a]) if a.startswith("%") else env[a])
        out.append((sketch.name, tuple(args), sketch.is_shape))
    return out


def candidates(calls: Sequence[ConstructionCall], new: str, frame: Frame,
               rng: random.Random | None = None) -> list[complex]:
    """Where a clause of these calls (one new point `new`) puts the point, in `frame`.

    Returns the acceptable positions: one for a determined point, two when two loci meet
    twice with both points new, none when the clause cannot be drawn. A single locus is
    sampled with `rng` (no sample without one).
    """
    coords = frame.coords
    fixed: list[complex] = []
    curves: list[Locus] = []
    scale = frame.radius
    for call in calls:
        spec = lookup(call.name)
        if spec is None or len(spec.new_points) != 1:
            return []
        env = spec.binding(call.args)
        if env[spec.new_points[0]] != new or any(env[p] not in coords
                                                 for p in spec.given_points):
            return []
        if not _all_hold(construction_preconditions(call), coords, scale):
            return []
        try:
            for name, args, is_shape in _bound_sketches(call):
                values = [_value(a, coords) for a in args]
                if is_shape:
                    if rng is None:
                        return []
                    fixed.extend(SHAPES[name](rng, *values))
                    continue
                obj = LOCI[name](*values)
                if isinstance(obj, complex):
                    fixed.append(obj)
                else:
                    curves.append(obj)
        except (GeometryError, ZeroDivisionError):
            return []
    return _combine(fixed, curves, frame, rng)


def _combine(fixed: list[complex], curves: list[Locus], frame: Frame,
             rng: random.Random | None) -> list[complex]:
    tol = frame.tol
    if fixed:
        if any(abs(p - fixed[0]) > tol for p in fixed[1:]):
            return []
        found, rest = [fixed[0]], curves
    elif len(curves) == 1:
        if rng is None:
            return []
        found, rest = [random_point(curves[0], rng, frame.center, frame.radius)], []
    elif len(curves) >= 2:
        c1, c2, rest = curves[0], curves[1], curves[2:]
        if isinstance(c1, Line) and isinstance(c2, Line):
            c1, c2 = Line(c1.point, c1.direction), Line(c2.point, c2.direction)
        try:
            found = list(intersect(c1, c2))
        except GeometryError:
            return []
    else:
        return []
    found = [p for p in found if all(contains(c, p, tol) for c in rest)]
    return [p for p in found if frame.acceptable(p)]


def facts_hold(calls: Sequence[ConstructionCall], new: str, p: complex, frame: Frame) -> bool:
    """Whether every fact the calls promise holds with the new point at p."""
    after = dict(frame.coords)
    after[new] = p
    _, scale = spread(list(after.values()))
    scale = max(scale, 1e-300)
    return all(_all_hold(construction_facts(call), after, scale) for call in calls)


def _all_hold(atoms: Sequence[Atom], coords: Coords, scale: float) -> bool:
    """Whether every atom holds numerically (an atom no predicate checks does not)."""
    for atom in atoms:
        try:
            if not predicates.check(atom.predicate, coords, atom.args, scale):
                return False
        except (KeyError, ValueError, ZeroDivisionError):
            return False
    return True


def draw(calls: Sequence[ConstructionCall], new: str, frame: Frame,
         rng: random.Random | None = None, *, determined: bool = True) -> complex | None:
    """The new point of a one-point clause, or None when the clause is not valid here.

    With `determined`, a clause whose loci meet in two new points is refused (drawing it
    again could give the other one); otherwise one of them is picked with `rng`.
    """
    found = candidates(calls, new, frame, rng)
    if not found or (determined and len(found) > 1):
        return None
    p = found[0] if len(found) == 1 or rng is None else rng.choice(found)
    return p if facts_hold(calls, new, p, frame) else None


def parse_calls(clause: str) -> tuple[str, list[ConstructionCall]]:
    """The new point and the calls of a one-point clause `x = name x args, ...`.

    A light split for clauses the proposers write themselves (full argument lists).
    """
    head, _, body = clause.partition(" = ")
    calls = []
    for part in body.split(", "):
        words = part.split()
        calls.append(ConstructionCall(words[0], tuple(words[1:])))
    return head.strip(), calls
