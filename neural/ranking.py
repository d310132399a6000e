"""Numeric cues of candidate auxiliary points, and the score that ranks them.

For every candidate, all at once with numpy: which existing lines and circles it lands on
(incidences with the loci it was built on do not count), whether it is the midpoint of
two existing points, how many existing points it is equidistant from beyond what its
construction says, how relevant the points it uses and the objects it lands on are to
the goal, and how far out of the figure it lies. The score is a weighted sum of these
cues plus a prior for the kind; candidates that would coincide with an existing point
or land far away are marked invalid (score -inf).
"""

from __future__ import annotations

import numpy as np

from .heuristics import Candidate
from .objects import CircleObj, Figure, LineObj

# How much each cue is worth; a cue is a count or a relevance in [0, 1].
WEIGHTS: dict[str, float] = {
    "line": 1.0,  # lands on a drawn line (or one with three or more points)
    "line2": 0.5,  # lands on a line through two existing points
    "circle": 1.0,  # lands on a drawn circle (or one with four or more points)
    "circle3": 0.6,  # lands on a circle through three existing points
    "midpoint": 0.7,  # is the midpoint of two existing points
    "equal": 0.3,  # equidistant from existing points, beyond its construction (capped)
    "goal_uses": 1.0,  # relevance of the points it is built from
    "goal_objects": 0.6,  # relevance of the objects it lands on
    "goal_equal": 0.6,  # equidistant from goal points, beyond its construction
    "far": -0.3,  # distance beyond FAR_FROM spreads from the figure's centre, in spreads
}

# A prior per kind: simple, common auxiliary points first.
PRIORS: dict[str, float] = {
    "midpoint": 1.0, "foot": 0.9, "circumcenter": 0.8, "line_line": 0.7, "mirror": 0.5,
    "reflect": 0.5, "line_circle": 0.6, "circle_circle": 0.5, "arc_midpoint": 0.6,
    "antipode": 0.6, "orthocenter": 0.6, "incenter": 0.5, "excenter": 0.3,
    "parallelogram": 0.4, "bisector_foot": 0.4, "perp_line": 0.3, "para_line": 0.3,
    "bline_line": 0.3, "extension": 0.2, "circle_perp": 0.3, "circle_para": 0.3,
    "tangents": 0.5, "tangent_line": 0.3,
}

EQUAL_CAP = 3
FAR_FROM = 2.0


def _strong_line(ln: LineObj) -> bool:
    return ln.drawn or len(ln.points) >= 3


def _strong_circle(c: CircleObj) -> bool:
    return c.drawn or len(c.points) >= 4 or (c.center_point is not None and len(c.points) >= 3)


def _equal_runs(d: np.ndarray, tol: float) -> np.ndarray:
    """Per row: points in groups of equal values minus the number of groups."""
    if d.shape[1] < 2:
        return np.zeros(d.shape[0])
    s = np.sort(d, axis=1)
    return np.count_nonzero(np.diff(s, axis=1) <= tol, axis=1).astype(float)


def _padded(rows: list[tuple], width: int, fill: complex | float) -> np.ndarray:
    out = np.full((len(rows), max(width, 1)), fill, dtype=complex)
    for k, row in enumerate(rows):
        out[k, :len(row)] = row
    return out


def _drop_built_lines(on_line: np.ndarray, cands: list[Candidate], fig: Figure,
                      tol: float) -> None:
    """Clear the incidences of candidates with lines they were built on."""
    rows, cols = np.nonzero(on_line)
    if not len(rows):
        return
    width = max(len(c.lines) for c in cands)
    origin = _padded([tuple(o for o, _ in c.lines) for c in cands], width, np.nan)
    direction = _padded([tuple(u for _, u in c.lines) for c in cands], width, np.nan)
    p = np.array([fig.z[ln.points[0]] for ln in fig.lines])[cols][:, None]
    q = np.array([fig.z[ln.points[1]] for ln in fig.lines])[cols][:, None]
    o, u = origin[rows], np.conj(direction[rows])
    built = ((np.abs(((p - o) * u).imag) <= tol) & (np.abs(((q - o) * u).imag) <= tol)).any(axis=1)
    on_line[rows[built], cols[built]] = False


def _on_circles(x: np.ndarray, cands: list[Candidate], fig: Figure,
                circles: list[CircleObj]) -> np.ndarray:
    """Incidences of the points x (of cands) with circles, less the circles they were built
    on."""
    tol = fig.tol
    cc = np.array([c.center for c in circles], dtype=complex).reshape(-1)
    cr = np.array([c.radius for c in circles], dtype=float).reshape(-1)
    on = np.abs(np.abs(x[:, None] - cc[None, :]) - cr[None, :]) <= tol
    rows, cols = np.nonzero(on)
    if not len(rows):
        return on
    width = max(len(c.circles) for c in cands)
    center = _padded([tuple(o for o, _ in c.circles) for c in cands], width, np.nan)
    radius = _padded([tuple(r for _, r in c.circles) for c in cands], width, np.nan).real
    ccol, rcol = cc[cols][:, None], cr[cols][:, None]
    built = ((np.abs(center[rows] - ccol) <= tol) & (np.abs(radius[rows] - rcol) <= tol))
    built = built.any(axis=1)
    on[rows[built], cols[built]] = False
    return on


CUES = tuple(WEIGHTS)
# Circles through three points only (there are many) are checked for the best candidates
# after a first ranking without them: at least this many, or four times the limit.
SECOND_STAGE = 1500


def score(fig: Figure, cands: list[Candidate], weights: dict[str, float] | None = None,
          priors: dict[str, float] | None = None, limit: int = 0) -> None:
    """Set the `score` of every candidate (-inf: not acceptable).

    Cues of circles through only three points are added for the best
    max(SECOND_STAGE, 4 * limit) candidates of a first ranking without them.
    """
    w = WEIGHTS if weights is None else weights
    prior = PRIORS if priors is None else priors
    if not cands:
        return
    frame, tol = fig.frame, fig.tol
    x = np.array([c.z for c in cands], dtype=complex)
    z = fig.z
    dist = np.abs(x[:, None] - z[None, :])
    ok = (dist.min(axis=1) >= frame.min_sep) & (np.abs(x - frame.center) <= 10 * frame.radius)

    lines = fig.lines
    lp = np.array([ln.origin for ln in lines], dtype=complex)
    lu = np.array([ln.direction for ln in lines], dtype=complex)
    on_line = np.abs((np.conj(lu)[None, :] * (x[:, None] - lp[None, :])).imag) <= tol
    _drop_built_lines(on_line, cands, fig, tol)
    strong = [c for c in fig.circles if _strong_circle(c)]
    weak = [c for c in fig.circles if not _strong_circle(c)]
    on_circle = _on_circles(x, cands, fig, strong)
    ia, ib = np.triu_indices(len(z), 1)
    on_mid = np.abs(x[:, None] - ((z[ia] + z[ib]) / 2)[None, :]) <= tol
    pair = {(int(a), int(b)): k for k, (a, b) in enumerate(zip(ia, ib, strict=True))}
    for k, c in enumerate(cands):
        if c.kind == "midpoint":
            on_mid[k, pair[tuple(sorted(c.uses[:2]))]] = False  # type: ignore[index]

    weight = fig.weight
    strong_l = np.array([_strong_line(ln) for ln in lines], dtype=bool)
    line_w = np.array([max(weight[p] for p in ln.points) for ln in lines])
    mid_w = np.maximum(weight[ia], weight[ib])
    goal = sorted(fig.goal)
    implied = np.array([max(0, len(set(c.equal)) - 1) for c in cands], dtype=float)
    implied_goal = np.array([max(0, len(set(c.equal) & fig.goal) - 1) for c in cands],
                            dtype=float)
    cues = np.zeros((len(cands), len(CUES)))
    col = {name: i for i, name in enumerate(CUES)}
    cues[:, col["line"]] = (on_line & strong_l).sum(axis=1)
    cues[:, col["line2"]] = (on_line & ~strong_l).sum(axis=1)
    cues[:, col["circle"]] = on_circle.sum(axis=1)
    cues[:, col["midpoint"]] = on_mid.sum(axis=1)
    cues[:, col["equal"]] = np.clip(_equal_runs(dist, tol) - implied, 0, EQUAL_CAP)
    if goal:
        cues[:, col["goal_equal"]] = np.clip(_equal_runs(dist[:, goal], tol) - implied_goal,
                                             0, None)
    cues[:, col["goal_uses"]] = [sum(weight[p] for p in c.uses) / max(len(c.uses), 1)
                                 for c in cands]
    cues[:, col["goal_objects"]] = (on_line @ line_w + on_mid @ mid_w
                                    + on_circle @ _circle_weights(strong, weight))
    cues[:, col["far"]] = np.clip(np.abs(x - frame.center) / frame.radius - FAR_FROM, 0, None)
    wvec = np.array([w[name] for name in CUES])
    total = cues @ wvec + np.array([prior.get(c.kind, 0.0) for c in cands])
    total[~ok] = -np.inf
    if weak:
        top = np.argsort(-total, kind="stable")[:max(SECOND_STAGE, 4 * limit)]
        top = top[np.isfinite(total[top])]
        on_weak = _on_circles(x[top], [cands[k] for k in top], fig, weak)
        extra = np.zeros((len(top), len(CUES)))
        extra[:, col["circle3"]] = on_weak.sum(axis=1)
        extra[:, col["goal_objects"]] = on_weak @ _circle_weights(weak, weight)
        total[top] += extra @ wvec
    for c, v in zip(cands, total.tolist(), strict=True):
        c.score = v


def _circle_weights(circles: list[CircleObj], weight: np.ndarray) -> np.ndarray:
    return np.array([max(weight[p] for p in c.points) for c in circles]).reshape(-1)
