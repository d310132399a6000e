"""Random constructive problems: the generator's premises, sampled clause by clause.

`sample_problem(seed, config)` starts from a free shape (triangle, quadrangle, ...) and
adds clauses drawn from the construction table with weighted choices until the problem
has between `min_points` and `max_points` points. Each clause is either one construction
(`d = midpoint d a b`) or, for a share of them, two loci meeting in the new point
(`d = on_line d a b, on_circle d o c`). Arguments are drawn among the existing points.

Every clause is drawn numerically as soon as it is chosen, on top of the points drawn so
far (incremental realization, about 0.1 ms a clause instead of re-drawing the whole
problem). A choice is rejected, and another one drawn, when a precondition of the table
fails or holds only barely (nearly collinear points, nearly parallel lines), when a new
point coincides with or crowds an existing one, lands far away, or is not determined
(parallel lines, circles that miss), or when a table fact does not hold numerically. A
clause gets `clause_tries` choices and the problem `max_attempts` fresh starts, so
sampling always ends; `UnrealizableError` reports the (practically impossible) case
where every attempt fails.

Determinism: all choices come from one `random.Random(seed)`; the same seed and config
give the same problem and the same diagram, in any process.

The incremental drawing uses `symbolic.diagram`'s clause-level machinery (`_compile`,
`_draw_step`); when those are unavailable it falls back to `realize` on the problem so
far, which is slower but gives the same guarantees.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache

from symbolic import diagram as _diagram
from symbolic.constructions import ConstructionSpec, construction_table
from symbolic.diagram import Diagram, realize, spread
from symbolic.errors import PappusError, UnrealizableError
from symbolic.geometry import GeometryError
from symbolic.predicates.spec import cos_between, sin_between
from symbolic.problem import Clause, ConstructionCall, PointDecl, PointName, Problem
from symbolic.sketches import POINT_LOCI

# Free shapes a problem starts from. Triangles dominate: most olympiad geometry (and most
# DD rules) lives in a triangle; quadrangles and special shapes add variety.
DEFAULT_START_WEIGHTS: dict[str, float] = {
    "triangle": 10.0,
    "quadrangle": 3.0,
    "iso_triangle": 2.0,
    "r_triangle": 2.0,
    "segment": 1.0,
    "trapezoid": 1.0,
    "eq_trapezoid": 1.0,
    "r_trapezoid": 0.5,
    "risos": 0.5,
    "ieq_triangle": 0.5,
    "triangle12": 0.5,
    "eq_quadrangle": 0.5,
    "eqdia_quadrangle": 0.5,
    "rectangle": 0.5,
    "isquare": 0.5,
    "pentagon": 0.5,
}

# Constructions after the start. Determined points (intersections, feet, centres,
# midpoints, reflections) carry most of the weight: each one sits on several existing
# objects at once, which is what makes theorems. A lone locus (`on_line` alone) puts a
# random point on one object and gives fewer facts, so it gets a small weight; the same
# loci appear mostly in pairs, through `PAIR` below.
DEFAULT_WEIGHTS: dict[str, float] = {
    # intersections of lines and circles
    "intersection_ll": 4.0,
    "intersection_lc": 2.0,
    "intersection_cc": 1.5,
    "intersection_lp": 2.0,
    "intersection_lt": 2.0,
    "intersection_pp": 1.0,
    "intersection_tt": 1.0,
    # classic points of a triangle
    "midpoint": 4.0,
    "foot": 4.0,
    "circumcenter": 3.0,
    "orthocenter": 2.0,
    "incenter": 2.0,
    "excenter": 1.0,
    "incenter2": 1.0,
    "excenter2": 0.5,
    "centroid": 1.0,
    "ninepoints": 1.0,
    # transformations and derived shapes
    "mirror": 1.5,
    "reflect": 1.5,
    "parallelogram": 1.5,
    "shift": 0.5,
    "psquare": 0.5,
    "nsquare": 0.5,
    "square": 0.5,
    "eq_triangle": 0.5,
    "trisegment": 0.5,
    "trisect": 0.3,
    "tangent": 0.5,
    "cc_tangent0": 0.3,
    "cc_tangent": 0.3,
    "3peq": 0.3,
    "eqangle2": 0.3,
    # a random point on one locus
    "on_line": 0.6,
    "on_circle": 0.6,
    "on_circum": 0.8,
    "on_pline": 0.3,
    "on_tline": 0.3,
    "on_bline": 0.3,
    "on_dia": 0.3,
    "angle_bisector": 0.3,
    "lc_tangent": 0.3,
    "eqdistance": 0.2,
    "on_opline": 0.2,
    "angle_mirror": 0.2,
    "on_aline": 0.1,
    "on_aline2": 0.1,
    "eqangle3": 0.1,
    "s_angle": 0.2,
}
# Weight of a two-locus clause among the constructions above (about a fifth of clauses).
PAIR = "<two loci>"
DEFAULT_PAIR_WEIGHT = 15.0

# Loci that two-locus clauses combine: lines and circles through existing points first.
DEFAULT_LOCUS_WEIGHTS: dict[str, float] = {
    "on_line": 4.0,
    "on_circle": 3.0,
    "on_circum": 3.0,
    "on_tline": 2.0,
    "on_pline": 2.0,
    "on_bline": 2.0,
    "on_dia": 1.5,
    "angle_bisector": 1.0,
    "eqdistance": 0.5,
    "lc_tangent": 0.5,
    "angle_mirror": 0.3,
    "on_opline": 0.3,
    "on_aline": 0.2,
    "s_angle": 0.2,
}

# Start shapes for theorems that need auxiliary points. Measured (benchmarks/aux_data.py):
# a generic triangle or quadrangle rarely hides a fact that deduction misses, a shape
# with equal sides or right angles often does (the gaps of DD+AR are metric), so the
# special shapes get most of the weight here.
AUX_START_WEIGHTS: dict[str, float] = {
    "segment": 3.0,
    "ieq_triangle": 2.0,
    "isquare": 2.0,
    "iso_triangle": 2.0,
    "r_triangle": 2.0,
    "triangle": 1.5,
    "rectangle": 1.0,
    "risos": 1.0,
    "eq_trapezoid": 1.0,
    "eq_quadrangle": 0.5,
    "eqdia_quadrangle": 0.5,
    "r_trapezoid": 0.5,
    "triangle12": 0.5,
    "quadrangle": 0.5,
    "trapezoid": 0.5,
}

# Angles (degrees) for the number argument of s_angle.
DEFAULT_ANGLES: tuple[int, ...] = (15, 30, 45, 60, 75, 90, 105, 120, 135, 150, 165)


@dataclass(frozen=True)
class SamplingConfig:
    """How random problems are drawn. Weights need not sum to 1; a weight of 0 disables.

    Attributes:
        min_points: least number of points in a problem.
        max_points: most points; a clause that would exceed it is never chosen.
        start_weights: free shapes the problem starts from.
        weights: constructions after the start, by name.
        pair_weight: weight of a two-locus clause (`x = on_line x a b, on_circle x o c`)
            among `weights`.
        locus_weights: the one-point loci that two-locus clauses combine.
        angles: degrees to choose from for number arguments (s_angle).
        clause_tries: choices tried for one clause before the attempt is abandoned.
        max_attempts: fresh starts before `sample_problem` gives up.
        margin: preconditions must hold with this much room: `ncoll` and `npara` need the
            sine of the angle above it, `nperp` its cosine, `diff` a distance above
            `margin` times the size of the figure.
        check_fresh: also draw each finished problem from scratch with `realize` (about
            2 ms more) and resample when that fails; off by default, since the
            incremental drawing already is a diagram of the whole problem.
    """

    min_points: int = 8
    max_points: int = 14
    start_weights: Mapping[str, float] = field(
        default_factory=lambda: dict(DEFAULT_START_WEIGHTS))
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    pair_weight: float = DEFAULT_PAIR_WEIGHT
    locus_weights: Mapping[str, float] = field(
        default_factory=lambda: dict(DEFAULT_LOCUS_WEIGHTS))
    angles: tuple[int, ...] = DEFAULT_ANGLES
    clause_tries: int = 40
    max_attempts: int = 20
    margin: float = 0.02
    check_fresh: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.min_points <= self.max_points:
            raise ValueError("need 1 <= min_points <= max_points")
        if self.clause_tries < 1 or self.max_attempts < 1:
            raise ValueError("clause_tries and max_attempts must be positive")
        table = construction_table()
        for kind, weights in (("start", self.start_weights), ("construction", self.weights),
                              ("locus", self.locus_weights)):
            for name, w in weights.items():
                if name not in table:
                    raise ValueError(f"unknown {kind} construction {name!r}")
                if w < 0:
                    raise ValueError(f"negative weight for {name!r}")
        for name, w in self.start_weights.items():
            if w > 0 and table[name].given_points:
                raise ValueError(f"start shape {name!r} must not need given points")
        for name, w in self.locus_weights.items():
            if w > 0 and not is_locus(table[name]):
                raise ValueError(f"{name!r} is not a one-point locus construction")
        if not any(w > 0 for w in self.start_weights.values()):
            raise ValueError("no start shape has a positive weight")


# Named sampling settings, chosen by `--sampling` (and by the training preset).
PROFILES: dict[str, dict[str, object]] = {
    "default": {},
    "aux": {"start_weights": AUX_START_WEIGHTS},
}


def profile(name: str, min_points: int, max_points: int) -> SamplingConfig:
    """The sampling settings of a named profile with the given problem sizes."""
    if name not in PROFILES:
        raise ValueError(f"unknown sampling profile {name!r} (known: {', '.join(PROFILES)})")
    return SamplingConfig(min_points=min_points, max_points=max_points,
                          **PROFILES[name])  # type: ignore[arg-type]


def is_locus(spec: ConstructionSpec) -> bool:
    """Whether a construction puts one new point on one line or circle (a random point)."""
    return (len(spec.new_points) == 1 and len(spec.sketches) == 1
            and not spec.is_shape and spec.sketches[0].name not in POINT_LOCI)


def point_name(index: int) -> PointName:
    """The index-th point name: a, b, ..., z, a1, b1, ..., z1, a2, ..."""
    letter = chr(ord("a") + index % 26)
    return letter if index < 26 else f"{letter}{index // 26}"


# ---------------------------------------------------------------- drawing one clause


# Clause-level drawing from symbolic.diagram (private there; see the module docstring).
_COMPILE = getattr(_diagram, "_compile", None)
_DRAW_STEP = getattr(_diagram, "_draw_step", None)
_FAILURES: tuple[type[Exception], ...] = (PappusError, GeometryError, ArithmeticError) + (
    (_diagram._Failure,) if hasattr(_diagram, "_Failure") else ())


def _draw(clauses: list[Clause], points: dict[str, complex],
          rng: random.Random) -> dict[str, complex] | None:
    """All points after drawing the last clause on `points` (the earlier clauses' points).

    None when it cannot be drawn soundly.
    """
    try:
        if _COMPILE is None or _DRAW_STEP is None:
            problem = Problem("sample", tuple(clauses))
            return dict(realize(problem, rng.randrange(2**31), attempts=5,
                                require_goal=False).points)
        return _DRAW_STEP(_COMPILE(len(clauses), clauses[-1]), points, rng)
    except _FAILURES:
        return None


def _well_posed(spec: ConstructionSpec, call: ConstructionCall, points: dict[str, complex],
                margin: float) -> bool:
    """The table's preconditions hold with some room (not merely within tolerance)."""
    _, size = spread(list(points.values()))
    size = max(size, 1e-12)
    for atom in spec.instantiate(spec.preconditions, call.args):
        try:
            p = [points[a] for a in atom.args]
        except KeyError:
            return False
        if atom.predicate == "diff":
            ok = abs(p[0] - p[1]) > margin * size
        elif atom.predicate == "ncoll":
            ok = len(set(p)) == len(p) and all(
                sin_between(p[1] - p[0], q - p[0]) > margin for q in p[2:])
        elif atom.predicate == "npara":
            ok = sin_between(p[1] - p[0], p[3] - p[2]) > margin
        elif atom.predicate == "nperp":
            ok = cos_between(p[1] - p[0], p[3] - p[2]) > margin
        else:  # cong, perp, ...: left to the diagram's exact check
            ok = True
        if not ok:
            return False
    return True


# ---------------------------------------------------------------- choosing clauses


@cache
def _sizes() -> dict[str, tuple[int, int]]:
    """(given points, new points) of every construction."""
    return {name: (len(spec.given_points), len(spec.new_points))
            for name, spec in construction_table().items()}


_Choices = tuple[tuple[str, ...], tuple[float, ...]]  # names and cumulative weights


class _Menu:
    """Weighted choices for a config, by how many points exist and how many may be added."""

    def __init__(self, config: SamplingConfig) -> None:
        self.config = config
        self.cache: dict[tuple[str, int, int], _Choices] = {}

    def get(self, kind: str, n_points: int, room: int) -> _Choices:
        key = (kind, min(n_points, 8), min(room, 8))  # no construction needs more
        if key not in self.cache:
            cfg, sizes = self.config, _sizes()
            weights = {"start": cfg.start_weights, "loci": cfg.locus_weights,
                       "main": cfg.weights}[kind]
            pairs = [(name, w) for name, w in weights.items()
                     if w > 0 and sizes[name][0] <= n_points and sizes[name][1] <= room]
            if kind == "main" and cfg.pair_weight > 0 and self.get("loci", n_points, 1)[0]:
                pairs.append((PAIR, cfg.pair_weight))
            self.cache[key] = (tuple(n for n, _ in pairs),
                               tuple(itertools.accumulate(w for _, w in pairs)))
        return self.cache[key]


class _Sampler:
    """One problem being sampled: the clauses and the points drawn so far."""

    def __init__(self, menu: _Menu, rng: random.Random) -> None:
        self.config = menu.config
        self.menu = menu
        self.rng = rng
        self.table = construction_table()
        self.clauses: list[Clause] = []
        self.points: dict[str, complex] = {}
        self.names: list[PointName] = []

    def _call(self, spec: ConstructionSpec, new: list[PointName]) -> ConstructionCall | None:
        given = self.rng.sample(self.names, _sizes()[spec.name][0])
        env = dict(zip(spec.new_points, new, strict=True))
        env.update(zip(spec.given_points, given, strict=True))
        args = []
        for slot in spec.signature:
            if slot.startswith("%"):
                args.append(str(self.rng.choice(self.config.angles)))
            else:
                args.append(env[slot])
        call = ConstructionCall(spec.name, tuple(args))
        if not _well_posed(spec, call, self.points, self.config.margin):
            return None
        return call

    def propose(self, choices: _Choices, loci: _Choices) -> Clause | None:
        """A random clause on the existing points (None when the draw is ill-posed)."""
        (name,) = self.rng.choices(choices[0], cum_weights=choices[1])
        first = len(self.names)
        if name == PAIR:
            picked = self.rng.choices(loci[0], cum_weights=loci[1], k=2)
            new = [point_name(first)]
            calls = [self._call(self.table[n], new) for n in picked]
            if calls[0] is None or calls[1] is None or calls[0] == calls[1]:
                return None
            return Clause((PointDecl(new[0]),), (calls[0], calls[1]))
        spec = self.table[name]
        new = [point_name(first + k) for k in range(len(spec.new_points))]
        call = self._call(spec, new)
        if call is None:
            return None
        return Clause(tuple(PointDecl(p) for p in new), (call,))

    def add(self, clause: Clause) -> bool:
        """Draw the clause; keep it when it is numerically sound."""
        after = _draw([*self.clauses, clause], self.points, self.rng)
        if after is None:
            return False
        self.clauses.append(clause)
        self.points = after
        self.names.extend(clause.point_names)
        return True

    def start(self) -> bool:
        starts = self.menu.get("start", 0, self.config.max_points)
        for _ in range(self.config.clause_tries):
            clause = self.propose(starts, starts)
            if clause is not None and self.add(clause):
                return True
        return False

    def grow(self, target: int) -> None:
        """Add clauses until `target` points, or until a clause keeps failing."""
        while len(self.names) < target:
            room = self.config.max_points - len(self.names)
            choices = self.menu.get("main", len(self.names), room)
            if not choices[0]:
                return
            loci = self.menu.get("loci", len(self.names), 1)
            for _ in range(self.config.clause_tries):
                clause = self.propose(choices, loci)
                if clause is not None and self.add(clause):
                    break
            else:
                return


def _fresh(problem: Problem, seed: int) -> bool:
    try:
        realize(problem, seed, attempts=20, require_goal=False)
    except PappusError:
        return False
    return True


def sample_problem(seed: int, config: SamplingConfig | None = None) -> tuple[Problem, Diagram]:
    """A random constructive problem (no goal) and a diagram of it.

    The diagram's points satisfy every construction's facts. Raises UnrealizableError
    when `config.max_attempts` fresh starts all fail to reach `min_points`.
    """
    config = config or SamplingConfig()
    rng = random.Random(seed)
    menu = _Menu(config)
    best = 0
    for _ in range(config.max_attempts):
        sampler = _Sampler(menu, rng)
        target = rng.randint(config.min_points, config.max_points)
        if not sampler.start():
            continue
        sampler.grow(target)
        best = max(best, len(sampler.names))
        if len(sampler.names) >= config.min_points:
            problem = Problem(f"sample-{seed}", tuple(sampler.clauses))
            if config.check_fresh and not _fresh(problem, seed):
                continue
            _, scale = spread(list(sampler.points.values()))
            points = {p: sampler.points[p] for p in problem.points}
            return problem, Diagram(problem, points, scale if scale > 0 else 1.0, seed)
    raise UnrealizableError(
        f"seed {seed}: no problem with {config.min_points} points in "
        f"{config.max_attempts} attempts (best had {best})")


def extend_problem(problem: Problem, diagram: Diagram, keep: int, seed: int,
                   config: SamplingConfig | None = None) -> tuple[Problem, Diagram]:
    """A neighbour of a sampled problem: its first `keep` clauses (and their points, as
    drawn), then fresh random clauses up to a random size of the config's range."""
    config = config or SamplingConfig()
    rng = random.Random(seed)
    names = [p for c in problem.clauses[:keep] for p in c.point_names]
    target = rng.randint(max(config.min_points, len(names) + 2),
                         max(config.max_points, len(names) + 4))
    sampler = _Sampler(_Menu(replace(config, max_points=target)), rng)
    sampler.clauses = list(problem.clauses[:keep])
    sampler.names = names
    sampler.points = {p: diagram.points[p] for p in names}
    sampler.grow(target)
    grown = Problem(f"{problem.name}-n{seed}", tuple(sampler.clauses))
    _, scale = spread(list(sampler.points.values()))
    points = {p: sampler.points[p] for p in grown.points}
    return grown, Diagram(grown, points, scale if scale > 0 else 1.0, seed)


__all__ = [
    "AUX_START_WEIGHTS",
    "DEFAULT_LOCUS_WEIGHTS",
    "DEFAULT_START_WEIGHTS",
    "DEFAULT_WEIGHTS",
    "SamplingConfig",
    "PROFILES",
    "is_locus",
    "extend_problem",
    "point_name",
    "profile",
    "sample_problem",
]
