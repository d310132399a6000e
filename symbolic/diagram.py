"""Numeric diagrams: realise a problem's clauses as coordinates, by seeded rejection sampling."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from . import predicates
from .constructions import ConstructionSpec, Sketch, lookup
from .errors import GoalFalseError, PappusError, UnrealizableError
from .geometry import (
    CoincidentLociError,
    GeometryError,
    Line,
    Locus,
    Rng,
    contains,
    intersect,
    random_point,
)
from .predicates.spec import RELATIVE_TOLERANCE
from .problem import Atom, Clause, ConstructionCall, PointName, Problem
from .sketches import (
    ABSOLUTE_LOCI,
    CIRCLE_LOCI,
    LOCI,
    POINT_LOCI,
    RANDOM_SHAPES,
    SHAPES,
    describe,
)

# A new point closer than CLOSE x (spread of the existing points) to another point, or
# farther than FAR x spread from their centroid, makes the sample degenerate: resample.
# AlphaGeometry uses 0.1 x the smallest and 4 x the largest distance to the centroid.
CLOSE = 0.02
FAR = 10.0
# A single locus is sampled this many times; the sample farthest from existing points wins.
SAMPLES_ON_LOCUS = 5
# Within one attempt, a failed clause may redraw one of its random ancestors this many times.
LOCAL_RETRIES = 20
# Give up when this many fresh diagrams in a row fail with the same exact degeneracy.
EXACT_STREAK = 10


@dataclass
class Diagram:
    """Coordinates for every point of a problem, satisfying all its constructions."""

    problem: Problem
    points: dict[str, complex]
    scale: float
    seed: int

    def check(self, atom: Atom) -> bool:
        """Numeric truth of a predicate atom in this diagram."""
        return predicates.check(atom.predicate, self.points, atom.args, self.scale)

    def goal_holds(self) -> bool:
        """Whether every goal holds numerically (True when the problem has none)."""
        return all(self.check(goal) for goal in self.problem.goals)


@dataclass(frozen=True)
class ValidationResult:
    """Outcome of checking that a problem can be drawn with its goal true."""

    name: str
    status: str  # ok | unrealizable | goal_false
    message: str


# ---------------------------------------------------------------- facts of a construction


def construction_facts(call: ConstructionCall) -> list[Atom]:
    """The table's facts for one construction call, arguments and numbers substituted."""
    spec = _spec(call)
    return spec.instantiate(spec.facts, call.args)


def _number(text: str) -> Fraction:
    """A number argument as written in problems: `35`, `-15`, `22.5`, `1/2`."""
    try:
        num, _, den = text.partition("/")
        return Fraction(num) / Fraction(den or 1)
    except (ValueError, ZeroDivisionError):
        raise UnrealizableError(f"{text!r} is not a usable number") from None


def construction_preconditions(call: ConstructionCall) -> list[Atom]:
    """The table's non-degeneracy preconditions for one construction call."""
    spec = _spec(call)
    return spec.instantiate(spec.preconditions, call.args)


def _spec(call: ConstructionCall) -> ConstructionSpec:
    spec = lookup(call.name)
    if spec is None:
        raise UnrealizableError(f"unknown construction {call.name!r}")
    return spec


# ---------------------------------------------------------------- compiled clauses


@dataclass(frozen=True)
class _Sketch:
    """A table sketch bound to actual point names (and numbers)."""

    name: str
    args: tuple[str | float, ...]
    label: str
    targets: tuple[PointName, ...]
    is_shape: bool


@dataclass(frozen=True)
class _Step:
    """One clause, ready to be drawn repeatedly."""

    number: int
    text: str
    points: tuple[PointName, ...]
    pinned: dict[PointName, complex]
    preconditions: tuple[tuple[Atom, str], ...]
    shapes: tuple[_Sketch, ...]
    loci: dict[PointName, tuple[_Sketch, ...]]
    facts: tuple[tuple[Atom, str], ...]
    uses: frozenset[PointName]  # points given to its constructions
    random: bool  # whether redrawing it can give a different result


def _bind_sketch(sketch: Sketch, spec: ConstructionSpec, env: dict[str, str]) -> _Sketch:
    args: list[str | float] = []
    for a in sketch.args:
        args.append(float(_number(env[a])) if a.startswith("%") else env[a])
    label = describe(sketch.name, [str(env[a]) for a in sketch.args])
    targets = tuple(env[p] for p in spec.new_points)
    if not sketch.is_shape:
        targets = targets[:1]
    return _Sketch(sketch.name, tuple(args), label, targets, sketch.is_shape)


def _compile(number: int, clause: Clause) -> _Step:
    pre: list[tuple[Atom, str]] = []
    facts: list[tuple[Atom, str]] = []
    shapes: list[_Sketch] = []
    loci: dict[PointName, list[_Sketch]] = {}
    uses: set[PointName] = set()
    for call in clause.constructions:
        spec = _spec(call)
        env = spec.binding(call.args)
        uses |= {env[p] for p in spec.given_points}
        pre += [(a, call.name) for a in construction_preconditions(call)]
        try:
            facts += [(a, call.name) for a in construction_facts(call)]
        except (ValueError, ZeroDivisionError) as err:  # a number the table cannot use
            raise UnrealizableError(f"clause {number} '{clause.to_text()}': {err}") from None
        for sketch in spec.sketches:
            bound = _bind_sketch(sketch, spec, env)
            if bound.is_shape:
                shapes.append(bound)
            else:
                loci.setdefault(bound.targets[0], []).append(bound)
    pinned = {p.name: complex(*p.pinned) for p in clause.points if p.pinned is not None}
    random = len(pinned) < len(clause.points) and (
        any(s.name in RANDOM_SHAPES for s in shapes) or any(map(_is_random, loci.values())))
    return _Step(number, clause.to_text(), clause.point_names, pinned, tuple(pre),
                 tuple(shapes), {k: tuple(v) for k, v in loci.items()}, tuple(facts),
                 frozenset(uses), random)


def _is_random(sketches: list[_Sketch]) -> bool:
    """Whether a point on these loci is sampled or picked from two intersections."""
    if any(s.name in POINT_LOCI for s in sketches):
        return False
    return len(sketches) == 1 or any(s.name in CIRCLE_LOCI for s in sketches[:2])


# ---------------------------------------------------------------- drawing one clause


class _Failure(Exception):
    """One clause could not be drawn in this sample; `reason` says why in plain words."""

    def __init__(self, step: _Step, reason: str, exact: bool = False) -> None:
        super().__init__(reason)
        self.step = step
        self.reason = reason
        # Exact degeneracies (parallel lines, coinciding points, ...) almost surely come
        # from the problem itself rather than from unlucky sampling.
        self.exact = exact


def spread(points: list[complex]) -> tuple[complex, float]:
    """Centroid of the points and the largest distance of a point from it."""
    if not points:
        return 0j, 0.0
    g = sum(points, 0j) / len(points)
    return g, max(abs(p - g) for p in points)


_NONDEGENERATE_WORDS = {
    "ncoll": lambda a: f"{', '.join(a)} are collinear",
    "diff": lambda a: f"{a[0]} and {a[1]} coincide",
    "npara": lambda a: f"{a[0]}{a[1]} is parallel to {a[2]}{a[3]}",
    "nperp": lambda a: f"{a[0]}{a[1]} is perpendicular to {a[2]}{a[3]}",
}


def _precondition_failure(atom: Atom, construction: str) -> str:
    words = _NONDEGENERATE_WORDS.get(atom.predicate)
    why = words(atom.args) if words else "it does not hold"
    return f"{construction} needs '{atom}', but {why}"


class _Placer:
    """Draws one clause on top of the points placed so far."""

    def __init__(self, step: _Step, points: dict[str, complex], rng: Rng) -> None:
        self.step = step
        self.points = points
        self.rng = rng
        self.center, self.radius = spread(list(points.values()))
        self.tol = RELATIVE_TOLERANCE * max(self.radius, 1.0)
        self.new: dict[str, complex] = {}
        # a point at a prescribed absolute distance (lconst) is never too far away
        self.absolute = any(s.name in ABSOLUTE_LOCI for ss in step.loci.values() for s in ss)

    def fail(self, reason: str, exact: bool = False) -> _Failure:
        return _Failure(self.step, reason, exact)

    def misplaced(self, name: str, p: complex) -> _Failure | None:
        """Why p is unacceptable as a new point, or None when it is fine."""
        if self.radius > 0 and not self.absolute and abs(p - self.center) > FAR * self.radius:
            return self.fail(f"{name} lands too far away from the rest of the figure")
        min_sep = max(CLOSE * self.radius, self.tol)
        for other, q in (*self.points.items(), *self.new.items()):
            if abs(p - q) < min_sep:
                if abs(p - q) <= self.tol:
                    return self.fail(f"{name} coincides with {other}", exact=True)
                return self.fail(f"{name} lands too close to {other}")
        return None

    def value(self, arg: str | float) -> complex | float:
        return arg if isinstance(arg, float) else self.points[arg]

    def locus(self, sketch: _Sketch) -> Locus | complex:
        try:
            return LOCI[sketch.name](*(self.value(a) for a in sketch.args))
        except GeometryError as err:
            raise self.fail(f"the {sketch.label} is undefined ({err})", exact=True) from None

    def place_shape(self, sketch: _Sketch) -> None:
        try:
            values = SHAPES[sketch.name](self.rng, *(self.value(a) for a in sketch.args))
        except GeometryError as err:
            raise self.fail(f"{sketch.name} cannot be drawn: {err}") from None
        for name, p in zip(sketch.targets, values, strict=True):
            self.new.setdefault(name, p)

    def candidates(self, name: str, sketches: tuple[_Sketch, ...]) -> list[complex]:
        objs = [(s, self.locus(s)) for s in sketches]
        fixed = [(s, o) for s, o in objs if isinstance(o, complex)]
        curves = [(s, o) for s, o in objs if not isinstance(o, complex)]
        rest = curves
        if name in self.new:
            found = [self.new[name]]
        elif fixed:
            found = [fixed[0][1]]
            for s, p in fixed[1:]:
                if abs(p - found[0]) > self.tol:
                    raise self.fail(f"the {fixed[0][0].label} is not the {s.label}")
        elif len(curves) == 1:
            return [self._sample(curves[0][1])]
        else:
            (s1, c1), (s2, c2), rest = curves[0], curves[1], curves[2:]
            if isinstance(c1, Line) and isinstance(c2, Line):
                # Facts hold modulo pi, so two straight loci meet on their full lines;
                # rays only choose between the two points where a line meets a circle.
                c1, c2 = Line(c1.point, c1.direction), Line(c2.point, c2.direction)
            try:
                found = list(intersect(c1, c2))
            except CoincidentLociError:
                raise self.fail(f"the {s1.label} and the {s2.label} coincide, "
                                f"so {name} is not determined", exact=True) from None
            if not found:
                parallel = isinstance(c1, Line) and isinstance(c2, Line)
                raise self.fail(f"the {s1.label} never meets the {s2.label}", exact=parallel)
        for s, curve in rest:
            found = [p for p in found if contains(curve, p, self.tol)]
            if not found:
                raise self.fail(f"the {s.label} does not pass through {name}")
        return found

    def _sample(self, curve: Locus) -> complex:
        radius = self.radius if self.radius > 0 else 1.0
        best, best_d = 0j, -1.0
        for _ in range(SAMPLES_ON_LOCUS):
            p = random_point(curve, self.rng, self.center, radius)
            d = min((abs(p - q) for q in (*self.points.values(), *self.new.values())),
                    default=0.0)
            if d > best_d:
                best, best_d = p, d
        return best

    def choose(self, name: str, found: list[complex]) -> complex:
        verdicts = [self.misplaced(name, p) for p in found]
        good = [p for p, bad in zip(found, verdicts, strict=True) if bad is None]
        if not good:
            raise verdicts[0] or self.fail(f"{name} cannot be placed")
        return good[0] if len(good) == 1 else self.rng.choice(good)

    def draw(self) -> dict[str, complex]:
        step = self.step
        scale = max(self.radius, 1e-300)
        for atom, construction in step.preconditions:
            if not predicates.check(atom.predicate, self.points, atom.args, scale):
                raise self.fail(_precondition_failure(atom, construction), exact=True)
        if all(p in step.pinned for p in step.points):
            return dict(step.pinned)
        for sketch in step.shapes:
            self.place_shape(sketch)
        self.new.update(step.pinned)  # given coordinates win over drawn ones
        for name in step.points:
            if name in step.pinned:
                continue
            sketches = step.loci.get(name, ())
            if not sketches and name not in self.new:
                raise self.fail(f"no construction places {name}", exact=True)
            found = self.candidates(name, sketches) if sketches else [self.new[name]]
            self.new.pop(name, None)  # judged against the other points only
            self.new[name] = self.choose(name, found)
        return self.new


def _draw_step(step: _Step, points: dict[str, complex], rng: Rng) -> dict[str, complex]:
    """The points after drawing one clause (a new dict); _Failure when it cannot be drawn."""
    new = _Placer(step, points, rng).draw()
    after = dict(points)
    for name in step.points:
        after[name] = new[name]
    _, scale = spread(list(after.values()))
    scale = max(scale, 1e-300)
    for atom, construction in step.facts:
        if not predicates.check(atom.predicate, after, atom.args, scale):
            raise _Failure(step, f"{construction} should give '{atom}', "
                                 "but it does not hold numerically", exact=True)
    return after


def _ancestors(steps: list[_Step]) -> list[list[int]]:
    """For each step, the random steps (itself included) whose redrawing can change it."""
    owner = {p: i for i, s in enumerate(steps) for p in s.points}
    deps: list[set[int]] = []
    for i, step in enumerate(steps):
        mine = {i}
        for p in step.uses:
            if p in owner:
                mine |= deps[owner[p]]
        deps.append(mine)
    return [sorted(j for j in d if steps[j].random) for d in deps]


class _Record:
    """Failures seen so far: to name the likeliest culprit, and to give up early."""

    def __init__(self) -> None:
        self.failures: Counter[tuple[int, str]] = Counter()
        self.passed: set[int] = set()  # steps drawn successfully at least once
        self.streak_key: tuple[int, str] | None = None
        self.streak = 0  # attempts in a row whose fresh draw failed exactly the same way

    def note(self, failure: _Failure, fresh: bool) -> None:
        key = (failure.step.number, failure.reason)
        self.failures[key] += 1
        if fresh:
            same = failure.exact and key == self.streak_key
            self.streak = self.streak + 1 if same else int(failure.exact)
            self.streak_key = key

    def hopeless(self) -> bool:
        """The same exact degeneracy, at a clause never yet drawn, in many fresh diagrams."""
        return (self.streak >= EXACT_STREAK and self.streak_key is not None
                and self.streak_key[0] not in self.passed)


def _draw_diagram(steps: list[_Step], ancestors: list[list[int]], rng: Rng,
                  record: _Record) -> dict[str, complex] | None:
    """One attempt: draw clause by clause, redrawing a random ancestor of a failed clause.

    A failure usually comes from a few earlier random choices, so redrawing one of them is
    far cheaper than starting over; after LOCAL_RETRIES failures the attempt gives up.
    """
    states: list[dict[str, complex]] = [{}]  # states[i]: the points before step i
    retries = LOCAL_RETRIES
    i = 0
    while i < len(steps):
        try:
            states.append(_draw_step(steps[i], states[i], rng))
            record.passed.add(steps[i].number)
            i += 1
        except _Failure as failure:
            record.note(failure, fresh=retries == LOCAL_RETRIES)
            if retries == 0 or not ancestors[i]:
                return None
            retries -= 1
            i = rng.choice(ancestors[i])
            del states[i + 1:]
    if retries == LOCAL_RETRIES:
        record.streak = 0
    return states[-1]


# ---------------------------------------------------------------- public API


def realize(
    problem: Problem, seed: int = 0, *, attempts: int = 100, require_goal: bool = True
) -> Diagram:
    """Draw the problem: coordinates for every point, resampling degenerate diagrams.

    Raises UnrealizableError when no attempt satisfies the constructions, and
    GoalFalseError when constructions succeed but the goal is false every time.
    """
    steps = [_compile(i, clause) for i, clause in enumerate(problem.clauses, start=1)]
    ancestors = _ancestors(steps)
    rng = random.Random(seed)
    record = _Record()
    goal_false = tried = 0
    false_goals: list[Atom] = []
    while tried < max(1, attempts) and not record.hopeless():
        tried += 1
        points = _draw_diagram(steps, ancestors, rng, record)
        if points is None:
            continue
        _, scale = spread(list(points.values()))
        diagram = Diagram(problem, points, scale if scale > 0 else 1.0, seed)
        if not require_goal or diagram.goal_holds():
            return diagram
        goal_false += 1
        false_goals = [g for g in problem.goals if not diagram.check(g)]
    if goal_false:
        if len(problem.goals) > 1:
            false = "; ".join(str(g) for g in false_goals)
            raise GoalFalseError(f"goal '{false}' (of {len(problem.goals)} goals) is false "
                                 f"in {goal_false} sampled diagrams")
        raise GoalFalseError(f"goal '{problem.goal}' is false in {goal_false} sampled diagrams")
    (number, reason), count = record.failures.most_common(1)[0]
    total = sum(record.failures.values())
    raise UnrealizableError(
        f"clause {number} '{steps[number - 1].text}': {reason} "
        f"({count} of {total} failed draws in {tried} attempts)"
    )


def validate_problem(problem: Problem, seed: int = 0) -> ValidationResult:
    """Whether the problem can be drawn with its goal true, as a status and a message."""
    try:
        diagram = realize(problem, seed)
    except GoalFalseError as err:
        return ValidationResult(problem.name, "goal_false", str(err))
    except PappusError as err:
        return ValidationResult(problem.name, "unrealizable", str(err))
    return ValidationResult(problem.name, "ok",
                            f"{len(diagram.points)} points drawn, goal holds")


__all__ = [
    "Diagram",
    "ValidationResult",
    "construction_facts",
    "construction_preconditions",
    "realize",
    "spread",
    "validate_problem",
]
