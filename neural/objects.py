"""The objects of a node's figure that auxiliary points are built from and judged against.

Lines are the maximal sets of collinear existing points (every pair of points spans
one); circles are the maximal sets of concyclic points (three or more), and the circles
around an existing point through two or more points at the same distance from it. An
object is *drawn* when the problem talks about it: a construction's facts or the goal
name it (`coll`, `perp`, `cyclic`, `cong o a o b`, ...), or it is a side of a free
polygon. Points get a relevance weight by how close they are to the goal's points in
the problem's construction graph.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from symbolic import predicates
from symbolic.constructions import lookup
from symbolic.diagram import construction_facts
from symbolic.problem import Atom, Problem

from .placement import Frame

# Incidences are decided at this relative tolerance: the coordinates come from a few
# closed-form steps, so genuine incidences sit near 1e-13 and chance ones far above.
INCIDENCE_TOL = 1e-7
# Circles larger than this many times the figure's spread are nearly lines: ignored.
MAX_RADIUS = 50.0
# Relevance of a point by its distance to the goal's points in the construction graph.
RELEVANCE = (1.0, 0.5, 0.25, 0.1)


@dataclass
class LineObj:
    """A line through two or more existing points (indices in construction order)."""

    points: tuple[int, ...]
    origin: complex
    direction: complex  # unit
    drawn: bool = False
    named: bool = False  # a side of a free polygon, or a line of the goal

    @property
    def main(self) -> bool:
        """A line that matters in the figure: three or more points, a side, a goal line."""
        return len(self.points) >= 3 or self.named


@dataclass
class CircleObj:
    """A circle through existing points; `center_point` when its centre is a point."""

    points: tuple[int, ...]
    center: complex
    radius: float
    center_point: int | None = None
    drawn: bool = False


@dataclass
class Figure:
    """Points, lines and circles of a node, with goal relevance."""

    names: list[str]
    z: np.ndarray
    frame: Frame
    goal: frozenset[int]
    weight: np.ndarray  # relevance of each point
    lines: list[LineObj] = field(default_factory=list)
    circles: list[CircleObj] = field(default_factory=list)
    line_of: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def tol(self) -> float:
        return INCIDENCE_TOL * self.frame.radius

    def line(self, a: int, b: int) -> LineObj:
        return self.lines[self.line_of[(a, b) if a < b else (b, a)]]

    def drawn_segment(self, a: int, b: int) -> bool:
        return self.line(a, b).drawn

    def drawn_lines(self) -> list[LineObj]:
        return [ln for ln in self.lines if ln.drawn]

    def main_lines(self) -> list[LineObj]:
        return [ln for ln in self.lines if ln.main]

    def drawn_circles(self) -> list[CircleObj]:
        return [c for c in self.circles if c.drawn]

    def triangles(self) -> list[tuple[int, int, int]]:
        """Triples of non-collinear points whose three sides are drawn lines."""
        n = len(self.names)
        out = []
        for a in range(n):
            for b in range(a + 1, n):
                if not self.drawn_segment(a, b):
                    continue
                for c in range(b + 1, n):
                    if (self.drawn_segment(a, c) and self.drawn_segment(b, c)
                            and self.line_of[(a, b)] != self.line_of[(a, c)]):
                        out.append((a, b, c))
        return out


def build_figure(problem: Problem, coords: dict[str, complex]) -> Figure:
    """The figure of a problem drawn at `coords` (every point of the problem placed)."""
    names = [p for p in problem.points if p in coords]
    index = {p: i for i, p in enumerate(names)}
    z = np.array([coords[p] for p in names], dtype=complex)
    frame = Frame({p: coords[p] for p in names})
    goal_atom = problem.goal
    goal = frozenset(index[p] for p in _atom_points(goal_atom) if p in index) \
        if goal_atom is not None else frozenset()
    fig = Figure(names, z, frame, goal, _relevance(problem, index, goal))
    _build_lines(fig)
    _build_circles(fig)
    _mark_drawn(fig, [a for _, call in problem.constructions() for a in construction_facts(call)],
                index)
    if goal_atom is not None:
        _mark_drawn(fig, [goal_atom], index, named=True)
    _mark_polygons(fig, problem, index)
    _mark_circle_loci(fig, problem, index)
    return fig


def _atom_points(atom: Atom) -> tuple[str, ...]:
    spec = predicates.lookup(atom.predicate)
    return atom.args[:-1] if spec is not None and spec.has_value else atom.args


def _relevance(problem: Problem, index: dict[str, int], goal: frozenset[int]) -> np.ndarray:
    """Breadth-first distance from the goal's points over 'built from' links, as weights."""
    n = len(index)
    near: list[set[int]] = [set() for _ in range(n)]
    for clause in problem.clauses:
        new = [index[p] for p in clause.point_names if p in index]
        used = {index[a] for call in clause.constructions for a in call.args if a in index}
        for p in new:
            for q in used | set(new):
                if q != p:
                    near[p].add(q)
                    near[q].add(p)
    dist = [len(RELEVANCE)] * n
    todo = deque(goal)
    for g in goal:
        dist[g] = 0
    while todo:
        p = todo.popleft()
        for q in near[p]:
            if dist[q] > dist[p] + 1:
                dist[q] = dist[p] + 1
                todo.append(q)
    floor = RELEVANCE[-1] / 2
    return np.array([RELEVANCE[d] if d < len(RELEVANCE) else floor for d in dist])


def _build_lines(fig: Figure) -> None:
    z, n, tol = fig.z, len(fig.names), fig.tol
    for i in range(n):
        for j in range(i + 1, n):
            if (i, j) in fig.line_of:
                continue
            u = (z[j] - z[i]) / abs(z[j] - z[i])
            dist = np.abs((np.conj(u) * (z - z[i])).imag)
            pts = tuple(int(k) for k in np.flatnonzero(dist <= tol))
            lid = len(fig.lines)
            fig.lines.append(LineObj(pts, complex(z[i]), complex(u)))
            for a in pts:
                for b in pts:
                    if a < b:
                        fig.line_of[(a, b)] = lid


def _build_circles(fig: Figure) -> None:
    z, n, tol = fig.z, len(fig.names), fig.tol
    limit = MAX_RADIUS * fig.frame.radius
    seen: dict[tuple[int, ...], int] = {}
    for o in range(n):  # circles around an existing point
        d = np.abs(z - z[o])
        d[o] = -1.0
        order = np.argsort(d)
        k = 1
        while k < n:
            run = [int(order[k])]
            while k + 1 < n and d[order[k + 1]] - d[order[k]] <= tol:
                k += 1
                run.append(int(order[k]))
            k += 1
            if len(run) >= 2:
                pts = tuple(sorted(run))
                seen.setdefault(pts, len(fig.circles))
                fig.circles.append(CircleObj(pts, complex(z[o]), float(d[run[0]]), o))
    covered: set[tuple[int, int, int]] = set()
    for i in range(n):
        for j in range(i + 1, n):
            for k in range(j + 1, n):
                if (i, j, k) in covered:
                    continue
                center = _circumcenter(z[i], z[j], z[k])
                if center is None:
                    continue
                r = abs(z[i] - center)
                if r > limit:
                    continue
                pts = tuple(int(p) for p in np.flatnonzero(np.abs(np.abs(z - center) - r) <= tol))
                covered.update(_triples(pts))
                if pts in seen and fig.circles[seen[pts]].center_point is not None:
                    continue
                seen[pts] = len(fig.circles)
                fig.circles.append(CircleObj(pts, center, r))


def _triples(pts: Sequence[int]) -> Iterable[tuple[int, int, int]]:
    m = len(pts)
    for a in range(m):
        for b in range(a + 1, m):
            for c in range(b + 1, m):
                yield pts[a], pts[b], pts[c]


def _circumcenter(a: complex, b: complex, c: complex) -> complex | None:
    ab, ac = b - a, c - a
    d = 2 * (ab.real * ac.imag - ab.imag * ac.real)
    size = max(abs(ab), abs(ac), abs(c - b))
    if abs(d) <= 1e-9 * size * size:
        return None
    return complex(a + 1j * (ab * abs(ac) ** 2 - ac * abs(ab) ** 2) / d)


def _mark_drawn(fig: Figure, atoms: list[Atom], index: dict[str, int],
                named: bool = False) -> None:
    """Objects named by construction facts or the goal become drawn."""
    for atom in atoms:
        pts = [index[p] for p in _atom_points(atom) if p in index]
        if len(pts) < len(_atom_points(atom)):
            continue
        name = atom.predicate
        if name == "coll":
            _mark_line(fig, pts[0], pts[1], named)
        elif name in ("para", "perp", "eqangle", "cong", "eqratio", "aconst", "rconst"):
            for a, b in zip(pts[0::2], pts[1::2], strict=False):
                _mark_line(fig, a, b, named)
        elif name == "cyclic":
            _mark_circle(fig, pts)
        elif name == "circle":
            _mark_circle(fig, pts[1:], center=pts[0])
        elif name == "midp":
            _mark_line(fig, pts[1], pts[2], named)


def _mark_line(fig: Figure, a: int, b: int, named: bool = False) -> None:
    if a != b:
        ln = fig.line(a, b)
        ln.drawn = True
        ln.named = ln.named or named


def _mark_circle(fig: Figure, members: list[int], center: int | None = None) -> None:
    want = set(members)
    for c in fig.circles:
        if want <= set(c.points) and (center is None or c.center_point == center):
            if center is not None or len(want) >= 3:
                c.drawn = True


def _mark_polygons(fig: Figure, problem: Problem, index: dict[str, int]) -> None:
    """Sides of free polygons (triangle, quadrangle, ...) and free segments are drawn."""
    for clause in problem.clauses:
        for call in clause.constructions:
            spec = lookup(call.name)
            if spec is None or spec.given_points or not spec.is_shape:
                continue
            pts = [index[p] for p in call.args if p in index]
            if len(pts) == 2:
                _mark_line(fig, pts[0], pts[1], named=True)
            elif len(pts) >= 3:
                for a, b in zip(pts, pts[1:] + pts[:1], strict=True):
                    _mark_line(fig, a, b, named=True)


def _mark_circle_loci(fig: Figure, problem: Problem, index: dict[str, int]) -> None:
    """Circles that place a point (`on_circle`, `on_dia`, `intersection_cc`, ...) are drawn."""
    z = fig.z
    for clause in problem.clauses:
        for call in clause.constructions:
            spec = lookup(call.name)
            if spec is None or spec.is_shape:
                continue
            env = spec.binding(call.args)
            for sketch in spec.sketches:
                if sketch.name not in ("circle", "dia", "cyclic"):
                    continue
                try:
                    o, a, b, *_ = (*(z[index[env[p]]] for p in sketch.args), 0j)
                except KeyError:
                    continue
                if sketch.name == "circle":
                    center, radius = o, abs(b - a)
                elif sketch.name == "dia":
                    center, radius = (o + a) / 2, abs(a - o) / 2
                else:
                    found = _circumcenter(o, a, b)
                    if found is None:
                        continue
                    center, radius = found, abs(o - found)
                for c in fig.circles:
                    if abs(c.center - center) <= fig.tol and abs(c.radius - radius) <= fig.tol:
                        c.drawn = True
