"""Figures of numeric diagrams, drawn the way a geometry book draws them.

What to draw comes from the construction table: each clause's facts name the objects its
construction uses (`coll` a line through its points, `para`/`perp`/`cong`/`eqangle` the
segments involved, `circle`/`cyclic` and the `cong` of circle constructions a circle).
The goal's objects are drawn on top in a highlight colour, with right-angle marks,
equal-length ticks and equal-angle arcs where they apply. Points are labelled away from
the lines through them.

matplotlib is imported lazily, and only through its object API (`Figure`, which renders
with Agg or the SVG backend): nothing GUI, no pyplot state. SVG output is deterministic.
"""

from __future__ import annotations

import cmath
import math
import re
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
INK, GOAL = "#1a1a1a", "#d1352b"

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


def scene(diagram: Diagram, highlight_goal: bool = True) -> Scene:
    """The objects of `diagram`'s figure."""
    pts = dict(diagram.points)
    for name, z in pts.items():
        if not (math.isfinite(z.real) and math.isfinite(z.imag)):
            raise FigureError(f"error: point {name!r} has no finite coordinates")
    sc = Scene(pts)
    groups: list[list[str]] = []
    for _clause, call in diagram.problem.constructions():
        spec = lookup(call.name)
        if spec is not None and len(call.args) == len(spec.signature):
            _construction_objects(spec, call.args, pts, groups, sc.circles)
    sc.lines = _merge(groups, pts)
    goal = diagram.problem.goal
    if highlight_goal and goal is not None and all(a in pts for a in _point_args(goal)):
        goal_groups: list[list[str]] = []
        _collect(goal, pts, goal_groups, sc.goal_circles)
        sc.goal_lines = _merge(goal_groups, pts)
        sc.goal_points = set(_point_args(goal))
        _goal_marks(goal, pts, sc)
    sc.circles = _dedupe_circles(sc.circles, sc.goal_circles)
    for atom in _perp_facts(diagram):
        _right_angle(atom.args, pts, sc, goal=False)
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
    a, b = _ends(pts, names)
    size = abs(b - a)
    if size == 0:
        return True
    return all(abs(((pts[n] - a) * (b - a).conjugate()).imag) <= 1e-7 * size * size
               for n in names)


def _merge(groups: list[list[str]], pts: dict[str, complex]) -> list[list[str]]:
    """Unite groups of collinear points that share a point into one line each."""
    lines: list[list[str]] = []
    for group in groups:
        if len({pts[n] for n in group}) < 2:
            continue
        merged, changed = list(group), True
        while changed:
            changed, rest = False, []
            for line in lines:
                if any(n in merged for n in line) and _collinear(pts, [*line, *merged]):
                    merged, changed = list(dict.fromkeys([*line, *merged])), True
                else:
                    rest.append(line)
            lines = rest
        lines.append(merged)
    return lines


def _dedupe_circles(circles: list[Circle], goal: list[Circle]) -> list[Circle]:
    out: list[Circle] = []
    for c in circles:
        same = [o for o in [*out, *goal]
                if abs(o.center - c.center) <= 1e-7 * max(c.radius, 1e-12)
                and abs(o.radius - c.radius) <= 1e-7 * max(c.radius, 1e-12)]
        if not same and c.radius > 0:
            out.append(c)
    return out


def _perp_facts(diagram: Diagram) -> list[Atom]:
    out = []
    for _clause, call in diagram.problem.constructions():
        spec = lookup(call.name)
        if spec is not None and len(call.args) == len(spec.signature):
            out += [a for a in spec.instantiate(spec.facts, call.args) if a.predicate == "perp"]
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


def _right_angle(args: tuple[str, ...], pts: dict[str, complex], sc: Scene, goal: bool) -> None:
    if len(args) != 4 or any(a not in pts for a in args):
        return
    v, p, q = _vertex(pts, *args)
    if not p:
        return
    if not any(abs(e[0] - v) <= 1e-9 * max(abs(v), 1.0) for e in sc.right_angles):
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


# ---------------------------------------------------------------- rendering


def draw(diagram: Diagram, path: str | Path, *, highlight_goal: bool = True,
         dpi: int = 200) -> Path:
    """Draw `diagram` to `path`, SVG or PNG by its suffix; returns the path written."""
    fmt = check_format(path)
    return render(scene(diagram, highlight_goal), Path(path), fmt, dpi)


def _ends(pts: dict[str, complex], names: list[str]) -> tuple[complex, complex]:
    zs = [pts[n] for n in names]
    return max(((a, b) for a in zs for b in zs), key=lambda ab: abs(ab[0] - ab[1]))


def _bounds(sc: Scene) -> tuple[float, float, float, float]:
    zs = list(sc.points.values()) or [0j]
    x0, x1 = min(z.real for z in zs), max(z.real for z in zs)
    y0, y1 = min(z.imag for z in zs), max(z.imag for z in zs)
    size = max(x1 - x0, y1 - y0) or 1.0
    for c in [*sc.circles, *sc.goal_circles]:
        if c.radius <= 1.5 * size:  # a huge circle is shown as the arc crossing the figure
            x0, x1 = min(x0, c.center.real - c.radius), max(x1, c.center.real + c.radius)
            y0, y1 = min(y0, c.center.imag - c.radius), max(y1, c.center.imag + c.radius)
    pad = 0.09 * max(x1 - x0, y1 - y0, size)
    return x0 - pad, x1 + pad, y0 - pad, y1 + pad


def _to_segment(z: complex, a: complex, b: complex) -> float:
    if a == b:
        return abs(z - a)
    t = min(1.0, max(0.0, ((z - a) * (b - a).conjugate()).real / abs(b - a) ** 2))
    return abs(z - (a + t * (b - a)))


def _label_angles(sc: Scene, unit: float) -> dict[str, float]:
    """For each point, the direction of its label: away from the lines and circles through
    it, away from the figure's centre, and clear of other points and labels."""
    pts = sc.points
    centre = sum(pts.values()) / max(len(pts), 1)
    candidates = [2 * math.pi * k / 24 for k in range(24)]
    taken: list[complex] = []
    out: dict[str, float] = {}
    ends = [_ends(pts, line) for line in [*sc.lines, *sc.goal_lines]]
    circles = [*sc.circles, *sc.goal_circles]
    for name, z in pts.items():
        busy: list[float] = []
        for line in [*sc.lines, *sc.goal_lines]:
            if name in line:
                busy += [cmath.phase(e - z) for e in _ends(pts, line) if abs(e - z) > 1e-9 * unit]
        for c in [*sc.circles, *sc.goal_circles]:
            if abs(abs(z - c.center) - c.radius) <= 1e-6 * max(c.radius, unit):
                radial = cmath.phase(z - c.center)
                busy += [radial + math.pi / 2, radial - math.pi / 2, radial + math.pi]
        away = cmath.phase(z - centre) if abs(z - centre) > 1e-9 * unit else math.pi / 4

        def score(t: float, z: complex = z, busy: list[float] = busy, away: float = away) -> float:
            gap = min((abs(math.remainder(t - b, 2 * math.pi)) for b in busy), default=math.pi)
            spot = z + 1.6 * unit * cmath.exp(1j * t)
            crowd = sum(max(0.0, 1.4 - abs(spot - q) / unit) for q in [*pts.values(), *taken])
            crowd += sum(max(0.0, 0.9 - _to_segment(spot, e1, e2) / unit) for e1, e2 in ends)
            crowd += sum(max(0.0, 0.9 - abs(abs(spot - c.center) - c.radius) / unit)
                         for c in circles)
            return min(gap, 1.2) + 0.35 * math.cos(t - away) - crowd

        best = max(candidates, key=score)
        out[name] = best
        taken.append(z + 1.6 * unit * cmath.exp(1j * best))
    return out


def render(sc: Scene, path: Path, fmt: str, dpi: int = 200) -> Path:
    """Write the scene as a figure file (`fmt`: svg or png)."""
    import matplotlib
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Arc
    from matplotlib.patches import Circle as CirclePatch

    x0, x1, y0, y1 = _bounds(sc)
    w, h = x1 - x0, y1 - y0
    fig_w, fig_h = (6.0, max(6.0 * h / w, 2.5)) if w >= h else (max(6.0 * w / h, 2.5), 6.0)
    per_inch = max(w / fig_w, h / fig_h)  # equal aspect: widen the short direction to fit
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    x0, x1 = cx - per_inch * fig_w / 2, cx + per_inch * fig_w / 2
    y0, y1 = cy - per_inch * fig_h / 2, cy + per_inch * fig_h / 2
    unit = 0.1 * per_inch  # a tenth of an inch in diagram units
    with matplotlib.rc_context({"svg.hashsalt": "pappus", "svg.fonttype": "path",
                                "mathtext.fontset": "stix", "font.family": "STIXGeneral",
                                "path.simplify": False}):
        fig = Figure(figsize=(fig_w, fig_h), facecolor="white")
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_axis_off()
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        strokes: dict[tuple[str, float, int], list[list[tuple[float, float]]]] = {}

        def stroke(zs: list[complex], color: str, lw: float, order: int) -> None:
            strokes.setdefault((color, lw, order), []).append([(z.real, z.imag) for z in zs])

        for lines, color, lw, order in ((sc.lines, INK, 0.9, 2), (sc.goal_lines, GOAL, 1.7, 4)):
            for line in lines:
                stroke(list(_ends(sc.points, line)), color, lw, order)
        for v, p, q, goal in sc.right_angles:
            u1, u2 = (p - v) / abs(p - v), (q - v) / abs(q - v)
            s = (1.0 if goal else 0.8) * unit
            stroke([v + s * u1, v + s * (u1 + u2), v + s * u2], GOAL if goal else INK,
                   1.2 if goal else 0.7, 3)
        for a, b in sc.ticks:
            za, zb = sc.points[a], sc.points[b]
            if abs(zb - za) > 0:
                m, n = (za + zb) / 2, 1j * (zb - za) / abs(zb - za) * 0.6 * unit
                stroke([m - n, m + n], GOAL, 1.4, 4)
        for (color, lw, order), paths in strokes.items():
            ax.add_collection(LineCollection(paths, colors=color, linewidths=lw, zorder=order,
                                             capstyle="round", joinstyle="miter"))
        for circles, color, lw, order in ((sc.circles, INK, 0.8, 1),
                                          (sc.goal_circles, GOAL, 1.6, 3)):
            for c in circles:
                ax.add_patch(CirclePatch((c.center.real, c.center.imag), c.radius, fill=False,
                                         ec=color, lw=lw, zorder=order))
        for i, (v, t1, t2) in enumerate(sc.arcs):
            # a second arc at the same vertex goes a little further out
            r = unit * (1.5 if i == 0 or abs(v - sc.arcs[0][0]) > unit else 2.1)
            ax.add_patch(Arc((v.real, v.imag), 2 * r, 2 * r, theta1=math.degrees(t1),
                             theta2=math.degrees(t2), color=GOAL, lw=1.2, zorder=4))
        angles = _label_angles(sc, unit)
        for color, names in ((INK, [n for n in sc.points if n not in sc.goal_points]),
                             (GOAL, [n for n in sc.points if n in sc.goal_points])):
            ax.plot([sc.points[n].real for n in names], [sc.points[n].imag for n in names],
                    "o", ms=4.2, color=color, zorder=5, linestyle="none")
        for name, z in sc.points.items():
            spot = z + 1.6 * unit * cmath.exp(1j * angles[name])
            ax.text(spot.real, spot.imag, label(name), ha="center", va="center", fontsize=12,
                    fontstyle="italic", color=INK, zorder=6)
        try:
            if fmt == "svg":
                fig.savefig(path, format="svg", metadata={"Date": None})
            else:
                fig.savefig(path, format="png", dpi=dpi, metadata={"Software": None})
        except OSError as exc:
            raise FigureError(f"error: cannot write {path}: {exc.strerror or exc}") from None
    return path


_NAME = re.compile(r"^([A-Za-z]+)_?(\d+)?('*)$")


def label(name: str) -> str:
    """A point name as a book prints it: italic, digits as subscripts (`g1` -> $g_{1}$).
    Names of letters alone stay plain text (drawn in italics; mathtext is slow)."""
    m = _NAME.match(name)
    if not m or not (m.group(2) or m.group(3)):
        return name
    letters, digits, primes = m.groups()
    sub = f"_{{{digits}}}" if digits else ""
    return f"${letters}{sub}{primes}$"
