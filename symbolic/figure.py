"""Figures of numeric diagrams, drawn the way a geometry book draws them.

What to draw comes from the construction table: each clause's facts name the objects its
construction uses (`coll` a line through its points, `para`/`perp`/`cong`/`eqangle` the
segments involved, `circle`/`cyclic` and the `cong` of circle constructions a circle).
The goal's objects are drawn on top in a highlight colour, with right-angle marks,
equal-length ticks and equal-angle arcs where they apply. Auxiliary points, and the
objects only their constructions use, get their own colour and dashes; a line that
premises draw and an auxiliary point extends is solid over the premises' part.

This module says what to draw (`Scene`, in diagram coordinates); `figure_layout` places
it on the page (labels clear of lines and of each other, ticks clear of crossings) and
`figure_render` writes it with matplotlib (imported lazily, object API only: nothing GUI,
no pyplot state; SVG output is deterministic).
"""

from __future__ import annotations

import cmath
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .constructions import ConstructionSpec, lookup
from .errors import PappusError
from .predicates.spec import circumcenter
from .problem import Atom

if TYPE_CHECKING:
    from .diagram import Diagram

FORMATS = {".svg": "svg", ".png": "png"}

# `cong p a p b` in these constructions is a circle about p (the others are segments).
_CIRCLE_CONSTRUCTIONS = frozenset(
    {"on_circle", "intersection_cc", "intersection_lc", "2l1c", "e5128", "cc_tangent0",
     "cc_tangent", "tangent"})
# Shapes drawn as their polygon alone (their facts add diagonals and repeat the sides).
_POLYGONS = frozenset(
    {"triangle", "quadrangle", "pentagon", "segment", "iso_triangle", "r_triangle", "risos",
     "ieq_triangle", "triangle12", "eq_quadrangle", "eqdia_quadrangle", "eq_trapezoid",
     "trapezoid", "r_trapezoid", "rectangle", "isquare", "square"})
# Constructions whose figure shows only some of their facts (the rest would clutter it).
_ONLY = {"incenter2": {"coll", "perp"}, "excenter2": {"coll", "perp"}, "reflect": {"perp"},
         "centroid": {"coll"}, "ninepoints": {"coll"}}
_LINE_FACTS = frozenset({"coll", "perp", "para", "eqangle", "midp"})
_SEGMENT_PAIRS = {  # predicate -> which argument pairs are segments
    "para": 2, "perp": 2, "cong": 2, "npara": 2, "nperp": 2,
    "eqangle": 4, "eqratio": 4, "aconst": 2, "rconst": 2,
}
_TRIANGLES = frozenset({"simtri", "simtri2", "contri", "contri2"})


class FigureError(PappusError):
    """A figure that cannot be written (unknown format, unwritable path, bad coordinates)."""


def check_format(path: str | Path) -> str:
    """The output format for `path` (`svg` or `png`), or a `FigureError`."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        shown = repr(suffix) if suffix else "no suffix"
        raise FigureError(f"error: cannot draw to {str(path)!r}: {shown} is not a figure format\n"
                          f"  hint: name the output OUT.svg or OUT.png")
    return FORMATS[suffix]


# ---------------------------------------------------------------- scene: what to draw


@dataclass
class Circle:
    """A circle to draw, by centre and radius."""

    center: complex
    radius: float


@dataclass
class Scene:
    """Everything a figure shows, in diagram coordinates; no matplotlib involved."""

    points: dict[str, complex]
    lines: list[list[str]] = field(default_factory=list)  # each drawn end to end
    circles: list[Circle] = field(default_factory=list)
    goal_lines: list[list[str]] = field(default_factory=list)
    goal_circles: list[Circle] = field(default_factory=list)
    goal_points: set[str] = field(default_factory=set)
    right_angles: list[tuple[complex, complex, complex, bool]] = field(default_factory=list)
    ticks: list[tuple[str, str]] = field(default_factory=list)
    arcs: list[tuple[complex, float, float]] = field(default_factory=list)  # vertex, from, to
    aux_points: set[str] = field(default_factory=set)
    # per line of `lines`: its points that non-auxiliary objects use; the line is solid
    # between them and dashed beyond (all dashed when fewer than two)
    line_core: list[list[str]] = field(default_factory=list)
    aux_circles: list[Circle] = field(default_factory=list)
    aux_right_angles: list[tuple[complex, complex, complex]] = field(default_factory=list)


def clause_points(clauses: Iterable[str]) -> set[str]:
    """The points that clauses like `d e = foot d a b c, ...` introduce (left of `=`)."""
    names: set[str] = set()
    for clause in clauses:
        if "=" in clause:
            names.update(n.split("@")[0] for n in clause.split("=", 1)[0].split())
    return names


def scene(diagram: Diagram, highlight_goal: bool = True,
          aux_points: Iterable[str] = ()) -> Scene:
    """The objects of `diagram`'s figure; `aux_points` (names) are auxiliary."""
    pts = dict(diagram.points)
    for name, z in pts.items():
        if not (math.isfinite(z.real) and math.isfinite(z.imag)):
            raise FigureError(f"error: point {name!r} has no finite coordinates")
    sc = Scene(pts, aux_points=set(aux_points) & set(pts))
    groups: list[tuple[list[str], bool]] = []
    for clause, call in diagram.problem.constructions():
        spec = lookup(call.name)
        if spec is not None and len(call.args) == len(spec.signature):
            aux = any(n in sc.aux_points for n in clause.point_names)
            found: list[list[str]] = []
            _construction_objects(spec, call.args, pts, found,
                                  sc.aux_circles if aux else sc.circles)
            groups += [(g, aux) for g in found]
    sc.lines, sc.line_core = _merge(groups, pts)
    goal = diagram.problem.goal
    if highlight_goal and goal is not None and all(a in pts for a in _point_args(goal)):
        goal_groups: list[list[str]] = []
        _collect(goal, pts, goal_groups, sc.goal_circles)
        sc.goal_lines = _merge([(g, False) for g in goal_groups], pts)[0]
        sc.goal_points = set(_point_args(goal))
        _goal_marks(goal, pts, sc)
    sc.circles = _dedupe_circles(sc.circles, sc.goal_circles)
    sc.aux_circles = _dedupe_circles(sc.aux_circles, [*sc.goal_circles, *sc.circles])
    for atom, aux in _perp_facts(diagram, sc.aux_points):
        _right_angle(atom.args, pts, sc, goal=False, aux=aux)
    return sc


def _point_args(atom: Atom) -> tuple[str, ...]:
    return atom.args[:-1] if atom.predicate in ("aconst", "rconst") else atom.args


def _distinct(pts: dict[str, complex], a: str, b: str) -> bool:
    scale = max((abs(z) for z in pts.values()), default=1.0) or 1.0
    return a in pts and b in pts and abs(pts[a] - pts[b]) > 1e-9 * scale


def _construction_objects(spec: ConstructionSpec, args: tuple[str, ...],
                          pts: dict[str, complex], groups: list[list[str]],
                          circles: list[Circle]) -> None:
    """The lines and circles one construction call uses, from its facts."""
    env = spec.binding(args)
    if spec.name in _POLYGONS:
        corners = [env[x] for x in spec.signature if env[x] in pts]
        groups += [[corners[i], corners[(i + 1) % len(corners)]]
                   for i in range(len(corners) if len(corners) > 2 else 1)]
        return
    new = {env[p] for p in spec.new_points}
    facts = spec.instantiate(spec.facts, args)
    centres = _equidistant_circles(facts, pts, circles)
    states_lines = any(a.predicate in _LINE_FACTS for a in facts)
    only = _ONLY.get(spec.name)
    for atom in facts:
        if atom.predicate == "cong" and len(atom.args) == 4:
            centre = _shared(atom.args)
            if centre in centres:
                continue  # radii of a circle drawn anyway
            if centre is not None and spec.name in _CIRCLE_CONSTRUCTIONS and centre not in new:
                through = next(x for x in atom.args if x != centre)
                if centre in pts and through in pts:
                    circles.append(Circle(pts[centre], abs(pts[through] - pts[centre])))
                continue
            if states_lines:
                continue  # equal lengths are a consequence here, not a drawn object
        if only is None or atom.predicate in only:
            _collect(atom, pts, groups, circles)


def _collect(atom: Atom, pts: dict[str, complex], groups: list[list[str]],
             circles: list[Circle]) -> None:
    """Add the lines and circles that `atom` talks about."""
    p, args = atom.predicate, _point_args(atom)
    if any(a not in pts for a in args):
        return
    if p == "coll" or p == "midp":
        groups.append(list(dict.fromkeys(args)))
    elif p in _SEGMENT_PAIRS:
        for i in range(0, 2 * _SEGMENT_PAIRS[p], 2):
            if i + 1 < len(args) and _distinct(pts, args[i], args[i + 1]):
                groups.append([args[i], args[i + 1]])
    elif p == "circle" and len(args) >= 2:
        circles.append(Circle(pts[args[0]], abs(pts[args[1]] - pts[args[0]])))
    elif p == "cyclic" and len(args) >= 3:
        circle = _through(pts, args)
        if circle is not None:
            circles.append(circle)
    elif p in _TRIANGLES:
        for tri in (args[:3], args[3:6]):
            for i in range(len(tri)):
                if _distinct(pts, tri[i], tri[(i + 1) % len(tri)]):
                    groups.append([tri[i], tri[(i + 1) % len(tri)]])


def _shared(args: tuple[str, ...]) -> str | None:
    common = set(args[:2]) & set(args[2:4])
    return sorted(common)[0] if len(common) == 1 else None


def _through(pts: dict[str, complex], names: tuple[str, ...]) -> Circle | None:
    zs = list(dict.fromkeys(pts[n] for n in names))
    for i in range(len(zs)):
        for j in range(i + 1, len(zs)):
            for k in range(j + 1, len(zs)):
                c = circumcenter(zs[i], zs[j], zs[k])
                if c is not None:
                    return Circle(c, abs(zs[i] - c))
    return None


def _equidistant_circles(atoms: list[Atom], pts: dict[str, complex],
                         circles: list[Circle]) -> set[str]:
    """Circles the facts draw: `circle o a b c`, `cyclic`, and a point made equidistant
    from three or more points. Returns the centres, whose `cong` radii need no drawing."""
    around: dict[str, set[str]] = {}
    for atom in atoms:
        if atom.predicate == "cong" and len(atom.args) == 4:
            center = _shared(atom.args)
            if center is not None:
                around.setdefault(center, set()).update(x for x in atom.args if x != center)
        elif atom.predicate == "circle" and atom.args:
            around.setdefault(atom.args[0], set()).update(atom.args[1:])
    centres = set()
    for center, through in around.items():
        if len(through) >= 3 and center in pts and all(t in pts for t in through):
            circles.append(Circle(pts[center], abs(pts[sorted(through)[0]] - pts[center])))
            centres.add(center)
    return centres


def _collinear(pts: dict[str, complex], names: list[str]) -> bool:
    a, b = ends(pts, names)
    size = abs(b - a)
    if size == 0:
        return True
    return all(abs(((pts[n] - a) * (b - a).conjugate()).imag) <= 1e-7 * size * size
               for n in names)


def _merge(groups: list[tuple[list[str], bool]], pts: dict[str, complex]
           ) -> tuple[list[list[str]], list[list[str]]]:
    """Unite groups of collinear points that share a point into one line each. Returns
    the lines and, for each, the points of its non-auxiliary groups (its solid part)."""
    lines: list[tuple[list[str], set[str]]] = []
    for group, aux in groups:
        if len({pts[n] for n in group}) < 2:
            continue
        merged, core, changed = list(group), set() if aux else set(group), True
        while changed:
            changed, rest = False, []
            for line, line_core in lines:
                if any(n in merged for n in line) and _collinear(pts, [*line, *merged]):
                    merged, changed = list(dict.fromkeys([*line, *merged])), True
                    core |= line_core
                else:
                    rest.append((line, line_core))
            lines = rest
        lines.append((merged, core))
    return [m for m, _ in lines], [[n for n in m if n in core] for m, core in lines]


def _dedupe_circles(circles: list[Circle], goal: list[Circle]) -> list[Circle]:
    out: list[Circle] = []
    for c in circles:
        same = [o for o in [*out, *goal]
                if abs(o.center - c.center) <= 1e-7 * max(c.radius, 1e-12)
                and abs(o.radius - c.radius) <= 1e-7 * max(c.radius, 1e-12)]
        if not same and c.radius > 0:
            out.append(c)
    return out


def _perp_facts(diagram: Diagram, aux_points: set[str]) -> list[tuple[Atom, bool]]:
    """The constructions' perpendicularities, each with whether an auxiliary clause
    states it."""
    out = []
    for clause, call in diagram.problem.constructions():
        spec = lookup(call.name)
        if spec is not None and len(call.args) == len(spec.signature):
            aux = any(n in aux_points for n in clause.point_names)
            out += [(a, aux) for a in spec.instantiate(spec.facts, call.args)
                    if a.predicate == "perp"]
    return out


def _vertex(pts: dict[str, complex], a: str, b: str, c: str, d: str) -> tuple[complex, str, str]:
    """Where lines ab and cd meet at a named point: (vertex, far end on ab, far end on cd);
    the far ends are empty strings when the lines meet elsewhere or not at all."""
    za, zb, zc, zd = pts[a], pts[b], pts[c], pts[d]
    u, w = zb - za, zd - zc
    cross = (u.conjugate() * w).imag
    size = max(abs(u), abs(w))
    if size == 0 or abs(cross) <= 1e-9 * size * size:
        return 0j, "", ""
    t = ((zc - za).conjugate() * w).imag / cross
    meet = za + t * u
    if not any(abs(z - meet) <= 1e-7 * size for z in pts.values()):
        return 0j, "", ""
    p = a if abs(za - meet) >= abs(zb - meet) else b
    q = c if abs(zc - meet) >= abs(zd - meet) else d
    return meet, p, q


def _right_angle(args: tuple[str, ...], pts: dict[str, complex], sc: Scene, goal: bool,
                 aux: bool = False) -> None:
    if len(args) != 4 or any(a not in pts for a in args):
        return
    v, p, q = _vertex(pts, *args)
    if not p:
        return
    marked = [e[0] for e in sc.right_angles] + [e[0] for e in sc.aux_right_angles]
    if not any(abs(m - v) <= 1e-9 * max(abs(v), 1.0) for m in marked):
        if aux:
            sc.aux_right_angles.append((v, pts[p], pts[q]))
        else:
            sc.right_angles.append((v, pts[p], pts[q], goal))


def _goal_marks(goal: Atom, pts: dict[str, complex], sc: Scene) -> None:
    args = goal.args
    if goal.predicate == "perp":
        _right_angle(args, pts, sc, goal=True)
    elif goal.predicate == "cong" and len(args) == 4:
        sc.ticks += [(args[0], args[1]), (args[2], args[3])]
    elif goal.predicate == "midp" and len(args) == 3:
        sc.ticks += [(args[0], args[1]), (args[0], args[2])]
    elif goal.predicate == "eqangle" and len(args) == 8:
        for quad in (args[:4], args[4:]):
            v, p, q = _vertex(pts, *quad)
            if p and q:
                a1, a2 = cmath.phase(pts[p] - v), cmath.phase(pts[q] - v)
                if (a2 - a1) % (2 * math.pi) > math.pi:
                    a1, a2 = a2, a1
                sc.arcs.append((v, a1, a2))


# ---------------------------------------------------------------- files


def draw(diagram: Diagram, path: str | Path, *, highlight_goal: bool = True,
         dpi: int = 200, aux_points: Iterable[str] = ()) -> Path:
    """Draw `diagram` to `path`, SVG or PNG by its suffix; returns the path written.
    `aux_points` are drawn as auxiliary (dashed, in their own colour)."""
    from .figure_layout import layout
    from .figure_render import render

    fmt = check_format(path)
    return render(layout(scene(diagram, highlight_goal, aux_points)), Path(path), fmt, dpi)


def ends(pts: dict[str, complex], names: list[str]) -> tuple[complex, complex]:
    """The two points of `names` farthest apart (a line is drawn between them)."""
    zs = [pts[n] for n in names]
    return max(((a, b) for a in zs for b in zs), key=lambda ab: abs(ab[0] - ab[1]))


def bounds(sc: Scene) -> tuple[float, float, float, float]:
    """x0, x1, y0, y1 of what the figure shows, padded."""
    zs = list(sc.points.values()) or [0j]
    x0, x1 = min(z.real for z in zs), max(z.real for z in zs)
    y0, y1 = min(z.imag for z in zs), max(z.imag for z in zs)
    size = max(x1 - x0, y1 - y0) or 1.0
    for c in [*sc.circles, *sc.goal_circles, *sc.aux_circles]:
        if c.radius <= 1.5 * size:  # a huge circle is shown as the arc crossing the figure
            x0, x1 = min(x0, c.center.real - c.radius), max(x1, c.center.real + c.radius)
            y0, y1 = min(y0, c.center.imag - c.radius), max(y1, c.center.imag + c.radius)
    pad = 0.09 * max(x1 - x0, y1 - y0, size)
    return x0 - pad, x1 + pad, y0 - pad, y1 + pad


_NAME = re.compile(r"^([A-Za-z]+)_?(\d+)?('*)$")


def label_parts(name: str) -> tuple[str, str, str]:
    """A point name as (letters, subscript digits, primes); ('weird_name', '', '') when
    the name is not of that form."""
    m = _NAME.match(name)
    if not m:
        return name, "", ""
    return m.group(1), m.group(2) or "", m.group(3) or ""


def label(name: str) -> str:
    """A point name as a book prints it: italic, digits as subscripts (`g1` -> $g_{1}$).
    Names of letters alone stay plain text (drawn in italics; mathtext is slow)."""
    letters, digits, primes = label_parts(name)
    if not (digits or primes):
        return name
    sub = f"_{{{digits}}}" if digits else ""
    return f"${letters}{sub}{primes}$"
