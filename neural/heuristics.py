"""The catalogue of auxiliary points and the numeric cues that rank them.

Each catalogue entry (a *kind*) enumerates points built from the figure's objects
(`neural.objects`): midpoints, feet, reflections, circumcentres, intersections of
lines and circles, tangents, bisectors, and so on. A candidate carries its clause, its
coordinates, and the loci it was built on (so that its incidences with them count for
nothing). `score` ranks candidates by what the point does in the figure: landing on an
existing line or circle it was not built from, being a midpoint or an equidistant point
of existing points, and by how close it is to the goal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .objects import CircleObj, Figure, LineObj

# Line loci are (point, unit direction); circle loci (centre, radius).
LineLocus = tuple[complex, complex]
CircleLocus = tuple[complex, float]


@dataclass
class Candidate:
    """One proposed point: its kind, calls (`x` is the new point), position and origin."""

    kind: str
    calls: tuple[tuple[str, tuple[str, ...]], ...]
    z: complex
    uses: tuple[int, ...]
    lines: tuple[LineLocus, ...] = ()
    circles: tuple[CircleLocus, ...] = ()
    equal: tuple[int, ...] = ()  # points the construction puts at one distance from it
    score: float = 0.0

    def clause(self, x: str) -> str:
        parts = [" ".join((name, *(x if a == "\0" else a for a in args)))
                 for name, args in self.calls]
        return f"{x} = " + ", ".join(parts)


X = "\0"  # the new point's place in a call's arguments
# Most candidates one generator may give (the most goal-relevant are kept).
GENERATOR_CAP = 1000


def _perp(u: complex) -> complex:
    return u * 1j


def _unit(v: complex) -> complex:
    return v / abs(v)


def _meet(p1: complex, u1: complex, p2: complex, u2: complex) -> complex | None:
    """Where the lines through p1 along u1 and through p2 along u2 meet (None: parallel)."""
    u1, u2 = _unit(u1), _unit(u2)
    den = (u1.conjugate() * u2).imag
    if abs(den) < 1e-9:
        return None
    t = ((p2 - p1).conjugate() * u2).imag / den
    return p1 + t * u1


def _second(b: complex, u: complex, center: complex) -> complex | None:
    """The second point where the line through b (on the circle) along unit u meets it."""
    t = -2 * ((b - center).conjugate() * u).real
    return None if abs(t) < 1e-9 * abs(b - center) else b + t * u


class Catalogue:
    """Enumerates every kind's candidates for one figure."""

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.n = n = len(fig.names)
        self.names = fig.names
        self.z = [complex(w) for w in fig.z]
        self.drawn_lines = fig.drawn_lines()
        self.main_lines = fig.main_lines()
        # Lines to drop perpendiculars on: all of them in small figures, drawn ones else.
        self.foot_lines = fig.lines if n <= 16 else self.drawn_lines
        self.drawn_circles = [c for c in fig.circles if c.drawn or len(c.points) >= 4
                              or (c.center_point is not None and len(c.points) >= 3)]
        self.triangles = fig.triangles()

    def n_(self, i: int) -> str:
        return self.names[i]

    def rep(self, ln: LineObj) -> tuple[str, str]:
        return self.names[ln.points[0]], self.names[ln.points[1]]

    def circle_call(self, c: CircleObj, through: int) -> tuple[str, tuple[str, ...]]:
        """A locus call for the circle, written through the member `through`."""
        if c.center_point is not None:
            return "on_circle", (X, self.n_(c.center_point), self.n_(through))
        others = [p for p in c.points if p != through][:2]
        return "on_circum", (X, self.n_(through), *map(self.n_, others))

    def all(self, kinds: frozenset[str] | None = None) -> Iterator[Candidate]:
        """Every candidate (of `kinds` only, when given).

        A generator's candidates beyond GENERATOR_CAP (large figures) are cut to those
        built from the points most relevant to the goal.
        """
        weight = self.fig.weight
        for generate, makes in GENERATORS:
            if kinds is None or kinds.intersection(makes):
                found = [c for c in generate(self) if kinds is None or c.kind in kinds]
                if len(found) > GENERATOR_CAP:
                    relevance = [sum(weight[p] for p in c.uses) / len(c.uses) for c in found]
                    order = sorted(range(len(found)), key=lambda k: -relevance[k])
                    found = [found[k] for k in sorted(order[:GENERATOR_CAP])]
                yield from found

    # ------------------------------------------------------------ points of points

    def midpoints(self) -> Iterator[Candidate]:
        z = self.z
        for a in range(self.n):
            for b in range(a + 1, self.n):
                ln = (z[a], _unit(z[b] - z[a]))
                yield Candidate("midpoint", (("midpoint", (X, self.n_(a), self.n_(b))),),
                                (z[a] + z[b]) / 2, (a, b), (ln,), equal=(a, b))

    def mirrors(self) -> Iterator[Candidate]:
        z = self.z
        for a in range(self.n):
            for b in range(self.n):
                if a != b:
                    yield Candidate("mirror", (("mirror", (X, self.n_(a), self.n_(b))),),
                                    2 * z[b] - z[a], (a, b), ((z[a], _unit(z[b] - z[a])),),
                                    ((z[b], abs(z[b] - z[a])),))

    def feet_and_reflections(self) -> Iterator[Candidate]:
        z = self.z
        for ln in self.foot_lines:
            p, q = self.rep(ln)
            on = set(ln.points)
            for a in range(self.n):
                if a in on:
                    continue
                t = ((z[a] - ln.origin) * ln.direction.conjugate()).real
                f = ln.origin + t * ln.direction
                alt = (z[a], _perp(ln.direction))
                uses = (a, ln.points[0], ln.points[1])
                yield Candidate("foot", (("foot", (X, self.n_(a), p, q)),), f, uses,
                                ((ln.origin, ln.direction), alt))
                rings = tuple((z[m], abs(z[m] - z[a])) for m in ln.points)
                yield Candidate("reflect", (("reflect", (X, self.n_(a), p, q)),), 2 * f - z[a],
                                uses, (alt,), rings)

    def parallelograms(self) -> Iterator[Candidate]:
        z, fig = self.z, self.fig
        for b in range(self.n):
            for a in range(self.n):
                for c in range(a + 1, self.n):
                    if b in (a, c) or not (fig.drawn_segment(a, b) and fig.drawn_segment(b, c)):
                        continue
                    if fig.line_of[(min(a, b), max(a, b))] == fig.line_of[(min(b, c), max(b, c))]:
                        continue
                    w = z[a] + z[c] - z[b]
                    yield Candidate("parallelogram",
                                    (("parallelogram", (self.n_(a), self.n_(b), self.n_(c), X)),),
                                    w, (a, b, c),
                                    ((z[a], _unit(z[c] - z[b])), (z[c], _unit(z[a] - z[b]))))

    # ------------------------------------------------------------ centres

    def circumcenters(self) -> Iterator[Candidate]:
        for c in self.fig.circles:
            if c.center_point is not None or len(c.points) < 3:
                continue
            a, b, d = c.points[:3]
            yield Candidate("circumcenter", (("circumcenter", (X, *map(self.n_, (a, b, d)))),),
                            c.center, (a, b, d), equal=c.points)

    def triangle_centres(self) -> Iterator[Candidate]:
        z = self.z
        for a, b, c in self.triangles:
            za, zb, zc = z[a], z[b], z[c]
            la, lb, lc = abs(zc - zb), abs(za - zc), abs(zb - za)
            names = (self.n_(a), self.n_(b), self.n_(c))
            h = _meet(za, _perp(zc - zb), zb, _perp(za - zc))
            if h is not None:
                yield Candidate("orthocenter", (("orthocenter", (X, *names)),), h, (a, b, c),
                                ((za, _unit(_perp(zc - zb))), (zb, _unit(_perp(za - zc)))))
            i = (la * za + lb * zb + lc * zc) / (la + lb + lc)
            yield Candidate("incenter", (("incenter", (X, *names)),), i, (a, b, c),
                            ((za, _unit(i - za)), (zb, _unit(i - zb))))
            for (p, lp), (q, _), (r, _) in (((a, la), (b, lb), (c, lc)),
                                            ((b, lb), (c, lc), (a, la)),
                                            ((c, lc), (a, la), (b, lb))):
                lq, lr = abs(z[p] - z[r]), abs(z[q] - z[p])
                den = -lp + lq + lr
                if abs(den) < 1e-9:
                    continue
                e = (-lp * z[p] + lq * z[q] + lr * z[r]) / den
                yield Candidate("excenter", (("excenter", (X, *map(self.n_, (p, q, r)))),), e,
                                (p, q, r), ((z[p], _unit(e - z[p])),))

    def bisector_feet(self) -> Iterator[Candidate]:
        z = self.z
        for tri in self.triangles:
            for k in range(3):
                b, a, c = tri[k], tri[(k + 1) % 3], tri[(k + 2) % 3]
                u = _unit(z[a] - z[b]) + _unit(z[c] - z[b])
                if abs(u) < 1e-9:
                    continue
                side = (z[a], _unit(z[c] - z[a]))
                w = _meet(z[b], _unit(u), *side)
                if w is None:
                    continue
                yield Candidate("bisector_foot",
                                (("angle_bisector", (X, self.n_(a), self.n_(b), self.n_(c))),
                                 ("on_line", (X, self.n_(a), self.n_(c)))),
                                w, (a, b, c), (side, (z[b], _unit(u))))

    # ------------------------------------------------------------ line meets line

    def line_line(self) -> Iterator[Candidate]:
        drawn = self.drawn_lines
        ids = {id(ln) for ln in drawn}
        for i, l1 in enumerate(drawn):
            for l2 in [*drawn[i + 1:], *(ln for ln in self.fig.lines if id(ln) not in ids)]:
                if set(l1.points) & set(l2.points):
                    continue
                w = _meet(l1.origin, l1.direction, l2.origin, l2.direction)
                if w is None:
                    continue
                (a, b), (c, d) = self.rep(l1), self.rep(l2)
                yield Candidate("line_line", (("on_line", (X, a, b)), ("on_line", (X, c, d))), w,
                                (*l1.points[:2], *l2.points[:2]),
                                ((l1.origin, l1.direction), (l2.origin, l2.direction)))

    def through_point(self) -> Iterator[Candidate]:
        """Perpendiculars and parallels through a point meeting a drawn line."""
        z = self.z
        for l1 in self.main_lines:
            a, b = self.rep(l1)
            for l2 in self.main_lines:
                if l2 is l1:
                    continue
                d, e = self.rep(l2)
                on2 = set(l2.points)
                for c in range(self.n):
                    if c in l1.points:
                        continue
                    for kind, u, call in (("perp_line", _perp(l2.direction), "on_tline"),
                                          ("para_line", l2.direction, "on_pline")):
                        if call == "on_pline" and c in on2:
                            continue
                        w = _meet(l1.origin, l1.direction, z[c], u)
                        if w is None:
                            continue
                        yield Candidate(kind, (("on_line", (X, a, b)),
                                               (call, (X, self.n_(c), d, e))), w,
                                        (*l1.points[:2], c, *l2.points[:2]),
                                        ((l1.origin, l1.direction), (z[c], u)))

    def bline_line(self) -> Iterator[Candidate]:
        z = self.z
        for a in range(self.n):
            for b in range(a + 1, self.n):
                mid, u = (z[a] + z[b]) / 2, _unit(_perp(z[b] - z[a]))
                for ln in self.main_lines:
                    if a in ln.points and b in ln.points:
                        continue
                    w = _meet(mid, u, ln.origin, ln.direction)
                    if w is None:
                        continue
                    p, q = self.rep(ln)
                    yield Candidate("bline_line", (("on_bline", (X, self.n_(a), self.n_(b))),
                                                   ("on_line", (X, p, q))), w,
                                    (a, b, *ln.points[:2]), ((ln.origin, ln.direction), (mid, u)),
                                    equal=(a, b))

    def extensions(self) -> Iterator[Candidate]:
        """Segment ca extended beyond a by the length of a drawn segment ab."""
        z, fig = self.z, self.fig
        for a in range(self.n):
            for c in range(self.n):
                if c == a or not fig.drawn_segment(a, c):
                    continue
                for b in range(self.n):
                    if b in (a, c) or not fig.drawn_segment(a, b):
                        continue
                    r = abs(z[b] - z[a])
                    w = z[a] + r * _unit(z[a] - z[c])
                    yield Candidate("extension", (("on_circle", (X, self.n_(a), self.n_(b))),
                                                  ("on_opline", (X, self.n_(a), self.n_(c)))),
                                    w, (a, b, c), ((z[a], _unit(z[a] - z[c])),), ((z[a], r),))

    # ------------------------------------------------------------ circles

    def line_circle(self) -> Iterator[Candidate]:
        """Second meeting points of a circle with lines through one of its points."""
        z = self.z
        for c in self.drawn_circles:
            ring = (c.center, c.radius)
            on = set(c.points)
            for b in c.points:
                for a in range(self.n):
                    if a in on:
                        continue
                    u = _unit(z[a] - z[b])
                    w = _second(z[b], u, c.center)
                    if w is None:
                        continue
                    if c.center_point is not None:
                        calls: tuple = (("intersection_lc",
                                         (X, self.n_(a), self.n_(c.center_point), self.n_(b))),)
                    else:
                        calls = (("on_line", (X, self.n_(a), self.n_(b))), self.circle_call(c, b))
                    yield Candidate("line_circle", calls, w, (a, b), ((z[b], u),), (ring,))
                for ln in self.main_lines:
                    if b in ln.points:
                        continue
                    p, q = self.rep(ln)
                    for kind, u, call in (("circle_perp", _perp(ln.direction), "on_tline"),
                                          ("circle_para", ln.direction, "on_pline")):
                        w = _second(z[b], u, c.center)
                        if w is None:
                            continue
                        yield Candidate(kind, ((call, (X, self.n_(b), p, q)),
                                               self.circle_call(c, b)), w,
                                        (b, *ln.points[:2]), ((z[b], u),), (ring,))

    def circle_circle(self) -> Iterator[Candidate]:
        circles = self.drawn_circles
        for i, c1 in enumerate(circles):
            for c2 in circles[i + 1:]:
                common = set(c1.points) & set(c2.points)
                if len(common) != 1:
                    continue
                a = next(iter(common))
                v = c2.center - c1.center
                if abs(v) < 1e-9 * c1.radius:
                    continue
                # The second common point is the mirror of a in the line of centres.
                u = _unit(v)
                t = ((self.z[a] - c1.center) * u.conjugate()).real
                w = 2 * (c1.center + t * u) - self.z[a]
                if c1.center_point is not None and c2.center_point is not None:
                    calls: tuple = (("intersection_cc", (X, self.n_(c1.center_point),
                                                         self.n_(c2.center_point), self.n_(a))),)
                else:
                    calls = (self.circle_call(c1, a), self.circle_call(c2, a))
                yield Candidate("circle_circle", calls, w, (a, *c1.points[:2], *c2.points[:2]),
                                (), ((c1.center, c1.radius), (c2.center, c2.radius)))

    def arcs(self) -> Iterator[Candidate]:
        """Arc midpoints (bisector from a third point) and antipodes."""
        z = self.z
        for c in self.drawn_circles:
            ring = (c.center, c.radius)
            pts = c.points
            for b in pts:
                for a in pts:
                    for d in pts:
                        if len({a, b, d}) < 3:
                            continue
                        if a < d:
                            u = _unit(_unit(z[a] - z[b]) + _unit(z[d] - z[b]))
                            w = _second(z[b], u, c.center)
                            if w is not None:
                                names = (self.n_(a), self.n_(b), self.n_(d))
                                circ = (("on_circle", (X, self.n_(c.center_point), names[1]))
                                        if c.center_point is not None
                                        else ("on_circum", (X, *names)))
                                yield Candidate("arc_midpoint",
                                                (("angle_bisector", (X, *names)), circ), w,
                                                (a, b, d), ((z[b], u),), (ring,))
                        if c.center_point is None:
                            u = _unit(_perp(z[a] - z[b]))
                            w = 2 * c.center - z[a]
                            nb, na, nd = self.n_(b), self.n_(a), self.n_(d)
                            yield Candidate("antipode", (("on_tline", (X, nb, nb, na)),
                                                         ("on_circum", (X, nb, na, nd))),
                                            w, (a, b, d), ((z[b], u),), (ring,))

    def tangents(self) -> Iterator[Candidate]:
        """Tangents at points of circles with a centre: meeting drawn lines, each other."""
        z = self.z
        for c in self.drawn_circles:
            if c.center_point is None:
                continue
            o = self.n_(c.center_point)
            for i, a in enumerate(c.points):
                ta = (z[a], _unit(_perp(z[a] - c.center)))
                for b in c.points[i + 1:]:
                    tb = (z[b], _unit(_perp(z[b] - c.center)))
                    w = _meet(*ta, *tb)
                    if w is not None:
                        yield Candidate("tangents", (("lc_tangent", (X, self.n_(a), o)),
                                                     ("lc_tangent", (X, self.n_(b), o))), w,
                                        (a, b, c.center_point), (ta, tb))
                for ln in self.drawn_lines:
                    if a in ln.points:
                        continue
                    w = _meet(*ta, ln.origin, ln.direction)
                    if w is None:
                        continue
                    p, q = self.rep(ln)
                    yield Candidate("tangent_line", (("lc_tangent", (X, self.n_(a), o)),
                                                     ("on_line", (X, p, q))), w,
                                    (a, c.center_point, *ln.points[:2]),
                                    (ta, (ln.origin, ln.direction)))


# Each generator of the catalogue, with the kinds its candidates have.
GENERATORS: tuple[tuple[Callable[[Catalogue], Iterator[Candidate]], tuple[str, ...]], ...] = (
    (Catalogue.midpoints, ("midpoint",)),
    (Catalogue.mirrors, ("mirror",)),
    (Catalogue.feet_and_reflections, ("foot", "reflect")),
    (Catalogue.parallelograms, ("parallelogram",)),
    (Catalogue.circumcenters, ("circumcenter",)),
    (Catalogue.triangle_centres, ("orthocenter", "incenter", "excenter")),
    (Catalogue.bisector_feet, ("bisector_foot",)),
    (Catalogue.line_line, ("line_line",)),
    (Catalogue.through_point, ("perp_line", "para_line")),
    (Catalogue.bline_line, ("bline_line",)),
    (Catalogue.extensions, ("extension",)),
    (Catalogue.line_circle, ("line_circle", "circle_perp", "circle_para")),
    (Catalogue.circle_circle, ("circle_circle",)),
    (Catalogue.arcs, ("arc_midpoint", "antipode")),
    (Catalogue.tangents, ("tangents", "tangent_line")),
)

# Every kind a candidate can have.
ALL_KINDS = tuple(kind for _, kinds in GENERATORS for kind in kinds)
