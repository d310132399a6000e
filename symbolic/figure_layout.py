"""A figure laid out on the page: what `figure.Scene` shows, in page units (points,
1/72 inch, y downwards), with every label and tick placed.

Labels go where they cross no drawn line or circle and cover no other label or point:
each point tries positions around it (nearest first), the most crowded points choose
first, and a second pass moves any label still in conflict once the others are fixed.
An equal-length tick slides along its segment away from the places where other lines or
points cross it. `quality` counts what is left over; a test keeps it near zero on every
benchmark figure.

The layout is plain data (`to_json`) so that a browser can draw the same figure.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .figure import Scene, bounds, ends, label_parts

LONG_SIDE = 432.0  # pt: six inches
SHORT_SIDE = 180.0
FONT = 12.0  # label font size, pt
DOT = 2.1  # point radius, pt
TICK = 4.5  # half length of an equal-length tick, pt
TICK_CLEAR = 6.0  # a tick closer than this to a crossing counts as on it
PREMISE, AUX, GOAL = "premise", "aux", "goal"


@dataclass(frozen=True)
class Box:
    """An axis-parallel label box by centre and size."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box, margin: float = 0.0) -> bool:
        return (abs(self.x - other.x) * 2 < self.w + other.w + 2 * margin
                and abs(self.y - other.y) * 2 < self.h + other.h + 2 * margin)

    def contains(self, x: float, y: float, margin: float = 0.0) -> bool:
        return abs(x - self.x) <= self.w / 2 + margin and abs(y - self.y) <= self.h / 2 + margin

    def crosses_segment(self, s: Segment, margin: float = 0.0) -> bool:
        """Whether segment `s` passes through the box (Liang-Barsky clipping)."""
        x0, x1 = self.x - self.w / 2 - margin, self.x + self.w / 2 + margin
        y0, y1 = self.y - self.h / 2 - margin, self.y + self.h / 2 + margin
        dx, dy = s.x2 - s.x1, s.y2 - s.y1
        lo, hi = 0.0, 1.0
        for p, q in ((-dx, s.x1 - x0), (dx, x1 - s.x1), (-dy, s.y1 - y0), (dy, y1 - s.y1)):
            if p == 0:
                if q < 0:
                    return False
            else:
                t = q / p
                if p < 0:
                    lo = max(lo, t)
                else:
                    hi = min(hi, t)
                if lo > hi:
                    return False
        return True

    def crosses_circle(self, c: Ring, margin: float = 0.0) -> bool:
        """Whether circle `c` passes through the box: the nearest point of the box is
        inside the circle and the farthest outside."""
        hw, hh = self.w / 2 + margin, self.h / 2 + margin
        nx = max(self.x - hw, min(c.cx, self.x + hw)) - c.cx
        ny = max(self.y - hh, min(c.cy, self.y + hh)) - c.cy
        fx = max(abs(self.x - hw - c.cx), abs(self.x + hw - c.cx))
        fy = max(abs(self.y - hh - c.cy), abs(self.y + hh - c.cy))
        return math.hypot(nx, ny) <= c.r <= math.hypot(fx, fy)


@dataclass(frozen=True)
class Segment:
    """A drawn straight piece; `names` are the points of the whole line it belongs to."""

    x1: float
    y1: float
    x2: float
    y2: float
    role: str
    names: tuple[str, ...] = ()
    dashed: bool = False


@dataclass(frozen=True)
class Ring:
    """A drawn circle; `names` are the points on it, `center` its centre's name if any."""

    cx: float
    cy: float
    r: float
    role: str
    names: tuple[str, ...] = ()
    center: str = ""


@dataclass
class Layout:
    """Everything a figure draws, in page units, labels and ticks placed."""

    width: float
    height: float
    points: dict[str, tuple[float, float]]
    roles: dict[str, str]  # point -> premise | aux | goal
    lines: list[Segment] = field(default_factory=list)
    circles: list[Ring] = field(default_factory=list)
    marks: list[tuple[list[tuple[float, float]], str]] = field(default_factory=list)
    ticks: list[Segment] = field(default_factory=list)
    arcs: list[tuple[float, float, float, float, float]] = field(default_factory=list)
    labels: dict[str, Box] = field(default_factory=dict)

    def strokes(self) -> list[Segment]:
        """Every straight piece drawn: lines, right-angle marks, ticks."""
        marks = [Segment(*pts[i], *pts[i + 1], role) for pts, role in self.marks
                 for i in range(len(pts) - 1)]
        return [*self.lines, *marks, *self.ticks]

    def to_json(self) -> dict[str, Any]:
        """Compact plain data (coordinates to 0.1 pt) for the browser's renderer."""
        def r(v: float) -> float:
            return round(v, 1)
        return {
            "w": r(self.width), "h": r(self.height),
            "points": [[n, r(x), r(y), self.roles[n], r(self.labels[n].x), r(self.labels[n].y)]
                       for n, (x, y) in self.points.items()],
            "lines": [[r(s.x1), r(s.y1), r(s.x2), r(s.y2), s.role, " ".join(s.names),
                       int(s.dashed)] for s in self.lines],
            "circles": [[r(c.cx), r(c.cy), r(c.r), c.role, " ".join(c.names), c.center]
                        for c in self.circles],
            "marks": [[[[r(x), r(y)] for x, y in pts], role] for pts, role in self.marks],
            "ticks": [[r(t.x1), r(t.y1), r(t.x2), r(t.y2), t.role] for t in self.ticks],
            "arcs": [[r(x), r(y), r(rad), round(a, 3), round(b, 3)]
                     for x, y, rad, a, b in self.arcs],
        }


def label_size(name: str) -> tuple[float, float]:
    """The box a label of `name` takes at `FONT` (italic serif: letters about 0.55 em,
    subscript digits 0.42 em)."""
    letters, digits, primes = label_parts(name)
    return FONT * (0.56 * len(letters) + 0.42 * len(digits) + 0.22 * len(primes)) + 1.0, \
        FONT * 0.78


def layout(sc: Scene) -> Layout:
    """Place `sc` on a page whose long side is `LONG_SIDE`."""
    x0, x1, y0, y1 = bounds(sc)
    w, h = x1 - x0, y1 - y0
    if w >= h:
        width, height = LONG_SIDE, max(LONG_SIDE * h / w, SHORT_SIDE)
    else:
        width, height = max(LONG_SIDE * w / h, SHORT_SIDE), LONG_SIDE
    scale = min(width / w, height / h)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2

    def page(z: complex) -> tuple[float, float]:
        return width / 2 + (z.real - cx) * scale, height / 2 - (z.imag - cy) * scale

    pts = {n: page(z) for n, z in sc.points.items()}
    roles = {n: GOAL if n in sc.goal_points else AUX if n in sc.aux_points else PREMISE
             for n in pts}
    out = Layout(width, height, pts, roles)
    for line, core in zip(sc.lines, sc.line_core, strict=True):
        out.lines += _line_pieces(sc.points, line, core, page)
    for line in sc.goal_lines:
        a, b = ends(sc.points, line)
        out.lines.append(Segment(*page(a), *page(b), GOAL, tuple(line)))
    for circles, role in ((sc.circles, PREMISE), (sc.aux_circles, AUX), (sc.goal_circles, GOAL)):
        for c in circles:
            on = tuple(n for n, z in sc.points.items()
                       if abs(abs(z - c.center) - c.radius) <= 1e-6 * max(c.radius, 1e-12))
            centre = next((n for n, z in sc.points.items()
                           if abs(z - c.center) <= 1e-7 * max(c.radius, 1e-12)), "")
            out.circles.append(Ring(*page(c.center), c.radius * scale, role, on, centre))
    for v, p, q, goal in sc.right_angles:
        out.marks.append((_square(page(v), page(p), page(q), 8.0 if goal else 6.5),
                          GOAL if goal else PREMISE))
    for v, p, q in sc.aux_right_angles:
        out.marks.append((_square(page(v), page(p), page(q), 6.5), AUX))
    for i, (v, t1, t2) in enumerate(sc.arcs):
        # a second arc at the same vertex goes a little further out
        rad = 13.0 if i == 0 or abs(v - sc.arcs[0][0]) * scale > 5 else 18.0
        out.arcs.append((*page(v), rad, -t2, -t1))  # y flips: angles change sign and order
    out.ticks = [_tick(a, b, out) for a, b in sc.ticks if pts[a] != pts[b]]
    out.labels = place_labels(out)
    return out


def _line_pieces(zs: dict[str, complex], line: list[str], core: list[str],
                 page: Callable[[complex], tuple[float, float]]) -> list[Segment]:
    """A line as its solid part (between the points non-auxiliary objects use) and
    dashed auxiliary extensions beyond it."""
    a, b = ends(zs, line)
    u = (b - a) / abs(b - a)

    def t(n: str) -> float:
        return ((zs[n] - a) * u.conjugate()).real

    names = tuple(line)
    core_t = sorted(t(n) for n in core)
    if len(core_t) < 2 or core_t[-1] - core_t[0] <= 1e-9 * abs(b - a):
        return [Segment(*page(a), *page(b), AUX, names, dashed=True)]
    lo, hi, top = core_t[0], core_t[-1], abs(b - a)
    pieces = [Segment(*page(a + lo * u), *page(a + hi * u), PREMISE, names)]
    for s, e in ((0.0, lo), (hi, top)):
        if e - s > 1e-9 * top:
            pieces.append(Segment(*page(a + s * u), *page(a + e * u), AUX, names, dashed=True))
    return pieces


def _square(v: tuple[float, float], p: tuple[float, float], q: tuple[float, float],
            size: float) -> list[tuple[float, float]]:
    zv, zp, zq = complex(*v), complex(*p), complex(*q)
    u1, u2 = (zp - zv) / abs(zp - zv), (zq - zv) / abs(zq - zv)
    return [(z.real, z.imag) for z in (zv + size * u1, zv + size * (u1 + u2), zv + size * u2)]


def crossings(a: tuple[float, float], b: tuple[float, float], lay: Layout) -> list[float]:
    """Where, as fractions of segment ab, drawn lines and circles cross it or drawn
    points lie on it (the segment's own ends excluded)."""
    za, zb = complex(*a), complex(*b)
    d = zb - za
    n = abs(d)
    out = []
    for s in lay.lines:
        w = complex(s.x2 - s.x1, s.y2 - s.y1)
        cross = (d.conjugate() * w).imag
        if abs(cross) <= 1e-9 * n * abs(w):
            continue  # parallel: the same line, or never crossing
        r = complex(s.x1, s.y1) - za
        t, v = (r.conjugate() * w).imag / cross, (r.conjugate() * d).imag / cross
        if 0 < t < 1 and -1e-9 <= v <= 1 + 1e-9:
            out.append(t)
    for c in lay.circles:
        # |za + t d - c|^2 = r^2
        f = za - complex(c.cx, c.cy)
        qa, qb, qc = n * n, 2 * (f * d.conjugate()).real, abs(f) ** 2 - c.r ** 2
        disc = qb * qb - 4 * qa * qc
        if disc >= 0:
            out += [t for t in ((-qb - math.sqrt(disc)) / (2 * qa),
                                (-qb + math.sqrt(disc)) / (2 * qa)) if 0 < t < 1]
    for x, y in lay.points.values():
        z = complex(x, y) - za
        t = (z * d.conjugate()).real / (n * n)
        if 0 < t < 1 and abs((z * d.conjugate()).imag) / n <= 1.0:
            out.append(t)
    return [t for t in out if min(t, 1 - t) * n > 0.5]


def _tick(p: str, q: str, lay: Layout) -> Segment:
    """An equal-length tick across pq (its `names`): at the midpoint when clear, else at
    the place between 0.2 and 0.8 of the way farthest from every crossing."""
    a, b = lay.points[p], lay.points[q]
    n = math.dist(a, b)
    cuts = crossings(a, b, lay)

    def clearance(t: float) -> float:
        return min((abs(t - c) * n for c in cuts), default=math.inf)

    options = [0.5 + k * 0.025 for k in range(-12, 13)]
    best = max(options, key=lambda t: (min(clearance(t), 2 * TICK_CLEAR), -abs(t - 0.5)))
    mx, my = a[0] + best * (b[0] - a[0]), a[1] + best * (b[1] - a[1])
    px, py = -(b[1] - a[1]) / n * TICK, (b[0] - a[0]) / n * TICK
    return Segment(mx - px, my - py, mx + px, my + py, GOAL, (p, q))


# ---------------------------------------------------------------- labels


def place_labels(lay: Layout) -> dict[str, Box]:
    """A box for every point's label (see the module docstring)."""
    strokes = lay.strokes()
    sizes = {n: label_size(n) for n in lay.points}
    cx = sum(x for x, _ in lay.points.values()) / max(len(lay.points), 1)
    cy = sum(y for _, y in lay.points.values()) / max(len(lay.points), 1)

    def near(name: str) -> tuple[list[Segment], list[Ring]]:
        x, y = lay.points[name]
        reach = 40.0
        segs = [s for s in strokes if _segment_distance(x, y, s) <= reach]
        rings = [c for c in lay.circles if abs(math.hypot(x - c.cx, y - c.cy) - c.r) <= reach]
        return segs, rings

    around = {n: near(n) for n in lay.points}
    order = sorted(lay.points, key=lambda n: (-len(around[n][0]) - len(around[n][1]), n))
    placed: dict[str, Box] = {}
    for name in order:
        placed[name] = _best_box(name, lay, sizes[name], around[name], placed, (cx, cy))
    for _ in range(2):  # repair: move labels that still conflict, the others fixed
        for name in order:
            others = {k: v for k, v in placed.items() if k != name}
            if _conflicts(placed[name], name, lay, around[name], others):
                placed[name] = _best_box(name, lay, sizes[name], around[name], others,
                                         (cx, cy))
    return {n: placed[n] for n in lay.points}


def _segment_distance(x: float, y: float, s: Segment) -> float:
    dx, dy = s.x2 - s.x1, s.y2 - s.y1
    n2 = dx * dx + dy * dy
    t = 0.0 if n2 == 0 else max(0.0, min(1.0, ((x - s.x1) * dx + (y - s.y1) * dy) / n2))
    return math.hypot(x - s.x1 - t * dx, y - s.y1 - t * dy)


def _conflicts(box: Box, name: str, lay: Layout, near: tuple[list[Segment], list[Ring]],
               placed: dict[str, Box]) -> int:
    segs, rings = near
    return (sum(box.crosses_segment(s) for s in segs) + sum(box.crosses_circle(c) for c in rings)
            + sum(box.overlaps(b) for b in placed.values()))


def _best_box(name: str, lay: Layout, size: tuple[float, float],
              near: tuple[list[Segment], list[Ring]], placed: dict[str, Box],
              centre: tuple[float, float]) -> Box:
    x, y = lay.points[name]
    w, h = size
    segs, rings = near
    away = math.atan2(y - centre[1], x - centre[0]) if (x, y) != centre else -math.pi / 4
    others = [(n, p) for n, p in lay.points.items() if n != name]
    best, best_cost = Box(x + w / 2 + 3, y - h / 2 - 3, w, h), math.inf
    for gap in (2.5, 6.0, 11.0, 18.0, 28.0):
        for k in range(24):
            t = 2 * math.pi * k / 24
            # the box touches a ring of radius DOT + gap about the point
            ox = math.cos(t) * (w / 2 + DOT + gap)
            oy = math.sin(t) * (h / 2 + DOT + gap)
            box = Box(x + ox, y + oy, w, h)
            cost = 0.06 * gap - 0.6 * math.cos(t - away)
            if not (w / 2 <= box.x <= lay.width - w / 2 and h / 2 <= box.y <= lay.height - h / 2):
                cost += 200.0
            for s in segs:
                if box.crosses_segment(s):
                    cost += 100.0
                elif box.crosses_segment(s, 2.0):
                    cost += 2.0
            for c in rings:
                if box.crosses_circle(c):
                    cost += 100.0
                elif box.crosses_circle(c, 2.0):
                    cost += 2.0
            for b in placed.values():
                if box.overlaps(b, 1.0):
                    cost += 100.0
            for _n, (px, py) in others:
                if box.contains(px, py, DOT + 1.0):
                    cost += 60.0
            if cost < best_cost:
                best, best_cost = box, cost
        if best_cost < 50.0:
            break  # nothing crossed at this distance: nearer is better than farther
    return best


# ---------------------------------------------------------------- measuring


def quality(lay: Layout) -> dict[str, int]:
    """What a reader would trip over: labels overlapping another label, labels crossed
    by a drawn line or circle (its own point's lines included), labels covering another
    point, and ticks within `TICK_CLEAR` of a crossing."""
    strokes = lay.strokes()
    boxes = list(lay.labels.items())
    overlap = sum(any(b.overlaps(o) for m, o in boxes if m != n) for n, b in boxes)
    crossed = sum(any(b.crosses_segment(s) for s in strokes)
                  or any(b.crosses_circle(c) for c in lay.circles) for _n, b in boxes)
    covering = sum(any(b.contains(x, y, DOT) for m, (x, y) in lay.points.items() if m != n)
                   for n, b in boxes)
    ticks = 0
    for t in lay.ticks:
        mx, my = (t.x1 + t.x2) / 2, (t.y1 + t.y2) / 2
        a, b = (lay.points[n] for n in t.names)
        n = math.dist(a, b)
        at = math.dist(a, (mx, my)) / n
        if any(abs(at - c) * n < TICK_CLEAR for c in crossings(a, b, lay)):
            ticks += 1
    return {"labels": len(boxes), "label_overlaps_label": overlap,
            "label_crossed_by_line": crossed, "label_covers_point": covering,
            "ticks": len(lay.ticks), "tick_at_crossing": ticks}
